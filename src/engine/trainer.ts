/**
 * Algorithm 1 of Ho et al. (2020), one gradient step at a time, with no worker or messaging:
 * t ~ Uniform{1, …, T}, ε ~ N(0, I), a gradient step on ‖ε − ε_θ(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t)‖²
 * (L_simple, eq. 14), clipped by global norm, with Adam, followed by an exponential moving average of
 * the weights (the paper samples with EMA weights, decay 0.9999). Clipping, Adam and the EMA work on
 * one flat vector of all parameters (flatAdam.ts); the checkpoint state is named and checked in
 * trainerState.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from '../diffusion/schedule';
import { qSample } from '../diffusion/forwardOps';
import { lossSimple, perExampleLoss } from '../diffusion/loss';
import { mulberry32 } from '../diffusion/rng';
import { LABEL_ROWS, NULL_LABEL, type Denoiser } from '../model/types';
import { labelRows } from '../model/timeEmbedding';
import { concatFlat, emaDecayAt, flatAdamUpdate, type FlatAdamState } from './flatAdam';
import { checkState, stateTensors, type TrainerState } from './trainerState';

/** The trainer's checkpoint state, as getState returns it (defined in trainerState.ts). */
export type { TrainerState } from './trainerState';

/**
 * Recommended Adam learning rate. The paper uses 2e−4 at batch 128 for a 35.7 M-parameter U-Net;
 * networks 20–40× smaller with GroupNorm, a zero-initialised output layer and gradient clipping
 * tolerate a larger step, and at batch 64 the gradient noise is about √2 that of batch 128, so 1e−3
 * for the small U-Net and the MLP is a reasonable start (lower it to 5e−4 if the loss curve spikes,
 * raise it to 2e−3 for faster progress in a short demo). Not measured on a GPU here.
 */
export const DEFAULT_LEARNING_RATE = 1e-3;
/** Default threshold of the global gradient norm (clipping as in the DDPM reference code). */
export const DEFAULT_CLIP_NORM = 1.0;
/**
 * Default EMA decay. The paper uses 0.9999 over 800 k steps; a tab trains for thousands of steps, so
 * 0.999 (an average over the last ~1000 steps) lets the EMA weights become useful within minutes.
 */
export const DEFAULT_EMA_DECAY = 0.999;
/**
 * Default p_uncond of a conditional model: the share of labels replaced by ∅ ("no label"), so that one
 * network learns ε_θ(x_t, t, y) and ε_θ(x_t, t, ∅) for classifier-free guidance (Ho & Salimans 2022
 * use 0.1 and 0.2).
 */
export const DEFAULT_P_UNCOND = 0.1;

/** Hyper-parameters of the trainer. */
export interface TrainerOptions {
  /** Adam's step size (see DEFAULT_LEARNING_RATE). */
  learningRate: number;
  /** Gradients are rescaled so that their global L2 norm is at most this (> 0; Infinity disables). */
  clipNorm: number;
  /** EMA decay d in [0, 1), or null to keep no EMA copy. */
  emaDecay: number | null;
  /** Seed of the generator of t and ε; random when omitted. */
  seed?: number;
  /** Conditional models: probability of dropping a label to ∅ (DEFAULT_P_UNCOND when omitted). */
  pUncond?: number;
}

/** What one step returns; the caller owns (and must dispose) both tensors. */
export interface TrainStepResult {
  /** L_simple of the batch (eq. 14), exactly lossSimple(ε, ε_θ). */
  loss: tf.Scalar;
  /** Mean squared error of each example, [B]; its mean is the loss. */
  perExample: tf.Tensor1D;
  /** The timestep drawn for each example, 1 … T. */
  t: Int32Array;
  /** Conditional models: the label each example was trained with (NULL_LABEL where it was dropped). */
  y: Uint8Array | null;
}

