/**
 * Reverse sampling speed as the sampling panel runs it: 16 chains, one ReverseChain step at a time
 * (each step reads its parts back for display). Whole runs (DDPM with T = 1000, DDIM with 50 and 10
 * steps) are timed when they fit the budget, and otherwise estimated from the per-step median.
 */
import { modelConfigOf } from '../engine/models';
import type { ModelKind, ModelSize, SamplerSpec } from '../engine/protocol';
import { ReverseChain } from '../engine/sampling';
import { createDenoiser, type Denoiser } from '../model';
import { forwardFlops } from './flops';
import { summarize, type Stats } from './stats';
import { BENCH_SCHEDULE, log, tooSlowToMeasure } from './common';

export interface RunTime {
  ms: number;
  /** false: estimated as (number of steps) × (median ms per step) */
  measured: boolean;
}

export interface SamplingRow {
  model: ModelKind;
  size: ModelSize;
  images: number;
  msPerStep: Stats | null;
  ddpm1000: RunTime | null;
  ddim50: RunTime | null;
  ddim10: RunTime | null;
  note?: string;
}

const IMAGES = 16;

async function runSteps(model: Denoiser, sampler: SamplerSpec, steps: number): Promise<number[]> {
  const run = new ReverseChain({ n: IMAGES, seed: 5, sampler, start: null }, BENCH_SCHEDULE);
  const times: number[] = [];
  try {
    for (let i = 0; i < steps && !run.done; i++) {
      const started = performance.now();
      await run.step(model, undefined);
      times.push(performance.now() - started);
    }
  } finally {
    run.dispose();
  }
  return times;
}

/** Time a whole run when `steps × perStepMs` fits `budgetMs`, else estimate it. */
async function wholeRun(model: Denoiser, sampler: SamplerSpec, steps: number, perStepMs: number, budgetMs: number): Promise<RunTime> {
  if (steps * perStepMs > budgetMs) return { ms: steps * perStepMs, measured: false };
  const started = performance.now();
  await runSteps(model, sampler, steps);
  return { ms: performance.now() - started, measured: true };
}

export async function measureSampling(
  model: ModelKind, size: ModelSize, opts: { steps: number; budgetMs: number; maxFirstStepMs: number; peakGflops: number | null },
): Promise<SamplingRow> {
  const label = `sampling ${model}/${size}`;
  const note = tooSlowToMeasure(label, forwardFlops(modelConfigOf(model, size), IMAGES).total, opts.peakGflops, opts.maxFirstStepMs);
  if (note !== null) {
    return { model, size, images: IMAGES, msPerStep: null, ddpm1000: null, ddim50: null, ddim10: null, note };
  }
  const denoiser = createDenoiser(modelConfigOf(model, size), 3);
  try {
    const first = await runSteps(denoiser, { kind: 'ddpm', sigma: 'beta' }, 1);
    log(`${label}: first step ${first[0].toFixed(0)} ms`);
    if (first[0] > opts.maxFirstStepMs) {
      return { model, size, images: IMAGES, msPerStep: null, ddpm1000: null, ddim50: null, ddim10: null, note: `one step took ${(first[0] / 1000).toFixed(1)} s; not measured further` };
    }
    const msPerStep = summarize(await runSteps(denoiser, { kind: 'ddpm', sigma: 'beta' }, opts.steps))!;
    log(`${label}: ${msPerStep.median.toFixed(1)} ms per step`);
    const ddim10 = await wholeRun(denoiser, { kind: 'ddim', eta: 0, steps: 10 }, 10, msPerStep.median, opts.budgetMs);
    const ddim50 = await wholeRun(denoiser, { kind: 'ddim', eta: 0, steps: 50 }, 50, msPerStep.median, opts.budgetMs);
    const ddpm1000 = await wholeRun(denoiser, { kind: 'ddpm', sigma: 'beta' }, 1000, msPerStep.median, opts.budgetMs);
    return { model, size, images: IMAGES, msPerStep, ddpm1000, ddim50, ddim10 };
  } finally {
    denoiser.dispose();
  }
}
