/** Summary statistics of timings, in milliseconds. */
export interface Stats {
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
  n: number;
}
export interface SummaryStats extends Stats {
  p95: number;
}
export function quantile(sorted: readonly number[], q: number): number;
export function statsOf(values: readonly number[]): SummaryStats | null;