function validateOptions(o: TrainerOptions): void {
  if (!(o.learningRate > 0 && Number.isFinite(o.learningRate))) throw new RangeError(`learningRate must be a positive number, got ${o.learningRate}`);
  if (!(o.clipNorm > 0)) throw new RangeError(`clipNorm must be positive (Infinity disables clipping), got ${o.clipNorm}`);
  if (o.emaDecay !== null && !(o.emaDecay >= 0 && o.emaDecay < 1)) throw new RangeError(`emaDecay must be in [0, 1) or null, got ${o.emaDecay}`);
  if (o.pUncond !== undefined && !(o.pUncond >= 0 && o.pUncond <= 1)) throw new RangeError(`pUncond must be in [0, 1], got ${o.pUncond}`);
}

/**
 * Trains a Denoiser with Algorithm 1. Owns its Adam optimiser and EMA copies (not the model): call
 * dispose() when done. Adam's slots follow the order of model.params (gradients are always applied in
 * that order), which is what lets getState/setState name them after the parameters.
 */
export class Trainer {
  readonly model: Denoiser;
  readonly schedule: Schedule;
  readonly options: Readonly<TrainerOptions>;
  /** Adam's first and second moments of all parameters, flattened in the order of model.params. */
  private readonly firstMoment: tf.Variable;
  private readonly secondMoment: tf.Variable;
  /** Adam steps taken since its moments were last zeroed (its bias correction counts from there). */
  private adamSteps = 0;
  /** The EMA copies, one per parameter (they are what sampling uses), and all of them flattened. */
  private ema: tf.Variable[] | null;
  private emaFlat: tf.Variable | null;
  /** Number of elements of each parameter, for splitting the flat vectors. */
  private readonly sizes: number[];
  private readonly random: () => number;
  private steps = 0;
  private disposed = false;

