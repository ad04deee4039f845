/**
 * "U-Net (small)": a reduced version of the DDPM network (Ho et al. 2020, Appendix B; Ronneberger
 * et al. 2015) for 28×28 digits: 28×28 → 14×14 → 7×7 and back, one residual block per level on the
 * way down and up, skip connections concatenated on the way up, no attention.
 */
import * as tf from '@tensorflow/tfjs';
import { buildDenoiser } from './denoiser';
import { conv, silu, upsampleNearest2x } from './layers';
import { groupNormLayer } from './groupNorm';
import { convSpecs, groupNormSpecs } from './params';
import { resBlock, resBlockSpecs } from './resBlock';
import { conditioning, conditioningSpecs, timeEmbeddingDim, validateTimeDim } from './timeEmbedding';
import type { Denoiser, ParamGetter, ParamSpec, UnetConfig } from './types';

/** At most three levels: 28 → 14 → 7 (7 is odd, so it cannot be halved and restored exactly). */
export const UNET_MAX_LEVELS = 3;
/** Residual blocks in the middle, at the lowest resolution. */
export const UNET_MID_BLOCKS = 2;

/** Channels of each level, baseChannels · channelMults[l]. */
export function levelChannels(config: UnetConfig): number[] {
  return config.channelMults.map((m) => config.baseChannels * m);
}

/** Throws a RangeError unless the configuration is valid. */
export function validateUnetConfig(config: UnetConfig): void {
  const { baseChannels, channelMults, groups } = config;
  if (!Number.isInteger(baseChannels) || baseChannels < 1 || baseChannels > 512) {
    throw new RangeError(`U-Net baseChannels must be an integer from 1 to 512, got ${baseChannels}`);
  }
  if (!Array.isArray(channelMults) || channelMults.length < 1 || channelMults.length > UNET_MAX_LEVELS) {
    throw new RangeError(`U-Net channelMults must list 1 to ${UNET_MAX_LEVELS} multipliers (28, 14, 7 pixels)`);
  }
  for (const m of channelMults) {
    if (!Number.isInteger(m) || m < 1 || m > 16) throw new RangeError(`U-Net channel multipliers must be integers from 1 to 16, got ${m}`);
  }
  if (!Number.isInteger(groups) || groups < 1) throw new RangeError(`U-Net groups must be a positive integer, got ${groups}`);
  for (const ch of levelChannels(config)) {
    if (ch % groups !== 0) throw new RangeError(`U-Net groups (${groups}) must divide every level's channels, not ${ch}`);
  }
  validateTimeDim(config.timeDim);
}

/**
 * Parameters, in forward order: time MLP (and a conditional model's 'label.embedding'); 'in' (3×3, 1 → C_0); per level l = 0 … L−1 'down{l}.res0'
 * and, except at the last level, 'down{l}.downsample' (3×3 stride 2); 'mid.res0', 'mid.res1';
 * per level l = L−1 … 0 'up{l}.res0' (input: previous output and the level's skip, concatenated) and,
 * except at level 0, 'up{l}.upsample' (nearest ×2 then 3×3); 'out.norm', 'out.conv' (3×3, C_0 → 1,
 * initialised to zero so that ε_θ starts at 0).
 */
export function unetParamSpecs(config: UnetConfig): ParamSpec[] {
  validateUnetConfig(config);
  const channels = levelChannels(config);
  const levels = channels.length;
  const embDim = timeEmbeddingDim(config.timeDim);
  const specs = [...conditioningSpecs(config), ...convSpecs('in', 3, 1, channels[0])];
  let ch = channels[0];
  for (let l = 0; l < levels; l++) {
    specs.push(...resBlockSpecs(`down${l}.res0`, ch, channels[l], embDim));
    ch = channels[l];
    if (l < levels - 1) specs.push(...convSpecs(`down${l}.downsample`, 3, ch, ch));
  }
  for (let m = 0; m < UNET_MID_BLOCKS; m++) specs.push(...resBlockSpecs(`mid.res${m}`, ch, ch, embDim));
  for (let l = levels - 1; l >= 0; l--) {
    specs.push(...resBlockSpecs(`up${l}.res0`, ch + channels[l], channels[l], embDim));
    ch = channels[l];
    if (l > 0) specs.push(...convSpecs(`up${l}.upsample`, 3, ch, ch));
  }
  specs.push(...groupNormSpecs('out.norm', ch), ...convSpecs('out.conv', 3, ch, 1, true));
  return specs;
}

/** The forward pass ε_θ(x_t, t[, y]), x_t [B, 28, 28, 1] → [B, 28, 28, 1]. */
function forward(get: ParamGetter, config: UnetConfig, xt: tf.Tensor4D, t: tf.Tensor1D, y: tf.Tensor2D | undefined): tf.Tensor4D {
  const channels = levelChannels(config);
  const levels = channels.length;
  const { groups } = config;
  // 1. time embedding SiLU(MLP(sinusoid(t)) [+ E_y]), shared by every block
  const timeEmbedding = conditioning(get, config, t, y);
  // 2. down: one residual block per level, keep its output as a skip, halve the resolution
  let h = conv(get, 'in', xt);
  const skips: tf.Tensor4D[] = [];
  for (let l = 0; l < levels; l++) {
    h = resBlock(get, `down${l}.res0`, h, timeEmbedding, channels[l], groups);
    skips.push(h);
    if (l < levels - 1) h = conv(get, `down${l}.downsample`, h, 2);
  }
  // 3. middle, at the lowest resolution
  for (let m = 0; m < UNET_MID_BLOCKS; m++) h = resBlock(get, `mid.res${m}`, h, timeEmbedding, h.shape[3], groups);
  // 4. up: concatenate the skip of the same resolution, residual block, double the resolution
  for (let l = levels - 1; l >= 0; l--) {
    const skip = skips[l];
    h = resBlock(get, `up${l}.res0`, tf.concat([h, skip], 3), timeEmbedding, channels[l], groups);
    if (l > 0) h = conv(get, `up${l}.upsample`, upsampleNearest2x(h));
  }
  // 5. output head: GroupNorm → SiLU → 3×3 convolution to one channel
  return conv(get, 'out.conv', silu(groupNormLayer(get, 'out.norm', h, groups)));
}

/** Creates the U-Net denoiser; the same seed gives the same initial weights. */
export function createUnet(config: UnetConfig, seed?: number): Denoiser & { config: UnetConfig } {
  const cfg: UnetConfig = { ...config, channelMults: [...config.channelMults] };
  return buildDenoiser(cfg, unetParamSpecs(cfg), (get, xt, t, y) => forward(get, cfg, xt, t, y), seed);
}
