/**
 * Training objectives: L_simple (eq. 14), the weighted terms L_{t−1} of the bound (eq. 12) and the
 * discretised decoder L_0 (eq. 13). Every function returns a new tensor that the caller owns.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from './schedule';
import { timestepsOf, type Timesteps } from './coef';
import { klConstant, lossWeight, type SigmaKind } from './bound';

/** Flattens [B, …] to [B, D], as the notes' `.view(-1, 28*28)` does. */
function flattenPixels(x: tf.Tensor): tf.Tensor2D {
  return tf.reshape(x, [x.shape[0], -1]);
}

/** The difference ε − ε_θ, both flattened to [B, D]; throws if their sizes differ. */
function flatDifference(epsTrue: tf.Tensor, epsPred: tf.Tensor): tf.Tensor2D {
  if (epsTrue.size !== epsPred.size || epsTrue.shape[0] !== epsPred.shape[0]) {
    throw new RangeError(
      `epsTrue and epsPred must match, got shapes [${epsTrue.shape.join(', ')}] and [${epsPred.shape.join(', ')}]`,
    );
  }
  return tf.sub(flattenPixels(epsTrue), flattenPixels(epsPred));
}

/**
 * L_simple (eq. 14) on a batch: the mean over all B × D elements of (ε − ε_θ)², exactly the notes'
 * `F.mse_loss(predicted_noise, true_noise.view(-1, 28*28))`.
 */
export function lossSimple(epsTrue: tf.Tensor, epsPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(flatDifference(epsTrue, epsPred))));
}

/** Mean squared error of each example over its D pixels, shape [B]; its mean equals lossSimple (eq. 14). */
export function perExampleLoss(epsTrue: tf.Tensor, epsPred: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.mean(tf.square(flatDifference(epsTrue, epsPred)), 1));
}

/** ‖ε − ε_θ‖² of each example (sum over its D pixels), shape [B] (eq. 12, 14). */
export function perExampleSquaredError(epsTrue: tf.Tensor, epsPred: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.square(flatDifference(epsTrue, epsPred)), 1));
}

/**
 * L_{t−1} per example in nats (eq. 12): λ_t ‖ε − ε_θ‖² + C, with λ_t = β_t²/(2σ_t² α_t (1 − ᾱ_t)) and
 * C from klConstant (0 for σ_t² = β̃_t). Defined for t ≥ 2; t = 1 is the decoder term L_0 (eq. 13,
 * discretizedGaussianNLL). t is one timestep for the batch or one per example.
 */
export function weightedLoss(
  epsTrue: tf.Tensor, epsPred: tf.Tensor, t: Timesteps, s: Schedule, kind: SigmaKind,
): tf.Tensor1D {
  const batch = epsTrue.shape[0];
  const ts = timestepsOf(t, batch);
  const weights = new Float32Array(batch);
  const constants = new Float32Array(batch);
  for (let b = 0; b < batch; b++) {
    if (ts[b] < 2) {
      throw new RangeError(`weightedLoss is defined for t ≥ 2 (t = 1 is the decoder term L_0), got ${ts[b]}`);
    }
    weights[b] = lossWeight(s, ts[b], kind);
    constants[b] = klConstant(s, ts[b], kind, epsTrue.size / batch);
  }
  return tf.tidy(() => {
    const squaredError = perExampleSquaredError(epsTrue, epsPred);
    return tf.add(tf.mul(tf.tensor1d(weights), squaredError), tf.tensor1d(constants));
  });
}

/** Half the width of one pixel bin in [−1, 1]: pixel values are 256 levels 2k/255 − 1. */
const HALF_BIN = 1 / 255;
/** Floor on probabilities before taking logs. */
const MIN_PROB = 1e-12;

/** Standard normal CDF Φ(x) = ½(1 + erf(x/√2)). */
function normalCdf(x: tf.Tensor): tf.Tensor {
  return tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
}

/**
 * L_0 = −log p_θ(x_0|x_1) per example in nats (eq. 13): each pixel of x_0 ∈ [−1, 1] (256 levels)
 * falls in a bin [x − 1/255, x + 1/255] of N(mean, variance); the edge bins at −1 and +1 extend
 * to −∞ and +∞. `variance` is σ_1², a number or a tensor broadcastable to x_0. Shape [B].
 */
export function discretizedGaussianNLL(x0: tf.Tensor, mean: tf.Tensor, variance: number | tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    // 1. standardised bin edges (x − μ ± 1/255)/σ
    const invStd = tf.rsqrt(typeof variance === 'number' ? tf.scalar(variance) : variance);
    const centred = tf.sub(x0, mean);
    const upper = tf.mul(tf.add(centred, HALF_BIN), invStd);
    const lower = tf.mul(tf.sub(centred, HALF_BIN), invStd);
    // 2. bin mass Φ(upper) − Φ(lower). Φ via erf carries the same float32 error in both tails (1 + erf(z)
    //    cancels for z ≪ 0 as erf(z) saturates for z ≫ 0), so a bin more than a few σ from the mean gets
    //    the floor MIN_PROB below whichever way it is written
    const inner = tf.sub(normalCdf(upper), normalCdf(lower));
    // 3. edge bins: (−∞, −1 + 1/255] and [1 − 1/255, +∞)
    const leftEdge = normalCdf(upper);
    const rightEdge = normalCdf(tf.neg(lower));
    const prob = tf.where(
      tf.less(x0, -0.999), leftEdge, tf.where(tf.greater(x0, 0.999), rightEdge, inner),
    );
    // 4. −Σ_pixels log max(p, 1e−12)
    const logProb = tf.log(tf.maximum(prob, MIN_PROB));
    return tf.neg(tf.sum(flattenPixels(logProb), 1));
  });
}
