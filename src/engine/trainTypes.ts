/**
 * Training: the run's settings, the model as the UI describes it, and what the training session reports.
 * Types and constants only (structured-cloneable data), so the UI may import them without tfjs.
 */

import type { DigitScores } from './scoreTypes';

import type { ModelKind, ModelSize, SamplerKind } from '../state/choices';

// The lists a shared link can also name live in state/choices.ts (state/ may not import engine/).
export { MODEL_KINDS, MODEL_SIZES, SAMPLER_KINDS } from '../state/choices';
export type { ModelKind, ModelSize, SamplerKind };

export const MODEL_LABELS: Record<ModelKind, string> = { mlp: 'MLP (as in the notes)', unet: 'U-Net (small)' };


/** Everything that defines a training run; locked while training. */
export interface TrainConfig {
  model: ModelKind;
  size: ModelSize;
  /** 16 … 256 */
  batchSize: number;
  learningRate: number;
  /** global-norm clipping threshold */
  clipNorm: number;
  /** keep an exponential moving average of the weights (used for previews and sampling) */
  ema: boolean;
  schedule: { kind: 'linear' | 'cosine'; T: number };
  /**
   * Conditioned on the digit, with labels dropped to ∅ at DEFAULT_P_UNCOND so that classifier-free
   * guidance can sample it (absent in checkpoints made before: unconditional)
   */
  conditional?: boolean;
}

export const BATCH_SIZES = [16, 32, 64, 128, 256] as const;

/** Defaults, chosen as described in README.md (learning rate: Adam 1e−3 with clipping at norm 1). */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  model: 'unet',
  size: 'default',
  batchSize: 64,
  learningRate: 1e-3,
  clipNorm: 1,
  ema: true,
  schedule: { kind: 'linear', T: 1000 },
};

/** The model as the UI describes it. */
export interface ModelInfo {
  config: TrainConfig;
  /** trainable parameters of the chosen model */
  paramCount: number;
  /** parameter counts of both architectures at this size, for the selector */
  paramCounts: Record<ModelKind, number>;
  /** optimisation steps taken so far */
  step: number;
}

export interface EngineMemory {
  numTensors: number;
  numBytes: number;
  /** bytes held on the GPU when the backend reports it */
  gpuBytes: number | null;
}

/** Loss against timestep t, in equal-width bins of t (a decaying average per bin). */
export interface LossByT {
  /** lower edge of each bin (t values), bins cover 1 … T */
  edges: number[];
  /** mean loss per bin, NaN where no example fell yet */
  mean: number[];
}

/** Sent at most ~10 times a second while training (and after a single step), as the training job's progress. */
export interface ProgressEvent {
  type: 'progress';
  step: number;
  /** mean L_simple of each step since the previous event, in order (steps step−n+1 … step) */
  losses: Float32Array;
  lossByT: LossByT;
  stepsPerSecond: number;
  msPerStep: number;
  imagesPerSecond: number;
  memory: EngineMemory;
  /** ms until the next preview is due (it is made after the first step that ends past that time) */
  nextPreviewInMs: number;
}

/**
 * Where a started training run is before its first progress event, so a slow device never shows a
 * silent "step 0": compiling the GPU programs of a step (once per model), then taking steps.
 */
export interface TrainingPhaseEvent {
  type: 'trainingPhase';
  phase: 'preparing' | 'stepping';
  /** how long preparing took, ms (with phase 'stepping', when there was something to prepare) */
  preparedMs?: number;
}

/** A snapshot of what the model does now: x̂_0 of fixed noisy digits, and a quick DDIM sample. */
export interface PreviewEvent {
  type: 'preview';
  step: number;
  /** the timesteps of the x̂_0 rows */
  ts: number[];
  /** the fixed clean digits, [n · 784] */
  x0: Float32Array;
  /** their noisy versions at each t, [ts.length · n · 784] */
  xt: Float32Array;
  /** x̂_0 predicted from each noisy version (eq. 15), same layout */
  x0Hat: Float32Array;
  /** a DDIM sample (η = 0) from fixed noise, [m · 784] */
  samples: Float32Array;
  samplerSteps: number;
  /** whether the EMA weights were used */
  ema: boolean;
  /** the meter's reading of the samples (absent when the classifier could not be loaded) */
  scores?: DigitScores;
}

/** Training steps between two readings of the quality meter (a new model is first read at this step). */
export const QUALITY_EVERY = 250;

/** The meter's reading of the model at one training step (a fixed-seed batch, a few DDIM steps). */
export interface QualityPoint {
  step: number;
  /** share of the batch confidently a digit */
  confident: number;
  fd: number | null;
  fdFloor: number | null;
  /** confident samples per digit 0 … 9 */
  histogram: number[];
  /** a conditional model, asked for each digit in turn (guided, w = 2): share of samples read as the digit asked for */
  obeys?: number;
}

/** A new point of the quality history (sent while training runs, every few hundred steps). */
export interface QualityEvent {
  type: 'quality';
  point: QualityPoint;
}

/** Something the user should know: training paused by itself, a checkpoint restored, a save failed. */
export interface NoticeEvent {
  type: 'notice';
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** The whole loss history, sent after a restore or an import. */
export interface HistoryEvent {
  type: 'history';
  step: number;
  losses: Float32Array;
  info: ModelInfo;
  /** the quality history saved with the model */
  quality: QualityPoint[];
}

/** What the training job reports as it goes: losses, its phase, and the quality history's new points. */
export type TrainProgress = ProgressEvent | TrainingPhaseEvent | QualityEvent;
/** What the model reports whoever caused it: a preview, a notice, its whole history after a restore. */
export type ModelEvent = PreviewEvent | NoticeEvent | HistoryEvent;
/** Everything a training session emits (the worker routes TrainProgress to the running training job). */
export type SessionEvent = TrainProgress | ModelEvent;

/** The files of a checkpoint in the standard tfjs layout: model.json and one weights file. */
export interface CheckpointFiles {
  modelJson: string;
  weights: ArrayBuffer;
  weightsName: string;
}

