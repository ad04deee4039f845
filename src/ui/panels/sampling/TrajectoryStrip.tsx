import { useMemo } from 'react';
import { DigitImage } from '../../DigitCanvas';
import { filmstripPositions } from './samplingText';
import type { TrajectoryStore } from './trajectory';
import { toDisplay } from '../../../diffusion/stepCodes';

export interface TrajectoryStripProps {
  store: TrajectoryStore;
  position: number;
  chain: number;
  onJump: (position: number) => void;
}

/**
 * One chain across the run at about ten recorded steps: x̂_0 (the network's guess of the final digit)
 * above x_t. The guess settles the coarse shape early and the detail last. A click scrubs there.
 */
export function TrajectoryStrip({ store, position, chain, onJump }: TrajectoryStripProps) {
  const { length } = store;
  // the newest step of a thinned run is replaced in place as the run goes on
  const newest = store.stepAt(length - 1);
  const columns = useMemo(() => {
    return filmstripPositions(length).map((p) => {
      const step = p === length - 1 ? newest : store.stepAt(p);
      const x0Hat = store.partCodes(p, chain, 'x0Hat');
      return { p, t: store.tAt(p), tFrom: step?.tFrom ?? null, x: toDisplay(store.xCodes(p, chain)), x0Hat: x0Hat ? toDisplay(x0Hat) : null };
    });
  }, [store, length, newest, chain]);
  return (
    <div className="trajectory-strip">
      <div className="trajectory-rows" aria-hidden="true">
        <span>x̂₀</span>
        <span>xₜ</span>
      </div>
      <ol className="trajectory-frames" aria-label={`Chain ${chain + 1} across the run`}>
        {columns.map((col) => (
          <li key={col.p}>
            <button
              type="button"
              className="trajectory-frame"
              aria-current={col.p === position ? 'true' : undefined}
              aria-label={`Go to t = ${col.t}`}
              onClick={() => onJump(col.p)}
            >
              <DigitImage
                pixels={col.x0Hat}
                size={40}
                label={col.tFrom === null ? 'no x̂_0 yet' : `chain ${chain + 1}, x̂_0 predicted at t = ${col.tFrom}`}
              />
              <DigitImage pixels={col.x} size={40} label={`chain ${chain + 1}, x_t at t = ${col.t}`} />
              <span className="trajectory-t">{col.t}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
