/** What every benchmark measurement shares. */
import { makeSchedule } from '../diffusion/schedule';

/** The app's default schedule, which training and sampling are timed with. */
export const BENCH_SCHEDULE = makeSchedule({ kind: 'linear', T: 1000 });

/** A progress line; scripts/bench.mjs forwards the page's lines that start with "[bench]". */
export const log = (line: string) => console.log(`[bench] ${line}`);

/**
 * Expected time of `flops` at a tenth of the matmul peak (convolutions and small kernels rarely do
 * better); null without a peak.
 */
export function predictedMs(flops: number, peakGflops: number | null): number | null {
  return peakGflops ? flops / (peakGflops * 0.1 * 1e6) : null;
}

/**
 * A note when a step of `flops` would take more than twice `maxStepMs` here: such cells are reported
 * as skipped rather than waited on for many minutes. null when it is worth measuring.
 */
export function tooSlowToMeasure(label: string, flops: number, peakGflops: number | null, maxStepMs: number): string | null {
  const expected = predictedMs(flops, peakGflops);
  if (expected === null || expected <= 2 * maxStepMs) return null;
  const seconds = (expected / 1000).toFixed(0);
  log(`${label}: skipped, about ${seconds} s per step expected`);
  return `skipped: about ${seconds} s per step expected from the matmul peak`;
}
