/**
 * The forward process q on batched tfjs tensors ([B, 784] or [B, 28, 28, 1]), for the engine; the UI
 * uses its pure, tfjs-free twin forward.ts on single images.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from './schedule';
import { coefTensor, type Timesteps } from './coef';

/**
 * Samples q(x_t|x_0) (eq. 4): x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, t ∈ [1, T] for the whole batch or per example.
 * The caller owns the returned tensor.
 */
export function qSample(x0: tf.Tensor, t: Timesteps, eps: tf.Tensor, s: Schedule): tf.Tensor {
  return tf.tidy(() => {
    const [batch] = x0.shape;
    const a = coefTensor(s.sqrtAlphaBars, t, batch, x0.rank);
    const b = coefTensor(s.sqrtOneMinusAlphaBars, t, batch, x0.rank);
    return tf.add(tf.mul(a, x0), tf.mul(b, eps));
  });
}

/**
 * One forward step q(x_t|x_{t−1}) (eq. 2): x_t = √(1 − β_t) x_{t−1} + √β_t z.
 * The caller owns the returned tensor.
 */
export function qStep(xPrev: tf.Tensor, t: Timesteps, z: tf.Tensor, s: Schedule): tf.Tensor {
  return tf.tidy(() => {
    const [batch] = xPrev.shape;
    const beta = coefTensor(s.betas, t, batch, xPrev.rank);
    return tf.add(tf.mul(tf.sqrt(tf.sub(1, beta)), xPrev), tf.mul(tf.sqrt(beta), z));
  });
}
