/**
 * The building blocks of the networks, as functions of a parameter lookup: dense and convolution
 * layers fused with their bias (one dispatch each on WebGPU), SiLU and nearest-neighbour upsampling.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2dCpu, denseCpu } from './cpuGradients';
import type { ParamGetter } from './types';

/**
 * How convolutions and dense layers are differentiated: 'auto' uses the gradients of cpuGradients.ts
 * (forward convolutions, plain matMuls) on the CPU and WebAssembly backends and the native fused
 * layers on the GPU ones.
 */
export type GradientAlgorithm = 'auto' | 'native' | 'cpu';

let gradientAlgorithm: GradientAlgorithm = 'auto';

/** Overrides the choice of layer gradients (both give the same results; see cpuGradients.ts). */
export function setGradientAlgorithm(algorithm: GradientAlgorithm): void {
  gradientAlgorithm = algorithm;
}

/** Backends whose layers use the gradients of cpuGradients.ts. */
const CPU_GRADIENT_BACKENDS = new Set(['cpu', 'wasm']);

/** True when layers should use the gradients of cpuGradients.ts on the current backend. */
function cpuGradientsWanted(): boolean {
  return gradientAlgorithm === 'auto' ? CPU_GRADIENT_BACKENDS.has(tf.getBackend()) : gradientAlgorithm === 'cpu';
}

/** SiLU (swish), silu(x) = x · σ(x) = x / (1 + e^{−x}). */
export function silu<T extends tf.Tensor>(x: T): T {
  return tf.mul(x, tf.sigmoid(x));
}

/** Dense layer y = x W + b, x [B, in] → [B, out], with W = `${prefix}.kernel`, b = `${prefix}.bias`. */
export function dense(get: ParamGetter, prefix: string, x: tf.Tensor2D): tf.Tensor2D {
  if (cpuGradientsWanted()) return denseCpu(x, get(`${prefix}.kernel`) as tf.Tensor2D, get(`${prefix}.bias`));
  return tf.fused.matMul({
    a: x,
    b: get(`${prefix}.kernel`) as tf.Tensor2D,
    bias: get(`${prefix}.bias`),
  }) as tf.Tensor2D;
}

/**
 * k×k convolution with 'same' padding and bias, x [B, H, W, in] → [B, H/stride, W/stride, out]
 * (rounded up), with kernel `${prefix}.kernel` [k, k, in, out] and bias `${prefix}.bias` [out].
 */
export function conv(get: ParamGetter, prefix: string, x: tf.Tensor4D, stride: 1 | 2 = 1): tf.Tensor4D {
  const filter = get(`${prefix}.kernel`) as tf.Tensor4D;
  const bias = get(`${prefix}.bias`);
  if (cpuGradientsWanted()) return conv2dCpu(x, filter, bias, stride);
  return tf.fused.conv2d({ x, filter, bias, strides: stride, pad: 'same' });
}

/**
 * Nearest-neighbour upsampling by 2: [B, H, W, C] → [B, 2H, 2W, C], each pixel copied to a 2×2 block.
 * Its gradient is the sum of dy over each 2×2 block (4 · avgPool), written here because tfjs 4.22's
 * own ResizeNearestNeighborGrad on the CPU backend is wrong for batches of more than one image (found
 * by the parity test against PyTorch, test/unit/model/parity.test.ts).
 */
const upsampleWithGrad = tf.customGrad<tf.Tensor4D>((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = inputs[0] as tf.Tensor4D;
  const [, h, w] = x.shape;
  return {
    value: tf.image.resizeNearestNeighbor(x, [2 * h, 2 * w]),
    gradFunc: (dy: tf.Tensor4D) => tf.mul(tf.avgPool(dy, 2, 2, 'valid'), 4),
  };
});

export function upsampleNearest2x(x: tf.Tensor4D): tf.Tensor4D {
  return upsampleWithGrad(x);
}
