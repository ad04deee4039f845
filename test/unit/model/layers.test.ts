import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { groupNorm } from '../../../src/model/groupNorm';
import { sinusoidalEmbedding, timestepFrequencies } from '../../../src/model/timeEmbedding';
import { upsampleNearest2x } from '../../../src/model/layers';

describe('sinusoidal time embedding', () => {
  it('matches emb(t) = [sin(t ω_i), cos(t ω_i)], ω_i = 10000^(−i/(d/2 − 1)), computed in plain JS', async () => {
    const d = 8;
    const ts = [1, 2, 250, 1000];
    const emb = sinusoidalEmbedding(tf.tensor1d(ts), d);
    expect(emb.shape).toEqual([4, d]);
    const got = await emb.data();
    emb.dispose();
    const half = d / 2;
    ts.forEach((t, b) => {
      for (let i = 0; i < half; i++) {
        const omega = Math.pow(10000, -i / (half - 1));
        // float32 arguments: allow for the rounding of t·ω at t = 1000
        expect(got[b * d + i]).toBeCloseTo(Math.sin(t * omega), 3);
        expect(got[b * d + half + i]).toBeCloseTo(Math.cos(t * omega), 3);
      }
    });
  });

  it('has frequencies from 1 down to 1/10000 and rejects odd or tiny dimensions', () => {
    const w = timestepFrequencies(16);
    expect(w.length).toBe(8);
    expect(w[0]).toBe(1);
    expect(w[7]).toBeCloseTo(1e-4, 8);
    expect(() => timestepFrequencies(7)).toThrow(RangeError);
    expect(() => timestepFrequencies(2)).toThrow(RangeError);
  });
});

describe('GroupNorm', () => {
  it('matches a hand computation on a [2, 2, 2, 4] tensor with 2 groups', async () => {
    const [B, H, W, C, G] = [2, 2, 2, 4, 2];
    const values = Array.from({ length: B * H * W * C }, (_, i) => Math.sin(i * 1.7) * 3 + (i % 5));
    const gamma = [1, 2, 0.5, -1];
    const beta = [0, 0.1, -0.2, 0.3];
    const y = groupNorm(tf.tensor4d(values, [B, H, W, C]), tf.tensor1d(gamma), tf.tensor1d(beta), G);
    const got = await y.data();
    y.dispose();
    const at = (b: number, h: number, w: number, c: number) => ((b * H + h) * W + w) * C + c;
    const perGroup = C / G;
    for (let b = 0; b < B; b++) {
      for (let g = 0; g < G; g++) {
        const members: number[] = [];
        for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let k = 0; k < perGroup; k++) members.push(at(b, h, w, g * perGroup + k));
        const mean = members.reduce((s, i) => s + values[i], 0) / members.length;
        const variance = members.reduce((s, i) => s + (values[i] - mean) ** 2, 0) / members.length;
        for (const i of members) {
          const c = i % C;
          const want = gamma[c] * (values[i] - mean) / Math.sqrt(variance + 1e-5) + beta[c];
          expect(got[i]).toBeCloseTo(want, 4);
        }
      }
    }
  });

  it('its closed-form gradients equal automatic differentiation of the definition', async () => {
    const [B, H, W, C, G] = [2, 3, 3, 6, 3];
    const x = tf.randomNormal([B, H, W, C], 0.5, 2, 'float32', 11) as tf.Tensor4D;
    const gamma = tf.randomNormal([C], 1, 0.5, 'float32', 12);
    const beta = tf.randomNormal([C], 0, 0.5, 'float32', 13);
    const weights = tf.randomNormal([B, H, W, C], 0, 1, 'float32', 14);
    // the definition, op by op, differentiated by tfjs
    const definition = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => {
      const grouped = tf.reshape(xi, [B, H * W, G, C / G]);
      const { mean, variance } = tf.moments(grouped, [1, 3], true);
      const xHat = tf.reshape(tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, 1e-5))), [B, H, W, C]);
      return tf.sum(tf.mul(tf.add(tf.mul(xHat, gi), bi), weights));
    };
    const ours = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(groupNorm(xi as tf.Tensor4D, gi, bi, G), weights));
    const want = tf.grads(definition)([x, gamma, beta]);
    const got = tf.grads(ours)([x, gamma, beta]);
    for (let i = 0; i < 3; i++) {
      expect(got[i].shape).toEqual(want[i].shape);
      const diff = await tf.max(tf.abs(tf.sub(got[i], want[i]))).data();
      expect(diff[0]).toBeLessThan(1e-4);
    }
    tf.dispose([x, gamma, beta, weights, ...want, ...got]);
  });

  it('rejects a group count that does not divide the channels', () => {
    expect(() => groupNorm(tf.zeros([1, 2, 2, 6]) as tf.Tensor4D, tf.ones([6]), tf.zeros([6]), 4)).toThrow(/divide/);
  });
});

describe('nearest-neighbour upsampling', () => {
  it('copies each pixel into a 2×2 block', async () => {
    const y = upsampleNearest2x(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]));
    expect(y.shape).toEqual([1, 4, 4, 1]);
    expect(Array.from(await y.data())).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    y.dispose();
  });

  it('has the gradient of a copy: each input pixel receives the sum of dy over its 2×2 block, for a batch', async () => {
    // [2 images, 2×2, 2 channels]; dy[b, y, x, c] = 1000b + 100c + 10y + x, so every block sum is distinct
    const x = tf.zeros([2, 2, 2, 2]) as tf.Tensor4D;
    const dyValues: number[] = [];
    for (let b = 0; b < 2; b++) for (let y = 0; y < 4; y++) for (let xx = 0; xx < 4; xx++) for (let c = 0; c < 2; c++) dyValues.push(1000 * b + 100 * c + 10 * y + xx);
    const dy = tf.tensor4d(dyValues, [2, 4, 4, 2]);
    const grad = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(upsampleNearest2x(a as tf.Tensor4D), dy)))(x);
    const want: number[] = [];
    for (let b = 0; b < 2; b++) for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let c = 0; c < 2; c++) {
      let sum = 0;
      for (let dyy = 0; dyy < 2; dyy++) for (let dxx = 0; dxx < 2; dxx++) sum += 1000 * b + 100 * c + 10 * (2 * i + dyy) + (2 * j + dxx);
      want.push(sum);
    }
    expect(Array.from(await grad.data())).toEqual(want);
    tf.dispose([x, dy, grad]);
  });
});
