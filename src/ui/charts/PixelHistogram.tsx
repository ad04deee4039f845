import { memo, useId, useMemo } from 'react';
import type { ReactElement, RefObject } from 'react';
import type { Schedule } from '../../diffusion/schedule';
import { pixelDensity } from '../../diffusion/pixelDraws';
import type { PixelDrawResult } from '../../diffusion/pixelDrawJob';
import { clampTimestep, formatSig3, svgSafeId } from './chartUtils';
import {
  HISTOGRAM_BINS, HISTOGRAM_HI, HISTOGRAM_LO, histogramAriaLabel, histogramGeometry, momentsReadout, plural,
} from './histogramData';
import { useElementWidth } from './useElementWidth';
import { useLateFlag } from './useLateFlag';
import { usePixelDraws } from './usePixelDraws';
import './charts.css';

export interface PixelHistogramProps {
  /** the pixel's value in x_0, in [−1, 1] */
  x0: number;
  /** the timestep, 0 … T */
  t: number;
  schedule: Schedule;
  /** 'closed': x_t by eq. 4 in one step; 'chain': t steps of eq. 2 (cost O(draws · t)) */
  mode: 'closed' | 'chain';
  seed: number;
  /** number of draws; default 2000 */
  draws?: number;
  /** which pixel, e.g. "pixel (14, 9)" */
  pixelLabel: string;
  /** a fixed width in px; by default the chart fills its container */
  width?: number;
}

const DEFAULT_DRAWS = 2000;
/** How long an answer may lag before the chart says it is updating (most come within a frame or two). */
const STALE_AFTER_MS = 200;
const HISTOGRAM_RANGE = { lo: HISTOGRAM_LO, hi: HISTOGRAM_HI, bins: HISTOGRAM_BINS };

/**
 * A histogram of many independent draws of one pixel of x_t, by eq. 4 or by the chain of eq. 2, on a
 * fixed range so the learner sees the distribution move towards 0 and spread to N(0, 1), with the
 * density N(√ᾱ_t x_0, 1 − ᾱ_t) of eq. 4 drawn over it (a spike at x_0 for t = 0). The draws run in a
 * worker, so the chain (which costs O(draws · t)) never holds up the slider that sets t.
 */
export function PixelHistogram({
  x0, t, schedule, mode, seed, draws = DEFAULT_DRAWS, pixelLabel, width,
}: PixelHistogramProps): ReactElement {
  const [boxRef, chartWidth] = useElementWidth<HTMLDivElement>(width);
  const clipId = svgSafeId(useId());
  const tNow = clampTimestep(t, schedule.T);
  const count = Math.max(0, Math.floor(draws));

  // 1. the draws, and their histogram and moments, from the histogram's worker (the last answer until
  // the newest arrives; a scrub never waits for them)
  const { t: drawnT, hist, sample } = usePixelDraws({ x0, t: tNow, schedule, mode, count, seed, range: HISTOGRAM_RANGE });
  // the answer may still belong to a previous, longer schedule
  const tShown = Math.min(drawnT, schedule.T);
  // 2. the density of eq. 4 and the geometry
  const density = useMemo(() => pixelDensity(x0, tShown, schedule), [x0, tShown, schedule]);
  const geometry = useMemo(() => histogramGeometry(hist, density, chartWidth), [hist, density, chartWidth]);
  const stale = useLateFlag(tShown !== tNow, hist, STALE_AFTER_MS);
  return (
    <HistogramFigure
      boxRef={boxRef} clipId={clipId} count={count} pixelLabel={pixelLabel} mode={mode} tShown={tShown} stale={stale}
      sample={sample} outside={hist.outside} density={density} geometry={geometry}
    />
  );
}

interface HistogramFigureProps {
  boxRef: RefObject<HTMLDivElement | null>;
  clipId: string;
  count: number;
  pixelLabel: string;
  mode: 'closed' | 'chain';
  /** the timestep the draws are from */
  tShown: number;
  stale: boolean;
  sample: PixelDrawResult['sample'];
  /** draws outside the chart's range */
  outside: number;
  density: ReturnType<typeof pixelDensity>;
  geometry: ReturnType<typeof histogramGeometry>;
}

/**
 * The chart itself. Memoised: on each step of a scrub the histogram asks for new draws, but what it
 * shows changes only when they arrive (a frame or two later).
 */
