// Summary statistics of timings, shared by the benchmark page (src/bench/) and the command that
// drives it (scripts/bench.mjs), so both report medians and spreads computed the same way.

/** The q-quantile (0 … 1) of sorted values, interpolated linearly between neighbours. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median, 10th/90th/95th percentiles, extremes and count of the finite values; null when none. */
export function statsOf(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return { median: quantile(v, 0.5), p10: quantile(v, 0.1), p90: quantile(v, 0.9), p95: quantile(v, 0.95), min: v[0], max: v[v.length - 1], n: v.length };
}
