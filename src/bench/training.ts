/**
 * Training speed of one (model, batch) on the current backend: our Trainer as the app drives it
 * (steps queued back to back, losses read back in batches), or the naive tf.layers U-Net that reads
 * its loss after every step. Also the tensor count and GPU bytes before and after, to prove that
 * nothing leaks.
 */
import * as tf from '@tensorflow/tfjs';
import { gpuBytes } from '../engine/memory';
import { modelConfigOf } from '../engine/models';
import type { ModelKind, ModelSize } from '../engine/protocol';
import { DEFAULT_CLIP_NORM, DEFAULT_EMA_DECAY, DEFAULT_LEARNING_RATE, Trainer } from '../engine/trainer';
import { createDenoiser, paramCountOf, paramSpecsOf, type UnetConfig } from '../model';
import { trainingStepFlops } from './flops';
import { createNaiveUnet, NaiveTrainer } from './naiveUnet';
import { summarize, type Stats } from './stats';
import { BENCH_SCHEDULE, log, tooSlowToMeasure } from './common';

export interface TrainingCell {
  model: ModelKind;
  size: ModelSize;
  impl: 'ours' | 'naive';
  batch: number;
}

export interface TrainingRow extends TrainingCell {
  params: number;
  /** the first step, which compiles the shaders */
  firstStepMs: number;
  /** per-step time over the measured steps (each sample: one group of steps ÷ its size) */
  ms: Stats | null;
  stepsPerSecond: number | null;
  flopsPerStep: number;
  gflops: number | null;
  /** achieved GFLOP/s ÷ the matmul peak of the same backend in the same run */
  utilisation: number | null;
  /** kernels one step runs (tf.profile): on a GPU, each is a dispatch with its own fixed cost */
  kernels: number | null;
  /** where a step spends its time, by kernel name, when the backend can time kernels */
  topKernels: { name: string; count: number; ms: number | null }[];
  note?: string;
}

export interface MemoryRow {
  model: ModelKind;
  size: ModelSize;
  batch: number;
  steps: number;
  tensorsAfterWarmup: number;
  tensorsAfter: number;
  drift: number;
  gpuBytesAfterWarmup: number | null;
  gpuBytesAfter: number | null;
}

export interface TrainingBudget {
  /** measured steps wanted */
  steps: number;
  /** stop measuring after this long */
  budgetMs: number;
  /** a first step slower than this is reported alone: measuring more would take too long */
  maxFirstStepMs: number;
  /** a group of steps (ended by one read-back, as the app does) lasts at least this long */
  groupMs: number;
}

const SEED = 1234;

/** Something that takes one training step; `flush` waits until every queued step is done. */
interface Stepper {
  step(): void | Promise<unknown>;
  flush(): Promise<void>;
  dispose(): void;
}

function oursStepper(model: ModelKind, size: ModelSize, x0: tf.Tensor4D): Stepper {
  const denoiser = createDenoiser(modelConfigOf(model, size), SEED);
  const trainer = new Trainer(denoiser, BENCH_SCHEDULE, { learningRate: DEFAULT_LEARNING_RATE, clipNorm: DEFAULT_CLIP_NORM, emaDecay: DEFAULT_EMA_DECAY, seed: SEED });
  let pending: tf.Tensor[] = [];
  return {
    step() {
      const r = trainer.step(x0);
      r.perExample.dispose();
      pending.push(r.loss);
    },
    // The app reads the losses of many steps at once, about ten times a second.
    async flush() {
      if (pending.length === 0) return;
      const losses = tf.tidy(() => tf.stack(pending));
      tf.dispose(pending);
      pending = [];
      await losses.data();
      losses.dispose();
    },
    dispose() {
      tf.dispose(pending);
      trainer.dispose();
      denoiser.dispose();
    },
  };
}

function naiveStepper(size: ModelSize, x0: tf.Tensor4D): Stepper {
  const model = createNaiveUnet(modelConfigOf('unet', size) as UnetConfig);
  const trainer = new NaiveTrainer(model, BENCH_SCHEDULE, { learningRate: DEFAULT_LEARNING_RATE, clipNorm: DEFAULT_CLIP_NORM, emaDecay: DEFAULT_EMA_DECAY, seed: SEED });
  return {
    step: () => trainer.step(x0), // reads its loss back every step
    flush: async () => {},
    dispose() {
      trainer.dispose();
      model.dispose();
    },
  };
}


