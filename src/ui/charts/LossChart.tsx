import { useId, useMemo, useState } from 'react';
import type { PointerEvent as ReactPointerEvent, ReactElement } from 'react';
import { svgSafeId } from './chartUtils';
import {
  effectiveZoom, formatLoss, formatSteps, lossAriaLabel, lossChartGeometry, lossChartLayout, stepRangeFromPixels,
} from './lossChartData';
import type { LossChartGeometry } from './lossChartData';
import { DEFAULT_SMOOTHING, emaSeries } from './lossSmoothing';
import { useElementWidth } from './useElementWidth';
import './charts.css';
import './lossCharts.css';

export interface LossChartProps {
  /** per-step loss L_simple, losses[i] of step i + 1; only the first `length` entries are read */
  losses: Float32Array;
  /** number of valid steps in `losses` */
  length: number;
  /** EMA factor α of the smoothed curve (weight of the previous average); default 0.98 */
  smoothing?: number;
  logScale: boolean;
  onLogScaleChange: (v: boolean) => void;
  /** SVG height in px; default 240 */
  height?: number;
}

/** Colours of the two curves; they also differ in width and opacity, and the legend names them. */
const RAW_COLOR = '#4a78b0';
const EMA_COLOR = '#0b3d75';

/** Axes, grid, the two curves and the latest-value dot. */
function Plot({ g, clipId }: { g: LossChartGeometry; clipId: string }): ReactElement {
  const { layout, xTicks, yTicks, rawPath, emaPath, latest } = g;
  const { margins, width, height } = layout;
  const left = margins.left;
  const right = width - margins.right;
  const top = margins.top;
  const bottom = height - margins.bottom;
  return (
    <g>
      <defs>
        <clipPath id={clipId}>
          <rect x={left} y={top - 2} width={right - left} height={bottom - top + 4} />
        </clipPath>
      </defs>
      <text className="chart-axis-label" x={left} y={top - 8}>L_simple</text>
      {xTicks.map((tick) => (
        <g key={`x${tick.value}`}>
          <line className="chart-grid" x1={tick.pos} x2={tick.pos} y1={top} y2={bottom} />
          <text className="chart-tick-label" x={tick.pos} y={bottom + 15} textAnchor="middle">{tick.label}</text>
        </g>
      ))}
      {yTicks.map((tick) => (
        <g key={`y${tick.value}`}>
          <line className="chart-grid" x1={left} x2={right} y1={tick.pos} y2={tick.pos} />
          <text className="chart-tick-label" x={left - 5} y={tick.pos} textAnchor="end" dominantBaseline="middle">{tick.label}</text>
        </g>
      ))}
      <rect className="chart-frame" x={left} y={top} width={right - left} height={bottom - top} />
      <text className="chart-axis-label" x={(left + right) / 2} y={bottom + 34} textAnchor="middle">step</text>
      <g clipPath={`url(#${clipId})`}>
        <path className="loss-raw" d={rawPath} stroke={RAW_COLOR} />
        <path className="loss-ema" d={emaPath} stroke={EMA_COLOR} />
        {latest !== null && <circle className="loss-latest" cx={latest.x} cy={latest.y} r={3.5} fill={EMA_COLOR} />}
      </g>
    </g>
  );
}

/** A short line in a curve's style, for the legend. */
function Swatch({ kind }: { kind: 'raw' | 'ema' }): ReactElement {
  return (
    <svg className="chart-swatch" width="30" height="10" viewBox="0 0 30 10" aria-hidden="true">
      {kind === 'raw'
        ? <path className="loss-raw" d="M1,6 L5,3 L9,8 L13,2 L17,7 L21,4 L25,8 L29,5" stroke={RAW_COLOR} />
        : <line className="loss-ema" x1="1" x2="29" y1="5" y2="5" stroke={EMA_COLOR} />}
    </svg>
  );
}

/**
 * The training loss L_simple against the step: every step's loss, faint and thin, and its
 * exponential moving average, bold. The whole history is drawn, downsampled to min/max buckets of
 * about one px, so 100,000 steps redraw in a few milliseconds. Dragging across the plot zooms to a
 * step range (the view then stays put while training goes on); "Reset zoom" or a double-click
 * returns to the whole history, which follows new steps.
 */
