/** Summary statistics of timings, in milliseconds. */
export interface Stats {
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
  n: number;
}

/** The q-quantile (0 … 1) of sorted values, interpolated linearly between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median, 10th and 90th percentiles, extremes and count of a list of timings; null when empty. */
export function summarize(values: readonly number[]): Stats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p10: quantile(sorted, 0.1), p90: quantile(sorted, 0.9), min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}
