/**
 * The noise-prediction networks ε_θ(x_t, t): the public entry point of model/.
 */
import { validateConfig } from './configs';
import { createMlp } from './mlp';
import { createUnet } from './unet';
import type { Denoiser, ModelConfig } from './types';

export type {
  Denoiser, MlpConfig, MlpDenoiser, ModelConfig, ModelKind, NamedParam, ParamSpec, UnetConfig,
} from './types';
export { IMAGE_PIXELS, IMAGE_SIZE, LABEL_ROWS, NULL_LABEL, NUM_CLASSES } from './types';
export {
  DEFAULT_CONFIGS, DEFAULT_MODEL_KIND, MODEL_LABELS, describeConfig, paramSpecsOf, sameConfig, validateConfig,
} from './configs';
export { paramCountOf } from './params';
export { createMlp } from './mlp';
export { createUnet } from './unet';
export {
  CHECKPOINT_FORMAT, CHECKPOINT_VERSION, CheckpointError, EMA_PREFIX, OPTIMIZER_PREFIX, fromArtifacts, loadIntoModel, toArtifacts,
} from './serialize';
export { setGradientAlgorithm, type GradientAlgorithm } from './layers';
export { labelRows, sinusoidalEmbedding, timestepFrequencies } from './timeEmbedding';
export { groupNorm } from './groupNorm';
export type { CheckpointContents, NamedTensor } from './serialize';

/**
 * Creates ε_θ for a configuration, with weights drawn from a generator seeded by `seed` (random when
 * omitted). Throws a RangeError on an invalid configuration.
 */
export function createDenoiser(config: ModelConfig, seed?: number): Denoiser {
  validateConfig(config);
  return config.kind === 'mlp' ? createMlp(config, seed) : createUnet(config, seed);
}
