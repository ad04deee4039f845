import { DEFAULT_CONFIGS, paramCountOf, paramSpecsOf, sameConfig, type ModelConfig } from '../model';
import type { ModelKind, ModelSize, TrainConfig } from './protocol';

/** Small versions of both architectures, for browser tests and the CPU backend. */
const TINY_CONFIGS: Record<ModelKind, ModelConfig> = {
  mlp: { kind: 'mlp', hidden: 64, depth: 2, timeDim: 16 },
  unet: { kind: 'unet', baseChannels: 8, channelMults: [1, 2, 2], groups: 4, timeDim: 16 },
};

/** The architecture of a (kind, size) choice, conditioned on the digit or not. */
export function modelConfigOf(kind: ModelKind, size: ModelSize, conditional = false): ModelConfig {
  const config = size === 'tiny' ? TINY_CONFIGS[kind] : DEFAULT_CONFIGS[kind];
  return conditional ? { ...config, conditional: true } : config;
}

/** The (kind, size, conditional) of an architecture this app offers, or null for any other. */
export function choiceOf(config: ModelConfig): { model: ModelKind; size: ModelSize; conditional: boolean } | null {
  const conditional = config.conditional === true;
  for (const size of ['default', 'tiny'] as const) {
    for (const kind of ['unet', 'mlp'] as const) {
      if (sameConfig(config, modelConfigOf(kind, size, conditional))) return { model: kind, size, conditional };
    }
  }
  return null;
}

/** Parameter counts of both architectures at a size, computed from their specs (no tensors made). */
export function paramCountsAt(size: ModelSize, conditional = false): Record<ModelKind, number> {
  return {
    unet: paramCountOf(paramSpecsOf(modelConfigOf('unet', size, conditional))),
    mlp: paramCountOf(paramSpecsOf(modelConfigOf('mlp', size, conditional))),
  };
}

/** Check a training configuration from the UI or a checkpoint; throws a RangeError naming the problem. */
export function validateTrainConfig(c: TrainConfig): void {
  if (c.model !== 'unet' && c.model !== 'mlp') throw new RangeError(`unknown model "${String(c.model)}"`);
  if (c.size !== 'default' && c.size !== 'tiny') throw new RangeError(`unknown model size "${String(c.size)}"`);
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1 || c.batchSize > 256) throw new RangeError(`batch size must be 1–256, got ${c.batchSize}`);
  if (!(c.learningRate > 0 && c.learningRate < 1)) throw new RangeError(`learning rate must be in (0, 1), got ${c.learningRate}`);
  if (!(c.clipNorm > 0)) throw new RangeError(`clip norm must be positive, got ${c.clipNorm}`);
  if (c.schedule?.kind !== 'linear' && c.schedule?.kind !== 'cosine') throw new RangeError('schedule must be linear or cosine');
  if (c.conditional !== undefined && typeof c.conditional !== 'boolean') throw new RangeError(`conditional must be true or false, got ${String(c.conditional)}`);
}
