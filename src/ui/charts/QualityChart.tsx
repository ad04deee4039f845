import { useMemo } from 'react';
import type { QualityPoint } from '../../engine/protocol';
import { qualityAriaLabel, qualityGeometry, qualityPointText } from './qualityChartData';
import { useElementWidth } from './useElementWidth';
import { YTicks } from './YTicks';
import './charts.css';

/**
 * "Is it a digit yet?": the meter's readings of a fixed-seed batch against the training step, the
 * share of confident digits above and the Fréchet distance (log scale, dashed floor) below.
 */
export function QualityChart({ points }: { points: QualityPoint[] }) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const g = useMemo(() => qualityGeometry(points, width), [points, width]);
  const line = (ys: (number | null)[]) =>
    g.points.flatMap((p, i) => (ys[i] === null ? [] : [`${p.x},${ys[i]}`])).join(' ');
  return (
    <figure className="chart-root chart-quality" ref={boxRef} data-testid="quality-chart">
      <p className="chart-caption">
        Every {points.length > 1 ? `${(points[1].step - points[0].step).toLocaleString('en-US')} steps or so` : 'few hundred steps'}, the same 32
        noises are sampled with 10 DDIM steps and read by the digit classifier: the share that is confidently a digit
        (top; for a model conditioned on the digit, each noise is asked for a digit in turn, guided with w = 2, and the dashed
        line is the share read as the digit asked for), and how far their features are from real digits (bottom; dashed: real digits, the floor). The loss
        flattens long before these do.
      </p>
      <svg className="chart-svg" viewBox={`0 0 ${g.width} ${g.height}`} width={g.width} height={g.height} role="img" aria-label={qualityAriaLabel(points)}>
        <text className="chart-axis-label" x={g.left} y={g.share.top - 6}>confidently digits</text>
        <YTicks ticks={g.share.ticks} left={g.left} right={g.right} keyPrefix="s" />
        <polyline className="quality-line" points={line(g.points.map((p) => p.yShare))} />
        {g.points.some((p) => p.yObeys !== null) && (
          <>
            <polyline className="quality-line quality-obeys" points={line(g.points.map((p) => p.yObeys))} />
            <text className="chart-axis-label" x={g.right} y={g.share.top - 6} textAnchor="end">dashed: the digit asked for</text>
          </>
        )}
        {g.points.map((p) => (
          <circle key={`s${p.point.step}`} className="quality-dot" cx={p.x} cy={p.yShare} r={3}>
            <title>{qualityPointText(p.point)}</title>
          </circle>
        ))}
        {g.fd && (
          <>
            <text className="chart-axis-label" x={g.left} y={g.fd.top - 6}>Fréchet distance (log)</text>
            <YTicks ticks={g.fd.ticks} left={g.left} right={g.right} keyPrefix="f" />
            {g.floorY !== null && <line className="quality-floor" x1={g.left} x2={g.right} y1={g.floorY} y2={g.floorY} />}
            <polyline className="quality-line" points={line(g.points.map((p) => p.yFd))} />
            {g.points.map((p) => p.yFd !== null && <rect key={`f${p.point.step}`} className="quality-dot" x={p.x - 3} y={p.yFd - 3} width={6} height={6}><title>{qualityPointText(p.point)}</title></rect>)}
          </>
        )}
        {g.xTicks.map((t) => (
          <text key={t.label} className="chart-tick-label" x={t.pos} y={g.height - 20} textAnchor="middle">{t.label}</text>
        ))}
        <text className="chart-axis-label" x={(g.left + g.right) / 2} y={g.height - 4} textAnchor="middle">training step</text>
      </svg>
      <details>
        <summary>The readings as text</summary>
        <ol className="quality-list">
          {points.map((p) => <li key={p.step}>{qualityPointText(p)}</li>)}
        </ol>
      </details>
    </figure>
  );
}
