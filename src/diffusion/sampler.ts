/**
 * The reverse process on tensors: one DDPM step (Algorithm 2) and one DDIM step (Song et al. 2021,
 * eq. 12), both returning the same record, and generators that run the whole chain from x_T to x_0,
 * yielding after every step (the training previews and the command-line sampler use them). The
 * timesteps and σ come from reverseSteps.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from './schedule';
import { alphaBarAt, validateTimestep } from './schedule';
import type { SigmaKind } from './bound';
import { chainTimesteps, ddimSigma, stepSigma, type SamplerSpec } from './reverseSteps';
import { posteriorMean, predictEpsFromX0, predictMeanFromEps, predictX0FromEps } from './posterior';

/**
 * The noise predictor ε_θ(x_t, t). Synchronous; returns a new tensor shaped like x_t.
 * Called inside tf.tidy, so intermediate tensors it creates are released.
 */
export type EpsModel = (xt: tf.Tensor, t: number) => tf.Tensor;

/**
 * One reverse step, the same record for DDPM and DDIM: x_{t'} = mean + noise. The caller owns every
 * tensor (`eps` is the prediction it passed in).
 */
export interface ReverseStep {
  /** x̂_0 from ε_θ (eq. 15), clipped to [−1, 1] when asked */
  x0Hat: tf.Tensor;
  /** ε_θ(x_t, t), as predicted */
  eps: tf.Tensor;
  /** the deterministic part: μ_θ(x_t, t) (eq. 11) for DDPM; √ᾱ_{t'} x̂_0 + √(1 − ᾱ_{t'} − σ²) ε for DDIM */
  mean: tf.Tensor;
  /** the σ applied to z (stepSigma: 0 on the last step, and for DDIM with η = 0) */
  sigma: number;
  /** σ z (zeros when σ = 0 or z = null) */
  noise: tf.Tensor;
  /** x_{t'} = mean + noise */
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
): ReverseStep {
  validateTimestep(s, t);
  const sigma = stepSigma(s, { kind: 'ddpm', sigma: kind }, t, t - 1);
  const tensors = tf.tidy(() => {
    // 1. x̂_0 (eq. 15), shown to the learner; without clipping the update itself does not need it
    const raw = predictX0FromEps(xt, epsPred, t, s);
    const x0Hat = clipX0 ? tf.clipByValue(raw, -1, 1) : raw;
    // 2. μ_θ(x_t, t) (eq. 11), or μ̃_t(x_t, clip(x̂_0)) (eq. 7)
    const mean = clipX0 ? posteriorMean(x0Hat, xt, t, s) : predictMeanFromEps(xt, epsPred, t, s);
    // 3. σ_t z, with z = 0 at t = 1 (Algorithm 2)
    const noise = sigma > 0 && z !== null ? tf.mul(sigma, z) : tf.zerosLike(mean);
    // 4. x_{t−1} = μ_θ + σ_t z
    const next = tf.add(mean, noise);
    return { x0Hat, mean, noise, next };
  });
  return { ...tensors, eps: epsPred, sigma };
}

/**
 * DDIM step from t to tPrev < t (Song et al. 2021, eq. 12), tPrev = 0 allowed (ᾱ_0 = 1):
 * x_{t'} = √ᾱ_{t'} x̂_0 + √(1 − ᾱ_{t'} − σ²) ε_θ + σ z,
 * σ = η √((1 − ᾱ_{t'})/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_{t'}). η = 0 is deterministic; z = null means z = 0.
 */
