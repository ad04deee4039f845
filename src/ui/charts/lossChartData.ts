/**
 * Pure data and geometry of the training-loss chart: the per-step loss L_simple (eq. 14) and its
 * exponential moving average against the step, downsampled to about one bucket per pixel so that
 * 100,000 steps redraw in a few milliseconds, scaled and turned into SVG paths by d3. React draws them.
 *
 * Index convention: losses[i] is the loss of step s = i + 1.
 */
import { format, line, scaleLinear, scaleLog, ticks as d3Ticks } from 'd3';
import type { ScaleContinuousNumeric } from 'd3';
import { formatSig3 } from './chartUtils';
import type { Margins } from './chartUtils';
import type { Tick } from './scheduleChartData';

/** Default EMA factor: the weight of the previous average (about the last 50 steps count). */
export const DEFAULT_SMOOTHING = 0.98;

/** A y scale of the loss charts: linear or logarithmic. */
export type LossScale = ScaleContinuousNumeric<number, number>;

/** Which values a scale can draw: any finite value (linear) or only positive ones (log). */
function accepted(v: number, positiveOnly: boolean): boolean {
  return Number.isFinite(v) && (!positiveOnly || v > 0);
}

/**
 * The exponential moving average of the first `length` losses, bias-corrected as in Adam:
 *   m_i = α m_{i−1} + (1 − α) ℓ_i,   w_i = α w_{i−1} + (1 − α),   ema_i = m_i / w_i,   m_0 = w_0 = 0.
 * With every loss finite, w_i = 1 − α^i (Adam's correction), so ema_1 = ℓ_1 and the early average is
 * not pulled towards 0. Non-finite losses are skipped (m and w carry over); before the first finite
 * loss the average is NaN. α is clamped to [0, 1); α = 0 gives the losses themselves. Sums in float64.
 */
export function emaSeries(losses: ArrayLike<number>, length: number, alpha: number = DEFAULT_SMOOTHING): Float32Array {
  const n = Math.max(0, Math.min(Math.floor(length), losses.length));
  const a = Number.isFinite(alpha) ? Math.min(Math.max(alpha, 0), 0.999999) : DEFAULT_SMOOTHING;
  const out = new Float32Array(n);
  let m = 0;
  let w = 0;
  for (let i = 0; i < n; i++) {
    const v = losses[i];
    if (Number.isFinite(v)) {
      m = a * m + (1 - a) * v;
      w = a * w + (1 - a);
    }
    out[i] = w > 0 ? m / w : NaN;
  }
  return out;
}

/** The minimum and maximum of the values of index range [start[b], end[b]) for each bucket b. */
export interface MinMaxBuckets {
  /** number of buckets */
  count: number;
  /** first index of each bucket */
  start: Int32Array;
  /** one past the last index of each bucket */
  end: Int32Array;
  /** index of the smallest accepted value of each bucket; −1 when the bucket has none */
  minIndex: Int32Array;
  /** index of the largest accepted value; −1 when none */
  maxIndex: Int32Array;
  /** the smallest accepted value; NaN when none */
  min: Float64Array;
  /** the largest accepted value; NaN when none */
  max: Float64Array;
}

/**
 * Splits the index range [start, end) of `values` into `buckets` contiguous buckets of (almost) equal
 * size, bucket b = [start + ⌊b·n/B⌋, start + ⌊(b+1)·n/B⌋) with n = end − start, B = min(buckets, n),
 * and finds the minimum and maximum of each. Non-finite values are skipped, and with `positiveOnly`
 * (a log scale) values ≤ 0 too. O(n), no allocation per value.
 */
export function downsampleMinMax(
  values: ArrayLike<number>, start: number, end: number, buckets: number, positiveOnly = false,
): MinMaxBuckets {
  const lo = Math.max(0, Math.floor(start));
  const hi = Math.min(values.length, Math.floor(end));
  const n = Math.max(0, hi - lo);
  const count = n === 0 ? 0 : Math.max(1, Math.min(Math.floor(buckets), n));
  const result: MinMaxBuckets = {
    count,
    start: new Int32Array(count),
    end: new Int32Array(count),
    minIndex: new Int32Array(count),
    maxIndex: new Int32Array(count),
    min: new Float64Array(count),
    max: new Float64Array(count),
  };
  for (let b = 0; b < count; b++) {
    const s = lo + Math.floor((b * n) / count);
    const e = lo + Math.floor(((b + 1) * n) / count);
    let iMin = -1;
    let iMax = -1;
    let vMin = Infinity;
    let vMax = -Infinity;
    for (let i = s; i < e; i++) {
      const v = values[i];
      if (!accepted(v, positiveOnly)) continue;
      if (v < vMin) { vMin = v; iMin = i; }
      if (v > vMax) { vMax = v; iMax = i; }
    }
    result.start[b] = s;
    result.end[b] = e;
    result.minIndex[b] = iMin;
    result.maxIndex[b] = iMax;
    result.min[b] = iMin >= 0 ? vMin : NaN;
    result.max[b] = iMax >= 0 ? vMax : NaN;
  }
  return result;
}

/** A point (step, value); a NaN value breaks the line. */
export type StepPoint = [step: number, value: number];

