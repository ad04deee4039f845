/**
 * GroupNorm's forward and backward kernels on tfjs's WebAssembly backend, as the plain loops of
 * model/groupNormLoops.ts run over the backend's heap: one kernel each way instead of about ten
 * broadcasting element-wise ops (model/groupNorm.ts uses them wherever they are registered).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { GROUP_NORM_GRAD_KERNEL, GROUP_NORM_KERNEL } from '../model/groupNorm';
import { groupNormBackward, groupNormForward, type GroupNormDims } from '../model/groupNormLoops';
import type { KernelArgs } from './wasmKernels';

function dimsOf(x: tf.TensorInfo, groups: number): GroupNormDims {
  const [batch, height, width, channels] = x.shape;
  return { batch, pixels: height * width, channels, groups };
}

/** inputs x [B, H, W, C], gamma, beta [C]; attrs groups, epsilon → [y, stats [B, G, 2] of (μ, r)] */
function forward({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { x, gamma, beta } = inputs as Record<string, tf.TensorInfo>;
  const { groups, epsilon } = attrs as { groups: number; epsilon: number };
  // allocate first: a growing heap replaces the buffer that views are taken of
  const y = wasm.makeOutput(x.shape, 'float32');
  const stats = wasm.makeOutput([x.shape[0], groups, 2], 'float32');
  const view = (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
  groupNormForward(view(x), view(gamma), view(beta), dimsOf(x, groups), epsilon, view(y), view(stats));
  return [y, stats];
}

/** inputs dy, x [B, H, W, C], stats [B, G, 2], gamma [C]; attrs groups → [dx, dγ, dβ] */
function backward({ inputs, attrs, backend }: KernelArgs): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { dy, x, stats, gamma } = inputs as Record<string, tf.TensorInfo>;
  const { groups } = attrs as { groups: number };
  const channels = dy.shape[3];
  const dx = wasm.makeOutput(dy.shape, 'float32');
  const dGamma = wasm.makeOutput([channels], 'float32');
  const dBeta = wasm.makeOutput([channels], 'float32');
  const view = (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
  groupNormBackward(view(dy), view(x), view(stats), view(gamma), dimsOf(dy, groups), view(dx), view(dGamma), view(dBeta));
  return [dx, dGamma, dBeta];
}

/** Registers both kernels for the WebAssembly backend. */
export function registerWasmGroupNorm(): void {
  tf.registerKernel({ kernelName: GROUP_NORM_KERNEL, backendName: 'wasm', kernelFunc: forward as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: GROUP_NORM_GRAD_KERNEL, backendName: 'wasm', kernelFunc: backward as unknown as tf.KernelFunc });
}