  constructor(model: Denoiser, schedule: Schedule, options: TrainerOptions) {
    validateOptions(options);
    this.model = model;
    this.schedule = schedule;
    this.options = { ...options };
    this.random = mulberry32(options.seed ?? Math.floor(Math.random() * 2 ** 32));
    this.sizes = model.params.map((p) => p.variable.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    // (tf.variable keeps its initial value alive; inside tidy only the variable survives)
    this.firstMoment = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.secondMoment = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.ema = options.emaDecay === null ? null : model.params.map((p) => tf.variable(p.variable, false));
    this.emaFlat = options.emaDecay === null ? null : tf.tidy(() => tf.variable(this.flatParams(), false));
  }

  /** Number of optimiser steps taken (restored by setState). */
  get optimizerStep(): number {
    return this.steps;
  }

  /** All parameters as one vector [P], in the order of model.params. The caller owns it. */
  private flatParams(): tf.Tensor1D {
    return tf.tidy(() => concatFlat(this.model.params.map((p) => p.variable)));
  }

  /** Assigns the pieces of a flat vector [P] to one variable per parameter. */
  private assignPieces(targets: tf.Variable[], flat: tf.Tensor): void {
    const pieces = tf.split(flat, this.sizes);
    targets.forEach((v, i) => v.assign(tf.reshape(pieces[i], v.shape)));
  }

  /** Draws t ~ Uniform{1, …, T} for each example from the seeded generator. */
  private sampleTimesteps(batch: number): Int32Array {
    const { T } = this.schedule;
    const t = new Int32Array(batch);
    for (let b = 0; b < batch; b++) t[b] = Math.min(T, 1 + Math.floor(this.random() * T));
    return t;
  }

  /**
   * Keeps each label with probability 1 − p_uncond and replaces it by ∅ (NULL_LABEL) otherwise, with
   * draws from the seeded generator (Ho & Salimans 2022, Algorithm 1).
   */
  private dropLabels(labels: ArrayLike<number>): Uint8Array {
    const p = this.options.pUncond ?? DEFAULT_P_UNCOND;
    return Uint8Array.from(labels, (y) => (this.random() < p ? NULL_LABEL : y));
  }

  /**
   * One iteration of Algorithm 1 on the batch x_0 [B, 28, 28, 1] ∈ [−1, 1]; see TrainStepResult.
   * A conditional model needs the batch's `labels` (digits 0–9), of which it drops a share p_uncond.
   * `given` replaces the draws of t, ε and (with `given.y`) the kept labels, to reproduce a reference
   * computation; the generator then advances only for labels it still drops.
   */
  step(x0: tf.Tensor4D, given?: { t: Int32Array; eps: tf.Tensor4D; y?: ArrayLike<number> }, labels?: ArrayLike<number>): TrainStepResult {
    if (this.disposed) throw new Error('this trainer has been disposed');
    const { model, schedule } = this;
    const [batch] = x0.shape;
    const conditional = model.config.conditional === true;
    if (conditional && given?.y === undefined && labels?.length !== batch) {
      throw new RangeError(`a conditional model trains on labelled digits: expected ${batch} labels, got ${labels?.length ?? 'none'}`);
    }
    // The derivation panel shows the lines between these markers beside the notes' lossfunction.
    // #region algorithm-1
    // 1. t ~ Uniform{1, …, T}, one per example, and a seed for ε, both from the seeded generator
    const t = given?.t ?? this.sampleTimesteps(batch);
    //    (a conditional model: each label dropped to ∅ with probability p_uncond)
    const y = !conditional ? null : given?.y !== undefined ? Uint8Array.from(given.y) : this.dropLabels(labels as ArrayLike<number>);
    const noiseSeed = given ? 0 : Math.floor(this.random() * 2 ** 31);
    const variables = model.params.map((p) => p.variable);
    const { loss, perExample } = tf.tidy(() => {
      // 2. ε ~ N(0, I)
      const eps = given?.eps ?? tf.randomNormal(x0.shape, 0, 1, 'float32', noiseSeed);
      // 3. x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (eq. 4)
      const xt = qSample(x0, t, eps, schedule) as tf.Tensor4D;
      const tTensor = tf.tensor1d(Float32Array.from(t));
      const yRows = y === null ? undefined : labelRows(y);
      // 4. ε_θ(x_t, t[, y]), L_simple (eq. 14) and its gradient with respect to θ
      const kept: { perExample?: tf.Tensor1D } = {};
      const { value, grads } = tf.variableGrads(() => {
        const epsPred = model.apply(xt, tTensor, undefined, yRows);
        kept.perExample = tf.keep(perExampleLoss(eps, epsPred));
        return lossSimple(eps, epsPred);
      }, variables);
      // #endregion algorithm-1
      // 5. clip by global norm, then Adam, on all parameters at once
      this.applyAdam(concatFlat(variables.map((v) => grads[v.name])));
      return { loss: value, perExample: kept.perExample as tf.Tensor1D };
    });
    this.steps += 1;
    return { loss, perExample, t, y };
  }

  /**
   * The moments, weights and EMA after the flat gradient g [P] (call inside tf.tidy), without
   * assigning them. Adam's bias correction counts its steps since its moments were zeroed, the EMA's
   * warm-up all steps taken.
   */
  private nextState(flatGrad: tf.Tensor1D): FlatAdamState {
    const { learningRate, clipNorm, emaDecay } = this.options;
    const state = { m: this.firstMoment, v: this.secondMoment, theta: this.flatParams(), ema: this.emaFlat };
    const d = emaDecay === null ? 0 : emaDecayAt(emaDecay, this.steps + 1);
    return flatAdamUpdate(flatGrad, state, { learningRate, clipNorm, n: this.adamSteps + 1, emaDecay: d });
  }

  /** Computes and assigns the next state (inside tf.tidy). */
  private applyAdam(flatGrad: tf.Tensor1D): void {
    const next = this.nextState(flatGrad);
    this.firstMoment.assign(next.m);
    this.secondMoment.assign(next.v);
    this.assignPieces(this.model.params.map((p) => p.variable), next.theta);
    this.adamSteps += 1;
    if (next.ema !== null && this.emaFlat !== null && this.ema !== null) {
      this.emaFlat.assign(next.ema);
      this.assignPieces(this.ema, next.ema);
    }
  }

  /**
   * Runs every kernel of a step on a batch of x_0's shape and throws the results away: WebGPU and
   * WebGL compile their shaders on first use, so the first step the learner sees is not the slow one.
   * Changes no weight, moment or generator state.
   */
  async warmUp(x0: tf.Tensor4D): Promise<void> {
    const { model, schedule } = this;
    const batch = x0.shape[0];
    const variables = model.params.map((p) => p.variable);
    const t = Int32Array.from({ length: batch }, (_, b) => 1 + (b % schedule.T));
    const done = tf.tidy(() => {
      const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', 1);
      const xt = qSample(x0, t, eps, schedule) as tf.Tensor4D;
      const y = model.config.conditional ? labelRows(Array.from({ length: batch }, (_, b) => b % LABEL_ROWS)) : undefined;
      const { value, grads } = tf.variableGrads(() => lossSimple(eps, model.apply(xt, tf.tensor1d(Float32Array.from(t)), undefined, y)), variables);
      const next = this.nextState(concatFlat(variables.map((v) => grads[v.name])));
      const pieces = [...tf.split(next.theta, this.sizes), ...(next.ema ? tf.split(next.ema, this.sizes) : [])];
      // one number that depends on everything, so that the work is really done before it resolves
      return tf.addN([tf.sum(value), tf.sum(next.m), tf.sum(next.v), tf.sum(pieces[pieces.length - 1])]);
    });
    await done.data();
    done.dispose();
  }

  /** The EMA copies in the order of model.params (for model.apply(x, t, weights)); owned by the trainer. */
  emaWeights(): tf.Tensor[] | null {
    return this.ema === null ? null : [...this.ema];
  }

  /**
   * Copies of the EMA weights ('ema/<param>') and Adam's moments ('opt/<param>/m', 'opt/<param>/v',
   * present once a step has been taken), for a checkpoint. The step count goes in its metadata.
   */
  async getState(): Promise<TrainerState> {
    const moments = this.adamSteps > 0 ? ([this.firstMoment, this.secondMoment] as const) : null;
    return { step: this.steps, tensors: stateTensors(this.model.params, this.ema, moments) };
  }

  /**
   * Restores the step count, the EMA copies and Adam's moments from a checkpoint's tensors (names as in
   * getState). Everything is checked before anything changes (CheckpointError). Missing EMA copies
   * restart the EMA from the current weights; missing optimiser slots restart Adam (with bias
   * correction from step 0). The caller keeps ownership of `tensors`.
   */
  async setState(step: number, tensors: Map<string, tf.Tensor>): Promise<void> {
    // 1. check everything first
    const saved = checkState(this.model.params, step, tensors);
    tf.tidy(() => {
      // 2. Adam's moments: the saved ones (its bias correction resumes at `step`), or zeros (it restarts)
      if (saved.moments !== null) {
        this.firstMoment.assign(concatFlat(saved.moments.first));
        this.secondMoment.assign(concatFlat(saved.moments.second));
        this.adamSteps = step;
      } else {
        this.firstMoment.assign(tf.zerosLike(this.firstMoment));
        this.secondMoment.assign(tf.zerosLike(this.secondMoment));
        this.adamSteps = 0;
      }
      // 3. EMA copies: saved values, or the current weights
      if (this.ema !== null && this.emaFlat !== null) {
        const source = saved.ema ?? this.model.params.map((p) => p.variable);
        this.ema.forEach((e, i) => e.assign(source[i]));
        this.emaFlat.assign(concatFlat(this.ema));
      }
    });
    this.steps = step;
  }

  /** Disposes Adam's moments and the EMA copies; the model stays with its owner. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.firstMoment.dispose();
    this.secondMoment.dispose();
    if (this.ema !== null) for (const e of this.ema) e.dispose();
    this.emaFlat?.dispose();
    this.ema = null;
    this.emaFlat = null;
  }
}