export function LossChart({
  losses, length, smoothing = DEFAULT_SMOOTHING, logScale, onLogScaleChange, height,
}: LossChartProps): ReactElement {
  const [boxRef, chartWidth] = useElementWidth<HTMLDivElement>();
  const clipId = svgSafeId(useId());
  const checkboxId = useId();
  const n = Math.max(0, Math.min(Math.floor(length), losses.length));

  // 1. zoom (a step range, or null for the whole history) and the brush being dragged, in px
  const [zoomState, setZoom] = useState<[number, number] | null>(null);
  const [brush, setBrush] = useState<{ from: number; to: number } | null>(null);
  const zoom = useMemo(() => effectiveZoom(zoomState, n), [zoomState, n]);
  const zoomed = zoom !== null;

  // 2. the moving average over the whole history, then the geometry; both keyed on the length,
  //    since the buffer is reused and grows while training
  const ema = useMemo(() => emaSeries(losses, n, smoothing), [losses, n, smoothing]);
  const geometry = useMemo(
    () => (n === 0 ? null : lossChartGeometry({
      losses, length: n, ema, width: chartWidth, height, zoom, logScale,
    })),
    [losses, n, ema, chartWidth, height, zoom, logScale],
  );
  const layout = geometry?.layout ?? lossChartLayout(chartWidth, height);
  const { margins } = layout;
  const left = margins.left;
  const right = layout.width - margins.right;
  const top = margins.top;
  const bottom = layout.height - margins.bottom;
  const latestSmoothed = n > 0 ? ema[n - 1] : undefined;

  // 3. brushing: pointer capture keeps the drag alive off the chart; the rectangle is clamped to the plot
  const toPlotX = (e: ReactPointerEvent<SVGSVGElement>): number | null => {
    const rect = e.currentTarget.getBoundingClientRect();
    if (rect.width <= 0) return null;
    return (e.clientX - rect.left) * (layout.width / rect.width);
  };
  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>): void => {
    if (geometry === null || n < 2) return;
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const px = toPlotX(e);
    if (px === null || px < left || px > right) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setBrush({ from: px, to: px });
  };
  const onPointerMove = (e: ReactPointerEvent<SVGSVGElement>): void => {
    if (brush === null || !e.currentTarget.hasPointerCapture(e.pointerId)) return;
    const px = toPlotX(e);
    if (px !== null) setBrush({ from: brush.from, to: Math.min(right, Math.max(left, px)) });
  };
  const onPointerUp = (): void => {
    if (brush === null || geometry === null) return;
    const range = stepRangeFromPixels(brush.from, brush.to, geometry.invertX, n);
    if (range !== null) setZoom(range);
    setBrush(null);
  };
  const cancelBrush = (): void => {
    if (brush !== null) setBrush(null);
  };

  return (
    <figure className="chart-root chart-loss" ref={boxRef}>
      <div className="loss-controls">
        <label htmlFor={checkboxId} className="loss-toggle">
          <input
            id={checkboxId}
            type="checkbox"
            checked={logScale}
            onChange={(e) => onLogScaleChange(e.currentTarget.checked)}
          />
          Log scale
        </label>
        <button type="button" disabled={!zoomed} onClick={() => setZoom(null)}>Reset zoom</button>
        <span className="loss-hint">
          {zoom !== null ? `steps ${formatSteps(zoom[0])}–${formatSteps(zoom[1])}` : n >= 2 ? 'drag across the plot to zoom' : ''}
        </span>
      </div>
      <svg
        className={geometry === null ? 'chart-svg' : 'chart-svg loss-brushable'}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        width={layout.width}
        height={layout.height}
        role="img"
        aria-label={lossAriaLabel(n, latestSmoothed, zoom)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={cancelBrush}
        onLostPointerCapture={cancelBrush}
        onDoubleClick={() => setZoom(null)}
      >
        {geometry === null ? (
          <g>
            <rect className="chart-frame" x={left} y={top} width={right - left} height={bottom - top} />
            <text className="loss-empty" x={(left + right) / 2} y={(top + bottom) / 2} textAnchor="middle" dominantBaseline="middle">
              No steps yet
            </text>
          </g>
        ) : (
          <Plot g={geometry} clipId={clipId} />
        )}
        {brush !== null && Math.abs(brush.to - brush.from) > 0 && (
          <rect
            className="loss-brush"
            x={Math.min(brush.from, brush.to)}
            y={top}
            width={Math.abs(brush.to - brush.from)}
            height={bottom - top}
          />
        )}
      </svg>
      <figcaption>
        <ul className="chart-legend">
          <li><Swatch kind="raw" /><span>per step (faint)</span></li>
          <li><Swatch kind="ema" /><span>smoothed (bold)</span></li>
          <li>
            <span>smoothed now</span>
            <span className="chart-legend-value">{formatLoss(latestSmoothed)}</span>
            {n > 0 && <span className="loss-step-count">after {formatSteps(n)} step{n === 1 ? '' : 's'}</span>}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}

