/**
 * The reverse process: one DDPM step (Algorithm 2), one DDIM step (Song et al. 2021, eq. 12), and
 * generators that run the whole chain from x_T to x_0, yielding after every step.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from './schedule';
import { alphaBarAt, validateTimestep } from './schedule';
import { sigmaSquared, type SigmaKind } from './bound';
import { posteriorMean, predictEpsFromX0, predictMeanFromEps, predictX0FromEps } from './posterior';

/**
 * The noise predictor ε_θ(x_t, t). Synchronous; returns a new tensor shaped like x_t.
 * Called inside tf.tidy, so intermediate tensors it creates are released.
 */
export type EpsModel = (xt: tf.Tensor, t: number) => tf.Tensor;

/** Tensors of one DDPM step; the caller owns and disposes all of them. */
export interface DdpmStepResult {
  /** x̂_0 from ε_θ (eq. 15). */
  x0Hat: tf.Tensor;
  /** μ_θ(x_t, t) (eq. 11). */
  mean: tf.Tensor;
  /** σ_t = √β_t or √β̃_t (§3.2). */
  sigma: number;
  /** σ_t z, zero at t = 1 (Algorithm 2). */
  noise: tf.Tensor;
  /** x_{t−1} = μ_θ + σ_t z (Algorithm 2). */
  next: tf.Tensor;
}

/**
 * One step of Algorithm 2: x_{t−1} = (1/√α_t)(x_t − ((1 − α_t)/√(1 − ᾱ_t)) ε_θ) + σ_t z.
 * z is ignored at t = 1 (z = 0 there); z = null also means no noise (the mean only).
 * With `clipX0` (the paper's code, `clip_denoised`), x̂_0 is clipped to [−1, 1] and the mean is the
 * posterior mean μ̃_t(x_t, clip(x̂_0)) of eq. 7, which equals eq. 11 while x̂_0 is inside [−1, 1].
 */
export function ddpmStep(
  xt: tf.Tensor, epsPred: tf.Tensor, t: number, s: Schedule, kind: SigmaKind, z: tf.Tensor | null, clipX0 = false,
): DdpmStepResult {
  validateTimestep(s, t);
  const sigma = Math.sqrt(sigmaSquared(s, t, kind));
  const tensors = tf.tidy(() => {
    // 1. x̂_0 (eq. 15), shown to the learner; without clipping the update itself does not need it
    const raw = predictX0FromEps(xt, epsPred, t, s);
    const x0Hat = clipX0 ? tf.clipByValue(raw, -1, 1) : raw;
    // 2. μ_θ(x_t, t) (eq. 11), or μ̃_t(x_t, clip(x̂_0)) (eq. 7)
    const mean = clipX0 ? posteriorMean(x0Hat, xt, t, s) : predictMeanFromEps(xt, epsPred, t, s);
    // 3. σ_t z, with z = 0 at t = 1 (Algorithm 2)
    const noise = t > 1 && z !== null ? tf.mul(sigma, z) : tf.zerosLike(mean);
    // 4. x_{t−1} = μ_θ + σ_t z
    const next = tf.add(mean, noise);
    return { x0Hat, mean, noise, next };
  });
  return { ...tensors, sigma };
}

/** Algorithm 2's x_{t−1} only (see ddpmStep); the caller owns the returned tensor. */
export function ddpmStepNext(
  xt: tf.Tensor, epsPred: tf.Tensor, t: number, s: Schedule, kind: SigmaKind, z: tf.Tensor | null,
): tf.Tensor {
  return tf.tidy(() => {
    const r = ddpmStep(xt, epsPred, t, s, kind, z);
    return r.next;
  });
}

/** Tensors of one DDIM step; the caller owns both. */
export interface DdimStepResult {
  /** x̂_0 from ε_θ (eq. 15). */
  x0Hat: tf.Tensor;
  /** x_{t'} at the earlier timestep t' = tPrev. */
  next: tf.Tensor;
}

