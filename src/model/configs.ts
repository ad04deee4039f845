/**
 * Default configurations, labels and validation of both architectures.
 */
import { mlpParamSpecs, validateMlpConfig } from './mlp';
import { unetParamSpecs, validateUnetConfig } from './unet';
import type { ModelConfig, ModelKind, ParamSpec } from './types';

/**
 * Defaults (parameter counts are checked by the unit tests):
 * - mlp: (784 + 128) → 1024 → 1024 → 784, with a 32-dimensional sinusoid widened to 128:
 *   2,808,848 parameters. The hidden width is above 784 on purpose: at large t, ε ≈ x_t, and a
 *   narrower layer could not pass all 784 noise components through (a width of 512 would leave at
 *   least a third of them unpredictable). Cheap matrix products, but it sees no image structure.
 * - unet: 16 base channels at 28×28, 32 at 14×14 and 7×7, 8 groups: 225,265 parameters. A quarter of
 *   the FLOPs of the 32-channel version (776,929 parameters) that was the default before, and ahead of
 *   it per FLOP early in training (README, "How fast it learns"), which is where a learner's tab is.
 */
export const DEFAULT_CONFIGS: Record<ModelKind, ModelConfig> = {
  mlp: { kind: 'mlp', hidden: 1024, depth: 2, timeDim: 32 },
  unet: { kind: 'unet', baseChannels: 16, channelMults: [1, 2, 2], groups: 8, timeDim: 32 },
};

/** The name of each architecture in the UI. */
export const MODEL_LABELS: Record<ModelKind, string> = {
  mlp: 'MLP (as in the notes)',
  unet: 'U-Net (small)',
};

/** The architecture the app uses unless the learner picks another. */
export const DEFAULT_MODEL_KIND: ModelKind = 'unet';

/** Throws a RangeError unless `config` is a valid configuration of a known architecture. */
export function validateConfig(config: ModelConfig): void {
  if (config === null || typeof config !== 'object') throw new RangeError('a model configuration must be an object');
  if (config.conditional !== undefined && typeof config.conditional !== 'boolean') {
    throw new RangeError(`'conditional' must be true or false, got ${String(config.conditional)}`);
  }
  switch (config.kind) {
    case 'mlp':
      validateMlpConfig(config);
      return;
    case 'unet':
      validateUnetConfig(config);
      return;
    default:
      throw new RangeError(`unknown model kind '${String((config as { kind: unknown }).kind)}'`);
  }
}

/** The ordered parameter specs (names, shapes, initialisers) of a configuration; no tensors. */
export function paramSpecsOf(config: ModelConfig): ParamSpec[] {
  validateConfig(config);
  return config.kind === 'mlp' ? mlpParamSpecs(config) : unetParamSpecs(config);
}

/** A short human description, e.g. "U-Net (small) with 32 base channels × [1, 2, 2], 8 groups, time dimension 32". */
export function describeConfig(config: ModelConfig): string {
  const label = config.conditional ? ', conditioned on the digit' : '';
  if (config.kind === 'mlp') {
    return `${MODEL_LABELS.mlp} with ${config.depth} hidden layers of width ${config.hidden}, time dimension ${config.timeDim}${label}`;
  }
  return `${MODEL_LABELS.unet} with ${config.baseChannels} base channels × [${config.channelMults.join(', ')}], `
    + `${config.groups} groups, time dimension ${config.timeDim}${label}`;
}

/** True when two configurations describe the same architecture (same kind and the same sizes). */
export function sameConfig(a: ModelConfig, b: ModelConfig): boolean {
  if (Boolean(a.conditional) !== Boolean(b.conditional)) return false;
  if (a.kind === 'mlp' && b.kind === 'mlp') {
    return a.hidden === b.hidden && a.depth === b.depth && a.timeDim === b.timeDim;
  }
  if (a.kind === 'unet' && b.kind === 'unet') {
    return a.baseChannels === b.baseChannels && a.groups === b.groups && a.timeDim === b.timeDim
      && a.channelMults.length === b.channelMults.length && a.channelMults.every((m, i) => m === b.channelMults[i]);
  }
  return false;
}