export function ddimStep(
  xt: tf.Tensor, epsPred: tf.Tensor, t: number, tPrev: number, s: Schedule, eta: number, z: tf.Tensor | null, clipX0 = false,
): ReverseStep {
  validateTimestep(s, t);
  validateTimestep(s, tPrev, 0);
  if (tPrev >= t) throw new RangeError(`tPrev must be smaller than t, got tPrev ${tPrev} and t ${t}`);
  if (!(eta >= 0 && eta <= 1)) throw new RangeError(`eta must be in [0, 1], got ${eta}`);
  // 1. σ of Song et al. eq. 16, scaled by η
  const alphaBarPrev = alphaBarAt(s, tPrev);
  const sigma = ddimSigma(s, t, tPrev, eta);
  const dirCoef = Math.sqrt(Math.max(1 - alphaBarPrev - sigma * sigma, 0));
  const tensors = tf.tidy(() => {
    // 2. x̂_0 (eq. 15); when clipped, the ε that x_t and clip(x̂_0) imply, (x_t − √ᾱ_t x̂_0)/√(1 − ᾱ_t)
    const raw = predictX0FromEps(xt, epsPred, t, s);
    const x0Hat = clipX0 ? tf.clipByValue(raw, -1, 1) : raw;
    const eps = clipX0 ? predictEpsFromX0(xt, x0Hat, t, s) : epsPred;
    // 3. "predicted x_0" + "direction pointing to x_t" + random noise (Song et al. eq. 12)
    const mean = tf.add(tf.mul(Math.sqrt(alphaBarPrev), x0Hat), tf.mul(dirCoef, eps));
    const noise = sigma > 0 && z !== null ? tf.mul(sigma, z) : tf.zerosLike(mean);
    return { x0Hat, mean, noise, next: tf.add(mean, noise) };
  });
  return { ...tensors, eps: epsPred, sigma };
}

/** One step from t to tPrev with either sampler (tPrev = t − 1 for DDPM); see ddpmStep and ddimStep. */
export function reverseStep(
  sampler: SamplerSpec, xt: tf.Tensor, epsPred: tf.Tensor, t: number, tPrev: number, s: Schedule, z: tf.Tensor | null,
): ReverseStep {
  if (sampler.kind === 'ddim') return ddimStep(xt, epsPred, t, tPrev, s, sampler.eta, z, sampler.clip === true);
  if (tPrev !== t - 1) throw new RangeError(`a DDPM step goes from t to t − 1, got ${t} → ${tPrev}`);
  return ddpmStep(xt, epsPred, t, s, sampler.sigma, z, sampler.clip === true);
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
 * The whole reverse chain from x_T at T down to x_0 with either sampler (the timesteps of
 * chainTimesteps: T model calls for DDPM, `steps` for DDIM). Yields { t, x, x0Hat } after every step.
 * Ownership: the generator owns the yielded tensors and disposes them when advanced, returned from, or
 * on error (tf.clone to keep one); the final return value is x_0, which the caller owns. x_T stays the
 * caller's. z is drawn only for steps whose σ is above 0.
 */
export function* reverseSampler(
  model: EpsModel, xT: tf.Tensor, s: Schedule, sampler: SamplerSpec, noise: NoiseSource,
): Generator<SamplerStep, tf.Tensor, void> {
  const ts = chainTimesteps(s.T, sampler);
  let x = xT;
  let x0Hat: tf.Tensor | null = null;
  try {
    for (let i = 0; i + 1 < ts.length; i++) {
      const [t, tPrev] = [ts[i], ts[i + 1]];
      const z = stepSigma(s, sampler, t, tPrev) > 0 ? noise(x.shape) : null;
      let result: { next: tf.Tensor; x0Hat: tf.Tensor };
      try {
        result = tf.tidy(() => {
          const r = reverseStep(sampler, x, model(x, t), t, tPrev, s, z);
          return { next: r.next, x0Hat: r.x0Hat };
        });
      } finally {
        z?.dispose();
      }
      if (x !== xT) x.dispose();
      x0Hat?.dispose();
      ({ next: x, x0Hat } = result);
      yield { t: tPrev, x, x0Hat };
    }
    // The returned x_0 is a separate handle that the caller owns; the yielded one is disposed below.
    return tf.clone(x);
  } finally {
    // Runs on normal completion, on gen.return() and on errors, so nothing leaks.
    x0Hat?.dispose();
    if (x !== xT) x.dispose();
  }
}
