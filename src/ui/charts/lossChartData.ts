/**
 * Pure data and geometry of the training-loss chart: the per-step loss L_simple (eq. 14) and its
 * exponential moving average against the step, downsampled to about one bucket per pixel
 * (lossDecimation.ts), scaled (lossAxes.ts) and turned into SVG paths by d3; the brushed zoom and the
 * chart's texts. React draws them.
 *
 * Index convention: losses[i] is the loss of step s = i + 1.
 */
import { format, scaleLinear } from 'd3';
import { formatSig3 } from './chartUtils';
import type { Margins } from './chartUtils';
import type { Tick } from './scheduleChartData';
import { fullStepDomain, lossYDomain, lossYScale, lossYTicks, stepTicks, type LossScale } from './lossAxes';
import { accepted, downsampleMinMax, emaPoints, rawPoints, stepPath } from './lossDecimation';

/** The default smoothing of the loss chart (defined with the moving average in lossSmoothing.ts). */
export { DEFAULT_SMOOTHING } from './lossSmoothing';

/** Plot area and SVG size in px. */
export interface LossChartLayout {
  width: number;
  height: number;
  margins: Margins;
}

/** The default height of the loss chart in px. */
export const LOSS_CHART_HEIGHT = 240;

/** The layout of a loss chart `width` px wide: narrower left margin under 420 px, height at least 140 px. */
export function lossChartLayout(width: number, height: number = LOSS_CHART_HEIGHT): LossChartLayout {
  return { width, height: Math.max(140, height), margins: { top: 22, right: 14, bottom: 40, left: width < 420 ? 46 : 54 } };
}

/** Everything the chart draws for one history, width, zoom and scale. */
export interface LossChartGeometry {
  layout: LossChartLayout;
  /** the x domain, in steps */
  domain: [number, number];
  x: (step: number) => number;
  /** px → step, for the brush */
  invertX: (px: number) => number;
  y: LossScale;
  /** the raw loss, min/max per bucket */
  rawPath: string;
  /** the moving average, one point per bucket */
  emaPath: string;
  /** the last point of the moving average in px, when it is in view */
  latest: { x: number; y: number } | null;
  xTicks: Tick[];
  yTicks: Tick[];
  /** number of buckets (about one per px) */
  buckets: number;
}

/** What lossChartGeometry draws from: the history, its smoothed series, the size, zoom and scale. */
export interface LossChartInput {
  losses: ArrayLike<number>;
  length: number;
  ema: ArrayLike<number>;
  width: number;
  height?: number;
  /** a zoomed step range, or null for the whole history [1, length] */
  zoom: [number, number] | null;
  logScale: boolean;
}

/**
 * Scales, ticks and paths of the loss chart. Only the steps in view (plus one on each side, so the
 * lines run on to the clipped edge) are bucketed, into about one bucket per px of plot width; the y
 * domain fits the raw loss in view.
 */
export function lossChartGeometry(input: LossChartInput): LossChartGeometry {
  const { losses, ema, width, zoom, logScale } = input;
  const length = Math.max(0, Math.min(Math.floor(input.length), losses.length, ema.length));
  const layout = lossChartLayout(width, input.height);
  const { margins, height } = layout;
  const left = margins.left;
  const right = width - margins.right;
  const plotWidth = Math.max(1, right - left);

  // 1. the x domain and the index range in view
  const domain: [number, number] = zoom ?? fullStepDomain(length);
  const xScale = scaleLinear().domain(domain).range([left, right]);
  const first = Math.max(0, Math.ceil(domain[0]) - 2);
  const end = Math.min(length, Math.floor(domain[1]) + 1);

  // 2. buckets of about one px, and the y domain from the raw loss in view
  const bucketCount = Math.max(1, Math.round(plotWidth));
  const b = downsampleMinMax(losses, first, end, bucketCount, logScale);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < b.count; k++) {
    if (b.min[k] < lo) lo = b.min[k];
    if (b.max[k] > hi) hi = b.max[k];
  }
  const y = lossYScale(lossYDomain(lo, hi, logScale), [height - margins.bottom, margins.top], logScale);

  // 3. paths
  const x = (step: number): number => xScale(step);
  const rawPath = stepPath(rawPoints(b), x, y);
  const emaPath = stepPath(emaPoints(ema, b, logScale), x, y);
  let latest: { x: number; y: number } | null = null;
  if (length > 0 && length >= domain[0] && length <= domain[1] && accepted(ema[length - 1], logScale)) {
    latest = { x: x(length), y: y(ema[length - 1]) };
  }
  return {
    layout,
    domain,
    x,
    invertX: (px) => xScale.invert(px),
    y,
    rawPath,
    emaPath,
    latest,
    xTicks: stepTicks(x, domain, Math.max(2, Math.min(8, Math.floor(plotWidth / 75)))),
    yTicks: lossYTicks(y, logScale),
    buckets: b.count,
  };
}

/**
 * The step range brushed between two horizontal positions in px, rounded outwards to whole steps and
 * clamped to [1, length]; null for a click (under 4 px) or when under two steps would be left.
 */
export function stepRangeFromPixels(
  px0: number, px1: number, invertX: (px: number) => number, length: number,
): [number, number] | null {
  if (Math.abs(px1 - px0) < 4 || length < 2) return null;
  const a = invertX(Math.min(px0, px1));
  const b = invertX(Math.max(px0, px1));
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  const lo = Math.max(1, Math.floor(a));
  const hi = Math.min(length, Math.ceil(b));
  return hi - lo >= 1 ? [lo, hi] : null;
}

/** A zoom that still makes sense for a history of `length` steps (it may have been reset), else null. */
export function effectiveZoom(zoom: [number, number] | null, length: number): [number, number] | null {
  if (zoom === null || length < 2 || zoom[0] >= length) return null;
  return [zoom[0], Math.min(zoom[1], Math.max(length, zoom[0] + 1))];
}

/** A loss value as printed: three significant digits, "—" when undefined. */
export function formatLoss(v: number | undefined): string {
  return v !== undefined && Number.isFinite(v) ? formatSig3(v) : '—';
}

/** Step counts with a thousands separator: 1,234. */
export const formatSteps = format(',');

/** "Training loss over 1,234 steps; smoothed loss now 0.0412". */
export function lossAriaLabel(length: number, latestSmoothed: number | undefined, zoom: [number, number] | null): string {
  if (length <= 0) return 'Training loss: no steps yet';
  const steps = `${formatSteps(length)} step${length === 1 ? '' : 's'}`;
  const shown = zoom === null ? '' : ` (zoomed to steps ${formatSteps(zoom[0])}–${formatSteps(zoom[1])})`;
  return `Training loss over ${steps}${shown}; smoothed loss now ${formatLoss(latestSmoothed)}`;
}
