import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { conv2dCpu, denseCpu } from '../../../src/model/cpuGradients';
import { setGradientAlgorithm } from '../../../src/model/layers';
import { createDenoiser } from '../../../src/model';
import { makeDigits } from './digits';

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  const d = tf.max(tf.abs(tf.sub(a, b)));
  const v = (await d.data())[0];
  d.dispose();
  return v;
}

describe('convolution with the CPU-friendly filter gradient', () => {
  const cases: [string, number, number, 1 | 2][] = [
    ['3×3, stride 1, 8×8', 8, 3, 1],
    ['3×3, stride 1, 7×7', 7, 3, 1],
    ['3×3, stride 2, 8×8 → 4×4', 8, 3, 2],
    ['3×3, stride 2, 7×7 → 4×4', 7, 3, 2],
    ['1×1, stride 1', 6, 1, 1],
  ];
  for (const [label, size, k, stride] of cases) {
    it(`${label}: value and gradients equal tfjs's conv2d`, async () => {
      const x = tf.randomNormal([2, size, size, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([k, k, 3, 5], 0, 1, 'float32', 2) as tf.Tensor4D;
      const b = tf.randomNormal([5], 0, 1, 'float32', 3) as tf.Tensor1D;
      const weights = tf.randomNormal([2, Math.ceil(size / stride), Math.ceil(size / stride), 5], 0, 1, 'float32', 4);
      // a scalar loss that weights every output differently
      const loss = (f: (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D) => tf.Tensor) =>
        (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D), weights));
      const native = loss((xi, wi, bi) => tf.add(tf.conv2d(xi, wi, stride, 'same'), bi));
      const ours = loss((xi, wi, bi) => conv2dCpu(xi, wi, bi, stride));
      const gNative = tf.grads(native)([x, w, b]);
      const gOurs = tf.grads(ours)([x, w, b]);
      const yNative = tf.add(tf.conv2d(x, w, stride, 'same'), b);
      const yOurs = conv2dCpu(x, w, b, stride);
      expect(await maxAbsDiff(yOurs, yNative)).toBeLessThan(1e-4);
      for (let i = 0; i < 3; i++) expect(await maxAbsDiff(gOurs[i], gNative[i])).toBeLessThan(1e-3);
      tf.dispose([x, w, b, weights, ...gNative, ...gOurs, yNative, yOurs]);
    });
  }

  afterEach(() => setGradientAlgorithm('auto'));

  it('a U-Net gives the same prediction with either algorithm', async () => {
    const model = createDenoiser({ kind: 'unet', baseChannels: 4, channelMults: [1, 2], groups: 2, timeDim: 4 }, 3);
    model.params.forEach((p) => { if (p.name === 'out.conv.kernel') p.variable.assign(tf.fill(p.variable.shape, 0.05)); });
    const x = makeDigits();
    const t = tf.tensor1d([1, 100, 500, 1000]);
    setGradientAlgorithm('native');
    const a = model.apply(x, t);
    setGradientAlgorithm('cpu');
    const b = model.apply(x, t);
    expect(await maxAbsDiff(a, b)).toBeLessThan(1e-4);
    tf.dispose([x, t, a, b]);
    model.dispose();
  });
});

describe('dense layer with plain-matMul gradients', () => {
  it("value and gradients equal tfjs's fused matMul", async () => {
    const x = tf.randomNormal([6, 7], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([7, 5], 0, 1, 'float32', 2) as tf.Tensor2D;
    const b = tf.randomNormal([5], 0, 1, 'float32', 3) as tf.Tensor1D;
    const weights = tf.randomNormal([6, 5], 0, 1, 'float32', 4);
    const loss = (f: (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor) =>
      (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D), weights));
    const native = loss((xi, wi, bi) => tf.fused.matMul({ a: xi, b: wi, bias: bi }));
    const ours = loss((xi, wi, bi) => denseCpu(xi, wi, bi));
    const gNative = tf.grads(native)([x, w, b]);
    const gOurs = tf.grads(ours)([x, w, b]);
    expect(gOurs.map((g) => g.shape)).toEqual([[6, 7], [7, 5], [5]]);
    for (let i = 0; i < 3; i++) expect(await maxAbsDiff(gOurs[i], gNative[i])).toBeLessThan(1e-4);
    const y = denseCpu(x, w, b);
    const yNative = tf.fused.matMul({ a: x, b: w, bias: b });
    expect(await maxAbsDiff(y, yNative)).toBeLessThan(1e-5);
    tf.dispose([x, w, b, weights, ...gNative, ...gOurs, y, yNative]);
  });
});
