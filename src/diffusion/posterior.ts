/**
 * The forward-process posterior q(x_{t−1}|x_t, x_0) (eqs. 6, 7) and the ε-parameterisation (eqs. 11, 15).
 * Every function returns a new tensor that the caller owns.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from './schedule';
import { validateTimestep } from './schedule';
import { coefTensor, type Timesteps } from './coef';

/**
 * Posterior mean (eq. 7): μ̃_t(x_t, x_0) = (√ᾱ_{t−1} β_t/(1 − ᾱ_t)) x_0 + (√α_t (1 − ᾱ_{t−1})/(1 − ᾱ_t)) x_t.
 */
export function posteriorMean(x0: tf.Tensor, xt: tf.Tensor, t: Timesteps, s: Schedule): tf.Tensor {
  return tf.tidy(() => {
    const [batch] = xt.shape;
    const c1 = coefTensor(s.posteriorMeanCoef1, t, batch, xt.rank);
    const c2 = coefTensor(s.posteriorMeanCoef2, t, batch, xt.rank);
    return tf.add(tf.mul(c1, x0), tf.mul(c2, xt));
  });
}

/** Posterior variance (eq. 7): β̃_t = ((1 − ᾱ_{t−1})/(1 − ᾱ_t)) β_t, t ∈ [1, T]; β̃_1 = 0. */
export function posteriorVarianceAt(s: Schedule, t: number): number {
  validateTimestep(s, t);
  return s.posteriorVariance[t - 1];
}

/** x_0 predicted from a noise estimate (eq. 15): x̂_0 = (x_t − √(1 − ᾱ_t) ε) / √ᾱ_t. */
export function predictX0FromEps(xt: tf.Tensor, eps: tf.Tensor, t: Timesteps, s: Schedule): tf.Tensor {
  return tf.tidy(() => {
    const [batch] = xt.shape;
    const a = coefTensor(s.sqrtAlphaBars, t, batch, xt.rank);
    const b = coefTensor(s.sqrtOneMinusAlphaBars, t, batch, xt.rank);
    return tf.div(tf.sub(xt, tf.mul(b, eps)), a);
  });
}

/** The noise that x_t and x_0 imply (eq. 4 solved for ε): ε = (x_t − √ᾱ_t x_0) / √(1 − ᾱ_t). */
export function predictEpsFromX0(xt: tf.Tensor, x0: tf.Tensor, t: Timesteps, s: Schedule): tf.Tensor {
  return tf.tidy(() => {
    const [batch] = xt.shape;
    const a = coefTensor(s.sqrtAlphaBars, t, batch, xt.rank);
    const b = coefTensor(s.sqrtOneMinusAlphaBars, t, batch, xt.rank);
    return tf.div(tf.sub(xt, tf.mul(a, x0)), b);
  });
}

/** Reverse-process mean from a noise estimate (eq. 11): μ_θ(x_t, t) = (1/√α_t)(x_t − (β_t/√(1 − ᾱ_t)) ε_θ). */
export function predictMeanFromEps(xt: tf.Tensor, eps: tf.Tensor, t: Timesteps, s: Schedule): tf.Tensor {
  return tf.tidy(() => {
    const [batch] = xt.shape;
    const recip = coefTensor(s.sqrtRecipAlphas, t, batch, xt.rank);
    const epsCoef = coefTensor(s.epsCoef, t, batch, xt.rank);
    return tf.mul(recip, tf.sub(xt, tf.mul(epsCoef, eps)));
  });
}
