import { memo, useMemo } from 'react';
import { qSampleArray } from '../../../diffusion/forward';
import type { Schedule } from '../../../diffusion/schedule';
import { DigitCanvas } from '../../DigitCanvas';
import { Tex } from '../../math/Tex';

export interface ChainFigureProps {
  x0: Float32Array;
  eps: Float32Array;
  schedule: Schedule;
  t: number;
}

/**
 * The paper's Figure 2: x_T → ⋯ → x_t → x_{t−1} → ⋯ → x_0, with the reverse transitions
 * p_θ(x_{t−1}|x_t) drawn left to right and the forward q(x_t|x_{t−1}) dashed right to left; each node
 * is the current digit at that timestep, and the pair around the current t is highlighted.
 */
export const ChainFigure = memo(function ChainFigure({ x0, eps, schedule, t }: ChainFigureProps) {
  const T = schedule.T;
  const tc = Math.min(T, Math.max(1, t)); // the pair x_t, x_{t−1} needs t ≥ 1
  // the ends do not move with t: a scrub computes and redraws the pair only
  const ends = useMemo(() => ({ xT: qSampleArray(x0, eps, T, schedule), x0 }), [x0, eps, schedule, T]);
  const pair = useMemo(() => [qSampleArray(x0, eps, tc, schedule), qSampleArray(x0, eps, tc - 1, schedule)], [x0, eps, schedule, tc]);
  const nodes = [
    { t: T, tex: '\\mathbf{x}_T', x: ends.xT },
    { t: tc, tex: '\\mathbf{x}_t', x: pair[0] },
    { t: tc - 1, tex: '\\mathbf{x}_{t-1}', x: pair[1] },
    { t: 0, tex: '\\mathbf{x}_0', x: ends.x0 },
  ];
  return (
    <figure className="chain-figure">
      <div className="chain-row">
        {nodes.map((n, i) => (
          <div key={n.tex} className="chain-cell">
            <div className={`chain-node ${i === 1 || i === 2 ? 'chain-node-current' : ''}`}>
              <DigitCanvas pixels={n.x} size={56} label={`x at t = ${n.t}`} />
              <Tex tex={n.tex} />
              <span className="chain-node-t">t = {n.t}</span>
            </div>
            {i < nodes.length - 1 &&
              (i === 1 ? (
                <div className="chain-link chain-link-current">
                  <span className="chain-arrow chain-arrow-reverse">
                    <Tex tex={'p_\\theta(\\mathbf{x}_{t-1}\\mid\\mathbf{x}_t)'} /> <span aria-hidden="true">⟶</span>
                  </span>
                  <span className="chain-arrow chain-arrow-forward">
                    <span aria-hidden="true">⟵</span> <Tex tex={'q(\\mathbf{x}_t\\mid\\mathbf{x}_{t-1})'} />
                  </span>
                </div>
              ) : (
                <div className="chain-link" aria-hidden="true">
                  ⟶ ⋯ ⟶
                </div>
              ))}
          </div>
        ))}
      </div>
      <figcaption>
        The chain of the paper’s Figure 2 for the current digit. Solid: the learned reverse step p<sub>θ</sub>, from noise
        towards data. Dashed: the fixed forward step q, which adds a little Gaussian noise. The images are drawn with
        eq. 4 and one shared ε, so two neighbours are not one step of eq. 2 apart: each is q(x<sub>t</sub>|x<sub>0</sub>) at
        its own t.
      </figcaption>
    </figure>
  );
});
