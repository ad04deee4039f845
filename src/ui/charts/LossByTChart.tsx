import { useMemo } from 'react';
import type { ReactElement } from 'react';
import { formatLoss } from './lossChartData';
import { binLabel, lossBins, lossByTAriaLabel, lossByTGeometry } from './lossByTData';
import type { LossBar } from './lossByTData';
import { useElementWidth } from './useElementWidth';
import './charts.css';
import './lossCharts.css';

export interface LossByTChartProps {
  /** first timestep of each bin; bin i is [edges[i], edges[i+1]), the last one up to T */
  edges: number[];
  /** mean loss L_simple in each bin; NaN for a bin no example has landed in yet */
  mean: number[];
  /** number of diffusion steps */
  T: number;
  logScale: boolean;
}

/** The tooltip of one bar. */
function barTitle(bar: LossBar): string {
  if (Number.isFinite(bar.bin.mean) && bar.empty) return `${binLabel(bar.bin)}: ${formatLoss(bar.bin.mean)} (not drawable on a log scale)`;
  return bar.empty ? `${binLabel(bar.bin)}: no samples yet` : `${binLabel(bar.bin)}: mean loss ${formatLoss(bar.bin.mean)}`;
}

/**
 * The mean training loss L_simple against the timestep t, in bins: one bar per bin, an empty dashed
 * outline for a bin without samples yet. It shows where the denoiser finds predicting ε hardest.
 */
export function LossByTChart({ edges, mean, T, logScale }: LossByTChartProps): ReactElement {
  const [boxRef, chartWidth] = useElementWidth<HTMLDivElement>();
  const bins = useMemo(() => lossBins(edges, mean, T), [edges, mean, T]);
  const geometry = useMemo(() => lossByTGeometry(bins, T, chartWidth, logScale), [bins, T, chartWidth, logScale]);
  const { layout, bars, xTicks, yTicks } = geometry;
  const { margins, width, height } = layout;
  const left = margins.left;
  const right = width - margins.right;
  const top = margins.top;
  const bottom = height - margins.bottom;
  const anyEmpty = bars.some((b) => b.empty);

  return (
    <figure className="chart-root chart-loss-by-t" ref={boxRef}>
      <p className="chart-caption">
        Mean loss by timestep. At small t the noise is tiny next to the digit, so ε is hard to read off
        x_t and the loss is highest there; at large t, x_t is almost pure noise, ε ≈ x_t, and the loss is low.
      </p>
      <svg
        className="chart-svg"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-label={lossByTAriaLabel(bins, T)}
      >
        <text className="chart-axis-label" x={left} y={top - 8}>L_simple</text>
        {yTicks.map((tick) => (
          <g key={`y${tick.value}`}>
            <line className="chart-grid" x1={left} x2={right} y1={tick.pos} y2={tick.pos} />
            <text className="chart-tick-label" x={left - 5} y={tick.pos} textAnchor="end" dominantBaseline="middle">{tick.label}</text>
          </g>
        ))}
        {bars.map((bar) => (
          <rect
            key={bar.bin.index}
            className={bar.empty ? 'loss-bar-empty' : 'loss-bar'}
            x={bar.x}
            y={bar.y}
            width={bar.width}
            height={bar.height}
          >
            <title>{barTitle(bar)}</title>
          </rect>
        ))}
        <rect className="chart-frame" x={left} y={top} width={right - left} height={bottom - top} />
        {xTicks.map((tick) => (
          <text key={tick.value} className="chart-tick-label" x={tick.pos} y={bottom + 15} textAnchor="middle">{tick.label}</text>
        ))}
        <text className="chart-axis-label" x={(left + right) / 2} y={bottom + 34} textAnchor="middle">t</text>
      </svg>
      <figcaption>
        <ul className="chart-legend">
          <li><span className="chart-swatch-bar" aria-hidden="true" /><span>mean loss in a bin of t</span></li>
          {anyEmpty && <li><span className="chart-swatch-empty" aria-hidden="true" /><span>no samples yet</span></li>}
        </ul>
      </figcaption>
    </figure>
  );
}