/**
 * DDIM step from t to tPrev < t (Song et al. 2021, eq. 12), tPrev = 0 allowed (ᾱ_0 = 1):
 * x_{t'} = √ᾱ_{t'} x̂_0 + √(1 − ᾱ_{t'} − σ²) ε_θ + σ z,
 * σ = η √((1 − ᾱ_{t'})/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_{t'}). η = 0 is deterministic; z = null means z = 0.
 */
export function ddimStep(
  xt: tf.Tensor, epsPred: tf.Tensor, t: number, tPrev: number, s: Schedule, eta: number, z: tf.Tensor | null, clipX0 = false,
): DdimStepResult {
  validateTimestep(s, t);
  validateTimestep(s, tPrev, 0);
  if (tPrev >= t) throw new RangeError(`tPrev must be smaller than t, got tPrev ${tPrev} and t ${t}`);
  if (!(eta >= 0 && eta <= 1)) throw new RangeError(`eta must be in [0, 1], got ${eta}`);
  // 1. σ of Song et al. eq. 16, scaled by η
  const alphaBarPrev = alphaBarAt(s, tPrev);
  const sigma = ddimSigma(s, t, tPrev, eta);
  const dirCoef = Math.sqrt(Math.max(1 - alphaBarPrev - sigma * sigma, 0));
  return tf.tidy(() => {
    // 2. x̂_0 (eq. 15); when clipped, the ε that x_t and clip(x̂_0) imply, (x_t − √ᾱ_t x̂_0)/√(1 − ᾱ_t)
    const raw = predictX0FromEps(xt, epsPred, t, s);
    const x0Hat = clipX0 ? tf.clipByValue(raw, -1, 1) : raw;
    const eps = clipX0 ? predictEpsFromX0(xt, x0Hat, t, s) : epsPred;
    // 3. "predicted x_0" + "direction pointing to x_t" + random noise (Song et al. eq. 12)
    let next = tf.add(tf.mul(Math.sqrt(alphaBarPrev), x0Hat), tf.mul(dirCoef, eps));
    if (sigma > 0 && z !== null) next = tf.add(next, tf.mul(sigma, z));
    return { x0Hat, next };
  });
}

/** σ of a DDIM step from t to tPrev: η √((1 − ᾱ_{t'})/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_{t'}) (Song et al. eq. 16). */
export function ddimSigma(s: Schedule, t: number, tPrev: number, eta: number): number {
  const alphaBar = alphaBarAt(s, t);
  const alphaBarPrev = alphaBarAt(s, tPrev);
  return eta * Math.sqrt((1 - alphaBarPrev) / (1 - alphaBar)) * Math.sqrt(1 - alphaBar / alphaBarPrev);
}

/**
 * k timesteps for DDIM, evenly spaced from T down: τ_j = T − ⌊j T / k⌋, j = 0 … k − 1.
 * Descending, distinct, first = T, last ≥ 1; the step after the last goes to t = 0.
 */
export function ddimTimesteps(T: number, k: number): number[] {
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`T must be a positive integer, got ${T}`);
  if (!Number.isInteger(k) || k < 1 || k > T) {
    throw new RangeError(`number of DDIM steps must be an integer from 1 to ${T}, got ${k}`);
  }
  const steps: number[] = [];
  for (let j = 0; j < k; j++) steps.push(T - Math.floor((j * T) / k));
  return steps;
}

/** What a sampler yields after each step; tensors are owned by the generator. */
export interface SamplerStep {
  /** The timestep just reached (T − 1 … 0 for DDPM; the DDIM sub-sequence, ending at 0). */
  t: number;
  /** x_t at that timestep. */
  x: tf.Tensor;
  /** x̂_0 predicted at the step that produced x (eq. 15). */
  x0Hat: tf.Tensor;
}

