/**
 * Sampling: which model, how the reverse chain is sampled, and the frames of a run.
 * Types and constants only (structured-cloneable data), so the UI may import them without tfjs.
 */

import type { Guidance } from '../diffusion/guidance';
import type { SamplerSpec, StepCoefficients } from '../diffusion/reverseSteps';
import type { StepCodes } from '../diffusion/stepCodes';
import type { ModelKind, ModelSize, TrainConfig } from './trainTypes';
import type { DigitScores } from './scoreTypes';

export type { SamplerSpec };

/**
 * Which model a request uses: the learner's own (the one the training panel trains) or the pretrained
 * one shipped with the app (loaded by 'loadPretrained', never trained here).
 */
export type ModelSource = 'yours' | ShippedModel;
/** The models shipped with the app: the unconditional U-Net, and the one conditioned on the digit. */
export type ShippedModel = 'pretrained' | 'conditional';

/** The pretrained model once loaded beside the learner's. */
export interface PretrainedInfo {
  /** conditioned on the digit (the shipped conditional model) */
  conditional: boolean;
  /** training steps it was trained for */
  step: number;
  model: ModelKind;
  size: ModelSize;
  schedule: TrainConfig['schedule'];
  paramCount: number;
}

/** A reverse chain to run: which model, how many chains, how, and from where. */
export interface ChainSpec {
  /** the model to sample from (the learner's when absent) */
  source?: ModelSource;
  /** seed of x_T and of every z, so a run is reproducible */
  seed: number;
  /** number of chains (16 in the panel) */
  n: number;
  sampler: SamplerSpec;
  /** start from this x_t at timestep t instead of x_T ~ N(0, I) ("denoise my digit"); all chains start there */
  start: { xt: Float32Array; t: number } | null;
  /** a conditional model: the digit to draw (null: any, the unconditional ε_θ(x_t, t, ∅)) and the guidance scale w */
  guidance?: Guidance;
}

/** What a started sampling job says first: where its chains start and what they visit. */
export interface SampleStartResult {
  /** the timesteps the chain visits, from its start (T or start.t) down to 0 */
  ts: number[];
  /** network evaluations a full run takes (= ts.length − 1) */
  nfe: number;
  /** the starting x for every chain, [n · 784] */
  x: Float32Array;
  /** the model's optimisation step (0: untrained) and whether the EMA weights are used */
  modelStep: number;
  ema: boolean;
}


/** One reverse step for all chains, every part coded as bytes (diffusion/stepCodes.ts). */
export interface SampleFrame {
  /** 1-based number of the step in the run */
  step: number;
  /** the step went from tFrom to t (t = 0 is x_0) */
  tFrom: number;
  t: number;
  /**
   * ε_θ(x_tFrom, tFrom), x̂_0 (eq. 15), the mean (μ_θ of eq. 11 for DDPM, the deterministic part for
   * DDIM), the added noise σ z, and x_t = mean + noise; [n · 784] codes each
   */
  parts: StepCodes;
  /** Algorithm 2's coefficients at tFrom, and the step's σ */
  coef: StepCoefficients;
  /** time the step took in the worker, ms */
  ms: number;
  /** a guided step: ε_θ(x_t, t, y) and ε_θ(x_t, t, ∅) as codes over ε's range, which ε combines as (1 + w) ε(y) − w ε(∅) */
  guided?: { cond: Uint8Array; uncond: Uint8Array; label: number; w: number };
}

/** How a sampling job ended. */
export interface SampleDone {
  /** steps taken */
  steps: number;
  /** x_0 of every chain, [n · 784] floats, when the chain reached t = 0 (null when stopped before) */
  x0: Float32Array | null;
  /** the model's training step at the last step */
  modelStep: number;
  /** the meter's reading of x_0, when asked for (see SampleJob.score) */
  scores?: DigitScores;
  /** why x_0 could not be read */
  scoreError?: string;
}
