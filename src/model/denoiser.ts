/**
 * Turns a list of parameter specs and a forward function into a Denoiser object.
 */
import * as tf from '@tensorflow/tfjs';
import { createVariables, paramCountOf, paramGetter } from './params';
import { IMAGE_SIZE, LABEL_ROWS, type Denoiser, type ModelConfig, type ParamGetter, type ParamSpec } from './types';

/** A forward pass ε_θ(x_t, t, y) written against a parameter lookup (y: one-hot labels, or undefined). */
export type ForwardFn = (get: ParamGetter, xt: tf.Tensor4D, t: tf.Tensor1D, y: tf.Tensor2D | undefined) => tf.Tensor4D;

/** Throws unless x_t is [B, 28, 28, 1] and t is [B]. */
export function validateInputs(xt: tf.Tensor, t: tf.Tensor): void {
  const [batch, height, width, channels] = xt.shape;
  if (xt.rank !== 4 || height !== IMAGE_SIZE || width !== IMAGE_SIZE || channels !== 1) {
    throw new RangeError(`x_t must have shape [B, 28, 28, 1], got [${xt.shape.join(', ')}]`);
  }
  validateTimesteps(t, batch);
}

/** Throws unless y fits the model: absent for an unconditional one, one-hot rows [batch, 11] otherwise. */
export function validateLabels(config: ModelConfig, y: tf.Tensor | undefined, batch: number): void {
  if (y === undefined) return;
  if (!config.conditional) throw new RangeError('this model is unconditional: it takes no label');
  if (y.rank !== 2 || y.shape[0] !== batch || y.shape[1] !== LABEL_ROWS) {
    throw new RangeError(`y must be one-hot labels of shape [${batch}, ${LABEL_ROWS}], got [${y.shape.join(', ')}]`);
  }
}

/** Throws unless t is [batch], one timestep per example. */
export function validateTimesteps(t: tf.Tensor, batch: number): void {
  if (t.rank !== 1 || t.shape[0] !== batch) {
    throw new RangeError(`t must have shape [${batch}] (one timestep per example), got [${t.shape.join(', ')}]`);
  }
}

/**
 * Creates the variables of `specs` (seeded) and wraps `forward` as Denoiser.apply, which runs inside
 * tf.tidy so that only the returned prediction survives.
 */
export function buildDenoiser<C extends ModelConfig>(
  config: C, specs: ParamSpec[], forward: ForwardFn, seed?: number,
): Denoiser & { config: C } {
  const params = createVariables(specs, seed);
  let disposed = false;
  return {
    config,
    params,
    paramCount: paramCountOf(specs),
    apply(xt, t, weights, y) {
      if (disposed) throw new Error('this model has been disposed');
      validateInputs(xt, t);
      validateLabels(config, y, xt.shape[0]);
      const get = paramGetter(params, weights);
      return tf.tidy(() => forward(get, xt, t, y));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const p of params) p.variable.dispose();
    },
  };
}
