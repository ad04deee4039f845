/**
 * Group normalisation (Wu & He 2018) for NHWC tensors; tfjs has no such op.
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamGetter } from './types';

/** The ε added to the variance before the square root. */
export const GROUP_NORM_EPSILON = 1e-5;

/**
 * GroupNorm of x [B, H, W, C] with G groups of C/G consecutive channels:
 * for each example b and group g, μ and σ² are the mean and (biased) variance over the H·W·C/G values
 * of that group, x̂ = (x − μ)/√(σ² + ε), and y = γ_c x̂ + β_c with per-channel γ, β [C].
 * Throws unless G divides C.
 */
export function groupNorm(
  x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, groups: number, epsilon = GROUP_NORM_EPSILON,
): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0) {
    throw new RangeError(`GroupNorm needs the number of groups (${groups}) to divide the channels (${channels})`);
  }
  return tf.tidy(() => {
    // 1. view as [B, H·W, G, C/G] and take moments over the pixels and the channels of each group
    const grouped = tf.reshape(x, [batch, height * width, groups, channels / groups]);
    const { mean, variance } = tf.moments(grouped, [1, 3], true);
    // 2. normalise, then scale and shift per channel
    const normalised = tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, epsilon)));
    return tf.add(tf.mul(tf.reshape(normalised, x.shape), gamma), beta);
  });
}

/** GroupNorm with γ = `${prefix}.gamma` and β = `${prefix}.beta`. */
export function groupNormLayer(get: ParamGetter, prefix: string, x: tf.Tensor4D, groups: number): tf.Tensor4D {
  return groupNorm(x, get(`${prefix}.gamma`), get(`${prefix}.beta`), groups);
}
