/**
 * Group normalisation (Wu & He 2018) for NHWC tensors; tfjs has no such op.
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamGetter } from './types';

/**
 * Kernels that a backend may register to run GroupNorm in one kernel each way: (x, γ, β) → [y, the
 * (μ, r) of each example's groups] and (dy, x, those statistics, γ) → [∂x, ∂γ, ∂β], as
 * groupNormLoops.ts computes them. Without them the op-by-op version below runs.
 */
export const GROUP_NORM_KERNEL = 'DdpmGroupNorm';
export const GROUP_NORM_GRAD_KERNEL = 'DdpmGroupNormGrad';

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
  if (tf.getKernel(GROUP_NORM_KERNEL, tf.getBackend())) return groupNormByKernels(groups, epsilon)(x, gamma, beta);
  const shape4: [number, number, number, number] = [batch, height * width, groups, channels / groups];
  return groupNormWithGrad(shape4, epsilon)(x, gamma, beta);
}

/** The normalisation and its gradient by the backend's own GroupNorm kernels. */
function groupNormByKernels(groups: number, epsilon: number) {
  return tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, gamma, beta, save] = inputs as [tf.Tensor4D, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const attrs = { groups, epsilon };
    const [y, stats] = tf.engine().runKernel(GROUP_NORM_KERNEL, { x, gamma, beta }, attrs) as tf.Tensor[];
    save([x, stats, gamma]);
    return {
      value: y as tf.Tensor4D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xSaved, statsSaved, gammaSaved] = saved;
        return tf.engine().runKernel(GROUP_NORM_GRAD_KERNEL, { dy, x: xSaved, stats: statsSaved, gamma: gammaSaved }, attrs) as tf.Tensor[];
      },
    };
  });
}

/**
 * The normalisation with its gradient in closed form (fewer, larger ops than differentiating the
 * moments op by op: about half the kernels of a U-Net's backward pass on the CPU backends). Over the
 * set S of one example's group, with x̂ = (x − μ) r, r = 1/√(σ² + ε) and g = γ ∂L/∂y:
 * ∂L/∂x = r (g − mean_S g − x̂ mean_S(g x̂)), ∂L/∂γ = Σ_{b,h,w} ∂L/∂y x̂, ∂L/∂β = Σ_{b,h,w} ∂L/∂y.
 */
function groupNormWithGrad(grouped: [number, number, number, number], epsilon: number) {
  return tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, gamma, beta, save] = inputs as [tf.Tensor4D, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    // 1. view as [B, H·W, G, C/G] and take moments over the pixels and the channels of each group
    const { mean, variance } = tf.moments(tf.reshape(x, grouped), [1, 3], true);
    const r = tf.rsqrt(tf.add(variance, epsilon));
    // 2. normalise, then scale and shift per channel
    const xHat = tf.reshape(tf.mul(tf.sub(tf.reshape(x, grouped), mean), r), x.shape);
    save([xHat, r, gamma]);
    return {
      value: tf.add(tf.mul(xHat, gamma), beta) as tf.Tensor4D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xh, rs, gammaSaved] = saved;
        const g = tf.reshape(tf.mul(dy, gammaSaved), grouped);
        const xg = tf.reshape(xh, grouped);
        const centred = tf.sub(tf.sub(g, tf.mean(g, [1, 3], true)), tf.mul(xg, tf.mean(tf.mul(g, xg), [1, 3], true)));
        return [tf.reshape(tf.mul(centred, rs), x.shape), tf.sum(tf.mul(dy, xh), [0, 1, 2]), tf.sum(dy, [0, 1, 2])];
      },
    };
  });
}

/** GroupNorm with γ = `${prefix}.gamma` and β = `${prefix}.beta`. */
export function groupNormLayer(get: ParamGetter, prefix: string, x: tf.Tensor4D, groups: number): tf.Tensor4D {
  return groupNorm(x, get(`${prefix}.gamma`), get(`${prefix}.beta`), groups);
}