/** Source of z ~ N(0, I): returns a new tensor of the given shape, which the sampler disposes. */
export type NoiseSource = (shape: number[]) => tf.Tensor;

/**
 * Runs one reverse step with the model inside tf.tidy and hands the new state to the generator's
 * bookkeeping: disposes the noise, the previous state (if owned) and the previous x̂_0.
 */
function* runChain(
  xT: tf.Tensor,
  steps: Iterable<{ tReached: number; make: (x: tf.Tensor) => { next: tf.Tensor; x0Hat: tf.Tensor } }>,
): Generator<SamplerStep, tf.Tensor, void> {
  let x = xT;
  let ownsX = false; // x_T belongs to the caller
  let x0Hat: tf.Tensor | null = null;
  try {
    for (const step of steps) {
      const result = step.make(x);
      if (ownsX) x.dispose();
      x0Hat?.dispose();
      x = result.next;
      ownsX = true;
      x0Hat = result.x0Hat;
      yield { t: step.tReached, x, x0Hat };
    }
    // The returned x_0 is a separate handle that the caller owns; the yielded one is disposed below.
    return tf.clone(x);
  } finally {
    // Runs on normal completion, on gen.return() and on errors, so nothing leaks.
    x0Hat?.dispose();
    if (ownsX) x.dispose();
  }
}

/** Draws z (or null), runs fn, and always disposes z. */
function withNoise<R>(draw: boolean, noise: NoiseSource, shape: number[], fn: (z: tf.Tensor | null) => R): R {
  const z = draw ? noise(shape) : null;
  try {
    return fn(z);
  } finally {
    z?.dispose();
  }
}

/**
 * DDPM ancestral sampling (Algorithm 2) from x_T down to x_0, T model calls.
 * Yields { t, x, x0Hat } after every step, t = T − 1 … 0. Ownership: the generator owns the yielded
 * tensors and disposes them when advanced, returned from, or on error (tf.clone to keep one); the
 * final return value is x_0, which the caller owns. x_T stays the caller's.
 */
export function* ddpmSampler(
  model: EpsModel, xT: tf.Tensor, s: Schedule, opts: { kind: SigmaKind; noise: NoiseSource; clipX0?: boolean },
): Generator<SamplerStep, tf.Tensor, void> {
  function* steps() {
    for (let t = s.T; t >= 1; t--) {
      yield {
        tReached: t - 1,
        make: (x: tf.Tensor) => withNoise(t > 1, opts.noise, x.shape, (z) => tf.tidy(() => {
          const r = ddpmStep(x, model(x, t), t, s, opts.kind, z, opts.clipX0);
          return { next: r.next, x0Hat: r.x0Hat };
        })),
      };
    }
  }
  return yield* runChain(xT, steps());
}

/**
 * DDIM sampling (Song et al. 2021, eq. 12) on `steps` timesteps from ddimTimesteps, then to 0;
 * exactly `steps` model calls. η = 0 is deterministic. Yields and owns tensors as ddpmSampler does;
 * the returned x_0 belongs to the caller.
 */
export function* ddimSampler(
  model: EpsModel, xT: tf.Tensor, s: Schedule, opts: { steps: number; eta: number; noise: NoiseSource; clipX0?: boolean },
): Generator<SamplerStep, tf.Tensor, void> {
  const taus = ddimTimesteps(s.T, opts.steps);
  function* steps() {
    for (let j = 0; j < taus.length; j++) {
      const t = taus[j];
      const tPrev = j + 1 < taus.length ? taus[j + 1] : 0;
      yield {
        tReached: tPrev,
        make: (x: tf.Tensor) => withNoise(opts.eta > 0 && tPrev > 0, opts.noise, x.shape, (z) => tf.tidy(() => {
          const r = ddimStep(x, model(x, t), t, tPrev, s, opts.eta, z, opts.clipX0);
          return { next: r.next, x0Hat: r.x0Hat };
        })),
      };
    }
  }
  return yield* runChain(xT, steps());
}