/** Kernel time by name, largest first (ms null where the backend cannot time kernels). */
async function topKernels(kernels: Awaited<ReturnType<typeof tf.profile>>['kernels'], count = 8): Promise<TrainingRow['topKernels']> {
  const byName = new Map<string, { count: number; ms: number | null }>();
  for (const k of kernels) {
    const raw: unknown = await k.kernelTimeMs;
    const ms = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
    const entry = byName.get(k.name) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms = entry.ms === null || ms === null ? null : entry.ms + ms;
    byName.set(k.name, entry);
  }
  return [...byName.entries()]
    .map(([name, e]) => ({ name, ...e }))
    .sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0) || b.count - a.count)
    .slice(0, count);
}

/** Measure one cell; `peakGflops` is the backend's matmul peak in this run. */
export async function measureTraining(cell: TrainingCell, budget: TrainingBudget, peakGflops: number | null): Promise<{ row: TrainingRow; memory: MemoryRow | null }> {
  const config = modelConfigOf(cell.model, cell.size);
  const params = paramCountOf(paramSpecsOf(config));
  const flopsPerStep = trainingStepFlops(config, cell.batch).total;
  const label = `${cell.impl} ${cell.model}/${cell.size} batch ${cell.batch}`;
  const note = tooSlowToMeasure(label, flopsPerStep, peakGflops, budget.maxFirstStepMs);
  if (note !== null) {
    return { row: { ...cell, params, firstStepMs: NaN, ms: null, stepsPerSecond: null, flopsPerStep, gflops: null, utilisation: null, kernels: null, topKernels: [], note }, memory: null };
  }
  const x0 = tf.tidy(() => tf.randomUniform([cell.batch, 28, 28, 1], -1, 1, 'float32', 7) as tf.Tensor4D);
  const stepper = cell.impl === 'ours' ? oursStepper(cell.model, cell.size, x0) : naiveStepper(cell.size, x0);
  try {
    // 1. the first step compiles every shader; it is reported on its own
    let started = performance.now();
    await stepper.step();
    await stepper.flush();
    const firstStepMs = performance.now() - started;
    log(`${label}: first step ${firstStepMs.toFixed(0)} ms`);
    const base: TrainingRow = { ...cell, params, firstStepMs, ms: null, stepsPerSecond: null, flopsPerStep, gflops: null, utilisation: null, kernels: null, topKernels: [] };
    if (firstStepMs > budget.maxFirstStepMs) {
      return { row: { ...base, note: `one step took ${(firstStepMs / 1000).toFixed(1)} s; not measured further` }, memory: null };
    }
    // 2. a second warm-up step (some kernels are only compiled once their inputs exist)
    await stepper.step();
    await stepper.flush();
    // 3. one profiled step (not timed): how many kernels, and which ones take the time
    const profile = await tf.profile(async () => {
      await stepper.step();
      await stepper.flush();
    });
    base.kernels = profile.kernels.length;
    base.topKernels = await topKernels(profile.kernels);
    log(`${label}: ${base.kernels} kernels per step`);
    const tensorsAfterWarmup = tf.memory().numTensors;
    const gpuBytesAfterWarmup = gpuBytes();
    // 4. groups of steps, each ended by one read-back, until enough steps or the budget is spent
    const perStep: number[] = [];
    let steps = 0;
    let group = 1;
    const begin = performance.now();
    while (steps < budget.steps && performance.now() - begin < budget.budgetMs) {
      const n = Math.min(group, budget.steps - steps);
      started = performance.now();
      for (let i = 0; i < n; i++) await stepper.step();
      await stepper.flush();
      const elapsed = performance.now() - started;
      for (let i = 0; i < n; i++) perStep.push(elapsed / n);
      steps += n;
      // grow the group until it lasts groupMs, as the app's read-backs come about ten times a second
      if (cell.impl === 'ours' && elapsed < budget.groupMs) group = Math.min(64, Math.max(group + 1, Math.ceil((group * budget.groupMs) / Math.max(elapsed, 1))));
    }
    const ms = summarize(perStep);
    const stepsPerSecond = ms ? 1000 / ms.median : null;
    const gflops = stepsPerSecond ? (flopsPerStep * stepsPerSecond) / 1e9 : null;
    log(`${label}: ${ms ? ms.median.toFixed(1) : '—'} ms/step over ${steps} steps`);
    const memory: MemoryRow | null =
      cell.impl === 'ours'
        ? {
            model: cell.model, size: cell.size, batch: cell.batch, steps,
            tensorsAfterWarmup, tensorsAfter: tf.memory().numTensors, drift: tf.memory().numTensors - tensorsAfterWarmup,
            gpuBytesAfterWarmup, gpuBytesAfter: gpuBytes(),
          }
        : null;
    return {
      row: { ...base, ms, stepsPerSecond, gflops, utilisation: gflops !== null && peakGflops ? gflops / peakGflops : null, note: steps < budget.steps ? `time budget reached after ${steps} steps` : undefined },
      memory,
    };
  } finally {
    stepper.dispose();
    x0.dispose();
  }
}