/**
 * The raw loss of each bucket as a polyline: the bucket's minimum and maximum, in the order of their
 * steps, so that at one bucket per pixel it looks like the full series (every spike and dip kept).
 * An empty bucket becomes a gap.
 */
export function rawPoints(b: MinMaxBuckets): StepPoint[] {
  const out: StepPoint[] = [];
  for (let k = 0; k < b.count; k++) {
    const iMin = b.minIndex[k];
    const iMax = b.maxIndex[k];
    if (iMin < 0) {
      out.push([b.start[k] + 1, NaN]);
      continue;
    }
    const first = Math.min(iMin, iMax);
    const second = Math.max(iMin, iMax);
    out.push([first + 1, first === iMin ? b.min[k] : b.max[k]]);
    if (second !== first) out.push([second + 1, second === iMax ? b.max[k] : b.min[k]]);
  }
  return out;
}

/**
 * The moving average at one point per bucket: its value at the bucket's last step (exact, not a
 * mean), preceded by its value at the first step of the first bucket. Values the scale cannot draw
 * (non-finite, or ≤ 0 with `positiveOnly`) become gaps.
 */
export function emaPoints(ema: ArrayLike<number>, b: MinMaxBuckets, positiveOnly = false): StepPoint[] {
  if (b.count === 0) return [];
  const at = (i: number): StepPoint => [i + 1, accepted(ema[i], positiveOnly) ? ema[i] : NaN];
  const out: StepPoint[] = [at(b.start[0])];
  for (let k = 0; k < b.count; k++) {
    const last = b.end[k] - 1;
    if (last !== out[out.length - 1][0] - 1) out.push(at(last));
  }
  return out;
}

/** SVG path data of points through the scales; NaN values break the line. */
export function stepPath(points: StepPoint[], x: (step: number) => number, y: (value: number) => number): string {
  const path = line<StepPoint>()
    .defined((p) => Number.isFinite(p[1]))
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  return path(points) ?? '';
}

/** Plot area and SVG size in px. */
export interface LossChartLayout {
  width: number;
  height: number;
  margins: Margins;
}

/** The default height of the loss chart in px. */
export const LOSS_CHART_HEIGHT = 240;

export function lossChartLayout(width: number, height: number = LOSS_CHART_HEIGHT): LossChartLayout {
  return { width, height: Math.max(140, height), margins: { top: 22, right: 14, bottom: 40, left: width < 420 ? 46 : 54 } };
}

/** The full x domain [1, length] of `length` steps (at least one step wide). */
export function fullStepDomain(length: number): [number, number] {
  return [1, Math.max(2, length)];
}

/**
 * The y domain of values in [lo, hi]: linear from min(0, lo), rounded by the caller with nice(); log
 * from the smallest positive value (its floor) to the largest, widened a little when they coincide.
 */
export function lossYDomain(lo: number, hi: number, logScale: boolean): [number, number] {
  if (logScale) {
    if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [0.01, 1];
    return hi / lo < 1.05 ? [lo / 1.1, hi * 1.1] : [lo, hi];
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  const bottom = Math.min(0, lo);
  return hi > bottom ? [bottom, hi] : [bottom, bottom + 1];
}

/** A y scale over [lo, hi] and range [bottom, top]: log without nice() (decades would waste room), linear niced. */
export function lossYScale(domain: [number, number], range: [number, number], logScale: boolean): LossScale {
  if (logScale) return scaleLog().domain(domain).range(range);
  return scaleLinear().domain(domain).nice(4).range(range);
}

/**
 * Labelled y ticks: for a log scale the 1-2-5-like ticks that d3 labels, falling back to linear
 * ticks when the domain is under a decade and too narrow for them, or their labels would repeat.
 */
export function lossYTicks(y: LossScale, logScale: boolean, count = 4): Tick[] {
  if (logScale) {
    const fmt = y.tickFormat(count + 1, '.2~g');
    const labelled = y.ticks(count + 1)
      .map((value) => ({ value, pos: y(value), label: fmt(value) }))
      .filter((tick) => tick.label !== '');
    // Narrow domains can give ticks whose two-digit labels coincide (1.05 and 1.1 both read "1.1").
    const distinct = new Set(labelled.map((tick) => tick.label)).size === labelled.length;
    if (labelled.length >= 2 && distinct) return labelled;
    const [lo, hi] = y.domain();
    const fine = format('.3~g');
    return d3Ticks(lo, hi, 3).map((value) => ({ value, pos: y(value), label: fine(value) }));
  }
  const fmt = y.tickFormat(count);
  return y.ticks(count).map((value) => ({ value, pos: y(value), label: fmt(value) }));
}

/** Ticks of the step axis: integers only; 12k style past 10,000 so labels stay short at 320 px. */
export function stepTicks(x: (step: number) => number, domain: [number, number], count: number): Tick[] {
  const fmt = domain[1] >= 10000 ? format('~s') : format(',');
  return d3Ticks(domain[0], domain[1], count)
    .filter((value) => Number.isInteger(value))
    .map((value) => ({ value, pos: x(value), label: fmt(value) }));
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
