import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/engine/wasmKernels';
import { copySlice } from '../../../src/engine/wasmKernels';

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
