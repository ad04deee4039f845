import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/engine/wasmKernels';
import { copySlice } from '../../../src/engine/wasmKernels';
import { GROUP_NORM_KERNEL, groupNorm } from '../../../src/model/groupNorm';

/** The reference: tfjs's CPU backend. */
async function onCpu(f: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> {
  await tf.setBackend('cpu');
  const r = f();
  const out = (Array.isArray(r) ? r : [r]).map((t) => Array.from(t.dataSync()));
  tf.dispose(r);
  await tf.setBackend('wasm');
  return out;
}

describe('the WebAssembly backend’s Slice and SplitV (heap to heap, without copying the whole input)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });
  const x = () => tf.tensor(Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => i * 0.5 - 7), [2, 3, 4, 5]);
  const cases: [string, number[], number[]][] = [
    ['contiguous rows', [1, 0, 0, 0], [1, 3, 4, 5]],
    ['channels in the middle (a skip connection’s gradient)', [0, 0, 0, 2], [2, 3, 4, 3]],
    ['a window', [1, 1, 2, 1], [1, 2, 2, 3]],
    ['one element', [1, 2, 3, 4], [1, 1, 1, 1]],
    ['everything', [0, 0, 0, 0], [-1, -1, -1, -1]],
  ];
  for (const [label, begin, size] of cases) {
    it(`${label}: the same values as the CPU backend`, async () => {
      const expected = await onCpu(() => tf.slice(x(), begin, size));
      const input = x();
      const got = tf.slice(input, begin, size);
      expect(Array.from(await got.data())).toEqual(expected[0]);
      tf.dispose([input, got]);
    });
  }
  it('SplitV along the last axis and along the first, and of a flat vector', async () => {
    for (const [shape, sizes, axis] of [[[2, 3, 4, 5], [2, 3], 3], [[2, 3, 4, 5], [1, 1], 0], [[120], [7, 100, 13], 0]] as [number[], number[], number][]) {
      const make = () => tf.reshape(x(), shape);
      const expected = await onCpu(() => tf.split(make(), sizes, axis));
      const input = make();
      const pieces = tf.split(input, sizes, axis);
      expect(await Promise.all(pieces.map(async (p) => Array.from(await p.data())))).toEqual(expected);
      tf.dispose([input, ...pieces]);
    }
  });
  it('int32 and bool slices too', async () => {
    const ints = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
    const bools = tf.tensor2d([true, false, false, true, true, false], [3, 2], 'bool');
    const a = tf.slice(ints, [0, 1], [2, 2]);
    const b = tf.slice(bools, [1, 0], [2, 1]);
    expect([a.dtype, Array.from(await a.data())]).toEqual(['int32', [2, 3, 5, 6]]);
    expect([b.dtype, Array.from(await b.data())]).toEqual(['bool', [0, 1]]);
    tf.dispose([ints, bools, a, b]);
  });
  it('copySlice of a scalar', () => {
    const out = new Float32Array(1);
    copySlice(Float32Array.of(3.5), [], [], [], out);
    expect(out[0]).toBe(3.5);
  });
});

describe('GroupNorm’s own kernels on the WebAssembly backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });
  // odd sizes, one group, one channel per group, and a U-Net-like shape with a large mean
  const cases: [string, number[], number, number][] = [
    ['2 groups of 3 channels', [3, 5, 4, 6], 2, 0],
    ['one group', [2, 3, 3, 4], 1, 0],
    ['a group per channel', [2, 2, 3, 5], 5, 0],
    ['8 groups of 2 over 28×28, offset by 40', [2, 28, 28, 16], 8, 40],
  ];
  for (const [label, shape, groups, offset] of cases) {
    it(`${label}: the output and the gradients of x, γ and β equal the op-by-op version on the CPU backend`, async () => {
      const channels = shape[3];
      const make = () => ({
        x: tf.tidy(() => tf.add(tf.randomNormal(shape, 0, 2, 'float32', 21), offset)) as tf.Tensor4D,
        gamma: tf.randomNormal([channels], 1, 0.5, 'float32', 22),
        beta: tf.randomNormal([channels], 0, 0.5, 'float32', 23),
        weights: tf.randomNormal(shape, 0, 1, 'float32', 24),
      });
      const run = () => {
        const { x, gamma, beta, weights } = make();
        const y = groupNorm(x, gamma, beta, groups);
        const loss = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(groupNorm(xi as tf.Tensor4D, gi, bi, groups), weights));
        const grads = tf.grads(loss)([x, gamma, beta]);
        tf.dispose([x, gamma, beta, weights]);
        return [y, ...grads];
      };
      const expected = await onCpu(run);
      expect(tf.getKernel(GROUP_NORM_KERNEL, 'wasm')).toBeDefined();
      const before = tf.memory().numTensors;
      const got = run();
      for (let i = 0; i < expected.length; i++) {
        const values = await got[i].data();
        const scale = Math.max(1, ...expected[i].map(Math.abs));
        const worst = expected[i].reduce((m, v, k) => Math.max(m, Math.abs(v - values[k])), 0);
        expect(worst / scale).toBeLessThan(2e-5);
      }
      tf.dispose(got);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
