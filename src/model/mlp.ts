/**
 * "MLP (as in the notes)": the notes' fully connected `DenoisingModel`, which sees each image as a
 * vector of 784 pixels (`xt.view(-1, 28*28)`) and predicts the 784 components of ε.
 */
import * as tf from '@tensorflow/tfjs';
import { buildDenoiser, validateLabels, validateTimesteps } from './denoiser';
import { denseSpecs, paramGetter } from './params';
import { dense, silu } from './layers';
import { conditioning, conditioningSpecs, timeEmbeddingDim, validateTimeDim } from './timeEmbedding';
import { IMAGE_PIXELS, IMAGE_SIZE, type MlpConfig, type MlpDenoiser, type ParamGetter, type ParamSpec } from './types';

/** Throws a RangeError unless the configuration is valid. */
export function validateMlpConfig(config: MlpConfig): void {
  for (const key of ['hidden', 'depth'] as const) {
    const v = config[key];
    if (!Number.isInteger(v) || v < 1 || v > 8192) throw new RangeError(`MLP ${key} must be an integer from 1 to 8192, got ${v}`);
  }
  if (config.depth > 16) throw new RangeError(`MLP depth must be at most 16, got ${config.depth}`);
  validateTimeDim(config.timeDim);
}

/**
 * Parameters, in order: the time MLP ('time.dense0', 'time.dense1'; a conditional model's
 * 'label.embedding' after them), then 'layer0' … 'layer{depth−1}'
 * (the first takes 784 + 4d inputs: pixels and time embedding concatenated), then 'out' (hidden → 784,
 * kernel initialised to zero so that ε_θ starts at 0).
 */
export function mlpParamSpecs(config: MlpConfig): ParamSpec[] {
  validateMlpConfig(config);
  const { hidden, depth, timeDim } = config;
  const specs = conditioningSpecs(config);
  for (let l = 0; l < depth; l++) {
    const inDim = l === 0 ? IMAGE_PIXELS + timeEmbeddingDim(timeDim) : hidden;
    specs.push(...denseSpecs(`layer${l}`, inDim, hidden));
  }
  specs.push(...denseSpecs('out', hidden, IMAGE_PIXELS, true));
  return specs;
}

/**
 * ε_θ on flat images x_t [B, 784]: h_0 = [x_t, SiLU(temb(t) [+ E_y])], h_l = SiLU(W_l h_{l−1} + b_l) for
 * l = 1 … depth, ε_θ = W_out h_depth + b_out.
 */
function forwardFlat(get: ParamGetter, config: MlpConfig, xt: tf.Tensor2D, t: tf.Tensor1D, y: tf.Tensor2D | undefined): tf.Tensor2D {
  const timeEmbedding = conditioning(get, config, t, y);
  let h = tf.concat([xt, timeEmbedding], 1) as tf.Tensor2D;
  for (let l = 0; l < config.depth; l++) h = silu(dense(get, `layer${l}`, h));
  return dense(get, 'out', h);
}

/** Creates the MLP denoiser; the same seed gives the same initial weights. */
export function createMlp(config: MlpConfig, seed?: number): MlpDenoiser {
  const cfg: MlpConfig = { ...config };
  const base = buildDenoiser(cfg, mlpParamSpecs(cfg), (get, xt, t, y) => {
    const [batch] = xt.shape;
    const flat = forwardFlat(get, cfg, tf.reshape(xt, [batch, IMAGE_PIXELS]), t, y);
    return tf.reshape(flat, [batch, IMAGE_SIZE, IMAGE_SIZE, 1]);
  }, seed);
  return {
    ...base,
    applyFlat(xt, t, weights, y) {
      if (xt.rank !== 2 || xt.shape[1] !== IMAGE_PIXELS) {
        throw new RangeError(`x_t must have shape [B, 784], got [${xt.shape.join(', ')}]`);
      }
      validateTimesteps(t, xt.shape[0]);
      validateLabels(cfg, y, xt.shape[0]);
      if (base.params[0].variable.isDisposed) throw new Error('this model has been disposed');
      const get = paramGetter(base.params, weights);
      return tf.tidy(() => forwardFlat(get, cfg, xt, t, y));
    },
  };
}