const HistogramFigure = memo(function HistogramFigure({
  boxRef, clipId, count, pixelLabel, mode, tShown, stale, sample, outside, density, geometry,
}: HistogramFigureProps): ReactElement {
  const { mean, variance } = density;

  const { layout, x, y, bars, densityPath, spikeX, clippedPeak, xTicks, yTicks } = geometry;
  const { margins, height } = layout;
  const left = margins.left;
  const right = layout.width - margins.right;
  const baseY = y(0);
  const topY = margins.top;
  const how = mode === 'chain' ? `${plural(tShown, 'step')} of eq. 2` : 'eq. 4 in one step';

  return (
    <figure className={stale ? 'chart-root chart-histogram chart-stale' : 'chart-root chart-histogram'} ref={boxRef}>
      <p className="chart-caption">
        {count} draws of {pixelLabel} at t = {tShown} ({how}){stale ? ' · updating…' : ''}
      </p>
      <svg
        className="chart-svg"
        viewBox={`0 0 ${layout.width} ${height}`}
        width={layout.width}
        height={height}
        role="img"
        aria-label={histogramAriaLabel({ draws: count, pixelLabel, t: tShown, mode, sample, density, outside })}
      >
        <defs>
          <clipPath id={clipId}>
            <rect x={left} y={topY} width={right - left} height={baseY - topY} />
          </clipPath>
        </defs>
        {yTicks.map((tick) => (
          <g key={`y${tick.value}`}>
            <line className="chart-grid" x1={left} x2={right} y1={tick.pos} y2={tick.pos} />
            <text className="chart-tick-label" x={left - 5} y={tick.pos} textAnchor="end" dominantBaseline="middle">{tick.label}</text>
          </g>
        ))}
        {xTicks.map((tick) => (
          <g key={`x${tick.value}`}>
            <line className="chart-axis-tick" x1={tick.pos} x2={tick.pos} y1={baseY} y2={baseY + 4} />
            <text className="chart-tick-label" x={tick.pos} y={baseY + 16} textAnchor="middle">{tick.label}</text>
          </g>
        ))}
        <g className="chart-bars">
          {bars.map((bar) => (
            <rect key={bar.x} x={bar.x} y={bar.y} width={bar.width} height={bar.height} />
          ))}
        </g>
        {densityPath !== '' && <path className="chart-density" d={densityPath} clipPath={`url(#${clipId})`} />}
        {spikeX !== null && (
          <g className="chart-spike">
            <line x1={spikeX} x2={spikeX} y1={baseY} y2={topY + 6} />
            <path d={`M${spikeX - 5},${topY + 8}L${spikeX},${topY}L${spikeX + 5},${topY + 8}Z`} />
            <text className="chart-note" x={spikeX + (spikeX > (left + right) / 2 ? -8 : 8)} y={topY + 12} textAnchor={spikeX > (left + right) / 2 ? 'end' : 'start'}>
              all mass at x₀
            </text>
          </g>
        )}
        {clippedPeak !== null && (
          <text className="chart-note" x={x(mean) + (x(mean) > (left + right) / 2 ? -8 : 8)} y={topY + 12} textAnchor={x(mean) > (left + right) / 2 ? 'end' : 'start'}>
            peak {formatSig3(clippedPeak)} ↑
          </text>
        )}
        <line className="chart-axis" x1={left} x2={right} y1={baseY} y2={baseY} />
        <line className="chart-axis" x1={left} x2={left} y1={topY} y2={baseY} />
        <text className="chart-axis-label" x={(left + right) / 2} y={height - 8} textAnchor="middle">
          value of x_t at {pixelLabel}
        </text>
        <text className="chart-axis-label" transform={`translate(12 ${(topY + baseY) / 2}) rotate(-90)`} textAnchor="middle">
          density
        </text>
      </svg>
      <figcaption>
        <p className="chart-readout">{momentsReadout(sample, density)}</p>
        <ul className="chart-legend">
          <li>
            <span className="chart-swatch-bar" aria-hidden="true" />
            histogram of the draws
          </li>
          <li>
            <svg className="chart-swatch" width="30" height="10" viewBox="0 0 30 10" aria-hidden="true">
              <line className="chart-density" x1="1" x2="29" y1="5" y2="5" />
            </svg>
            {variance > 0 ? 'density N(√ᾱ_t x₀, 1 − ᾱ_t) of eq. 4' : 'point mass at x₀ (t = 0)'}
          </li>
          {outside > 0 && <li>{plural(outside, 'draw')} outside [−3.5, 3.5]</li>}
        </ul>
      </figcaption>
    </figure>
  );
});
