/** Timing statistics, shared with scripts/bench.mjs (one implementation for both). */
export { quantile, statsOf as summarize, type Stats } from '../../scripts/benchStats.mjs';
