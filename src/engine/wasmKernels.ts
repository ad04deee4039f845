/**
 * Faster Slice and SplitV kernels for tfjs's WebAssembly backend. Its own Slice reads its input with
 * readSync, which copies the whole tensor out of the WebAssembly heap before taking the slice: the
 * trainer's split of a flat parameter-sized vector into one piece per parameter then copies the whole
 * vector once per piece (a third of a U-Net training step went there), and the gradient of each skip
 * connection's concatenation copies its whole activation twice. Here a slice copies only its own
 * elements, heap to heap, in runs as long as the layout allows; strings go to the backend's kernel.
 * GroupNorm gets kernels of its own each way (wasmGroupNorm.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmGroupNorm } from './wasmGroupNorm';

/** What tfjs passes a kernel function. */
export type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown };

let installed = false;

type Values = Float32Array | Int32Array | Uint8Array;

/**
 * Copies x[begin : begin + size] into `out` (row-major). The trailing axes taken whole, plus the last
 * axis that is not, form contiguous runs; one `set` per run, iterating over the leading axes.
 */
export function copySlice(x: Values, shape: readonly number[], begin: readonly number[], size: readonly number[], out: Values): void {
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[0];
    return;
  }
  const strides = tf.util.computeStrides(shape as number[]);
  const strideOf = (axis: number) => (axis === rank - 1 ? 1 : strides[axis]);
  // the first axis k such that every axis after it is taken whole: runs of size[k] · stride(k)
  let k = rank - 1;
  while (k > 0 && size[k] === shape[k]) k--;
  const run = size[k] * strideOf(k);
  const runs = size.slice(0, k).reduce((a, b) => a * b, 1);
  const index = new Array<number>(k).fill(0);
  let written = 0;
  for (let r = 0; r < runs; r++) {
    let from = begin[k] * strideOf(k);
    for (let a = 0; a < k; a++) from += (begin[a] + index[a]) * strideOf(a);
    out.set(x.subarray(from, from + run), written);
    written += run;
    // next index over the leading axes, last one fastest
    for (let a = k - 1; a >= 0; a--) {
      if (++index[a] < size[a]) break;
      index[a] = 0;
    }
  }
}

/** Replaces the wasm backend's Slice and SplitV and adds GroupNorm's kernels (once; safe to call again). */
export function installWasmKernels(): void {
  if (installed) return;
  const original = tf.getKernel('Slice', 'wasm');
  if (!original) return; // the backend is not registered: nothing to replace
  installed = true;
  const backendSlice = original.kernelFunc as (args: KernelArgs) => tf.TensorInfo; // for strings

  const slice = (args: KernelArgs): tf.TensorInfo => {
    const backend = args.backend as BackendWasm;
    const x = args.inputs.x as tf.TensorInfo;
    const { begin, size } = args.attrs as { begin: number | number[]; size: number | number[] };
    const [begin_, size_] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    if (x.dtype === 'string') return backendSlice(args);
    // allocate first: a growing heap replaces the buffer that views are taken of
    const out = backend.makeOutput(size_, x.dtype);
    copySlice(backend.typedArrayFromHeap(x), x.shape, begin_, size_, backend.typedArrayFromHeap(out));
    return out;
  };

  const splitV = (args: KernelArgs): tf.TensorInfo[] => {
    const x = args.inputs.x as tf.TensorInfo;
    const { numOrSizeSplits, axis } = args.attrs as { numOrSizeSplits: number | number[]; axis: number };
    const along = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, along);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[along] = s;
      const piece = slice({ ...args, attrs: { begin: [...begin], size } });
      begin[along] += s;
      return piece;
    });
  };

  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ kernelName: 'Slice', backendName: 'wasm', kernelFunc: slice as unknown as tf.KernelFunc });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({ kernelName: 'SplitV', backendName: 'wasm', kernelFunc: splitV as unknown as tf.KernelFunc });
  registerWasmGroupNorm();
}

installWasmKernels();
