/**
 * The residual block of the DDPM U-Net (Ho et al. 2020, Appendix B, after Wide ResNet), with the
 * time embedding added per channel between its two convolutions.
 */
import * as tf from '@tensorflow/tfjs';
import { conv, dense, silu } from './layers';
import { groupNormLayer } from './groupNorm';
import { convSpecs, denseSpecs, groupNormSpecs } from './params';
import type { ParamGetter, ParamSpec } from './types';

/**
 * Specs of one block `prefix` from `inCh` to `outCh` channels with a time embedding of width E:
 * norm1 (GroupNorm inCh), conv1 (3×3 inCh → outCh), temb (dense E → outCh), norm2 (GroupNorm outCh),
 * conv2 (3×3 outCh → outCh) and, when inCh ≠ outCh, skip (1×1 inCh → outCh).
 */
export function resBlockSpecs(prefix: string, inCh: number, outCh: number, embDim: number): ParamSpec[] {
  return [
    ...groupNormSpecs(`${prefix}.norm1`, inCh),
    ...convSpecs(`${prefix}.conv1`, 3, inCh, outCh),
    ...denseSpecs(`${prefix}.temb`, embDim, outCh),
    ...groupNormSpecs(`${prefix}.norm2`, outCh),
    ...convSpecs(`${prefix}.conv2`, 3, outCh, outCh),
    ...(inCh !== outCh ? convSpecs(`${prefix}.skip`, 1, inCh, outCh) : []),
  ];
}

/**
 * One residual block, x [B, H, W, inCh] → [B, H, W, outCh]:
 * h = conv1(SiLU(GN(x))) + temb(SiLU(e))[b, c] (broadcast over H, W);
 * h = conv2(SiLU(GN(h)));  out = skip(x) + h, with skip the identity when inCh = outCh.
 * `timeEmbedding` is SiLU(e) [B, E], computed once per forward pass.
 */
export function resBlock(
  get: ParamGetter, prefix: string, x: tf.Tensor4D, timeEmbedding: tf.Tensor2D, outCh: number, groups: number,
): tf.Tensor4D {
  const [batch, , , inCh] = x.shape;
  // 1. first half: normalise, activate, convolve
  let h = conv(get, `${prefix}.conv1`, silu(groupNormLayer(get, `${prefix}.norm1`, x, groups)));
  // 2. condition on t: add a learned per-channel offset
  const offset = tf.reshape(dense(get, `${prefix}.temb`, timeEmbedding), [batch, 1, 1, outCh]);
  h = tf.add(h, offset);
  // 3. second half
  h = conv(get, `${prefix}.conv2`, silu(groupNormLayer(get, `${prefix}.norm2`, h, groups)));
  // 4. residual connection, projected by a 1×1 convolution when the width changes
  const skip = inCh !== outCh ? conv(get, `${prefix}.skip`, x) : x;
  return tf.add(skip, h);
}
