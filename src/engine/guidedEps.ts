/**
 * ε for a reverse step, with classifier-free guidance when the model is conditional and a digit is
 * asked for: ε̃ = (1 + w) ε_θ(x_t, t, y) − w ε_θ(x_t, t, ∅) (Ho & Salimans 2022, eq. 6). Both
 * predictions come from one forward pass over the batch twice, [x_t; x_t] with labels [y; ∅].
 */
import * as tf from '@tensorflow/tfjs';
import { labelRows, NULL_LABEL, type Denoiser } from '../model';
import { validateGuidance, type Guidance } from '../diffusion/guidance';

/** ε̃ = (1 + w) ε(y) − w ε(∅); w = 0 gives ε(y) and w = −1 gives ε(∅), exactly. The caller owns the result. */
export function guide(epsCond: tf.Tensor, epsUncond: tf.Tensor, w: number): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.mul(epsCond, 1 + w), tf.mul(epsUncond, w)));
}

/** The ε a step uses and, when guided, the two predictions it combines; the caller owns every tensor. */
export interface GuidedEps {
  eps: tf.Tensor4D;
  parts: { cond: tf.Tensor4D; uncond: tf.Tensor4D } | null;
}

/**
 * ε at timestep t for every image of x [n, 28, 28, 1]:
 * - an unconditional model, or no guidance: ε_θ(x_t, t) (∅ for a conditional model);
 * - a conditional model asked for "any digit" (label null): ε_θ(x_t, t, ∅);
 * - a digit y: ε̃ above, with both predictions in `parts` (at w = 0 only ε(y) is computed).
 */
export function guidedEps(model: Denoiser, x: tf.Tensor4D, t: number, weights: tf.Tensor[] | undefined, guidance: Guidance | null): GuidedEps {
  if (guidance) validateGuidance(guidance);
  if (guidance?.label != null && !model.config.conditional) {
    throw new RangeError('This model was trained without labels, so it cannot be asked for a digit: sample it with "any digit"');
  }
  const labels = guidance?.label != null ? new Array<number>(x.shape[0]).fill(guidance.label) : null;
  return epsForLabels(model, x, t, weights, labels, guidance?.w ?? 0);
}

/**
 * As guidedEps, with one label per image (null: none, ∅ for a conditional model) and scale w. The
 * training meter asks a conditional model for every digit at once this way.
 */
export function epsForLabels(
  model: Denoiser, x: tf.Tensor4D, t: number, weights: tf.Tensor[] | undefined, labels: ArrayLike<number> | null, w: number,
): GuidedEps {
  const n = x.shape[0];
  const r = tf.tidy((): { eps: tf.Tensor4D; cond?: tf.Tensor4D; uncond?: tf.Tensor4D } => {
    const ts = tf.fill([n], t) as tf.Tensor1D;
    if (!model.config.conditional || labels === null) return { eps: model.apply(x, ts, weights) };
    if (w === 0) return { eps: model.apply(x, ts, weights, labelRows(labels)) };
    const both = model.apply(
      tf.concat([x, x]) as tf.Tensor4D, tf.concat([ts, ts]) as tf.Tensor1D, weights,
      labelRows([...Array.from(labels), ...new Array<number>(n).fill(NULL_LABEL)]),
    );
    const [cond, uncond] = tf.split(both, 2) as [tf.Tensor4D, tf.Tensor4D];
    return { eps: guide(cond, uncond, w) as tf.Tensor4D, cond, uncond };
  });
  return { eps: r.eps, parts: r.cond && r.uncond ? { cond: r.cond, uncond: r.uncond } : null };
}
