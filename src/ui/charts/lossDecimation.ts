/**
 * Downsampling of a per-step series for the loss chart: contiguous buckets of steps with the minimum
 * and maximum of each, so that 100,000 steps redraw in a few milliseconds at about one bucket per
 * pixel, and the polylines and SVG paths drawn from them.
 *
 * Index convention: values[i] belongs to step s = i + 1.
 */
import { line } from 'd3';

/** Which values a scale can draw: any finite value (linear) or only positive ones (log). */
export function accepted(v: number, positiveOnly: boolean): boolean {
  return Number.isFinite(v) && (!positiveOnly || v > 0);
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
