import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { qChainArray, qSampleArray, qStepArray } from '../../../src/diffusion/forward';
import { fillGaussian, mulberry32 } from '../../../src/diffusion/rng';
import { qSample, qStep } from '../../../src/diffusion/forwardOps';

const s = makeSchedule({ kind: 'linear', T: 1000 });

function meanVar(xs: Float32Array): { mean: number; variance: number } {
  let sum = 0, sumSq = 0;
  for (const x of xs) { sum += x; sumSq += x * x; }
  const mean = sum / xs.length;
  return { mean, variance: (sumSq - xs.length * mean * mean) / (xs.length - 1) };
}

/** Tolerances at 5 standard errors for the sample mean and variance of N Gaussian samples. */
function tolerances(variance: number, n: number): { mean: number; variance: number } {
  return { mean: 5 * Math.sqrt(variance / n), variance: 5 * variance * Math.sqrt(2 / (n - 1)) };
}

describe('q(x_t|x_0) on plain arrays (eq. 4)', () => {
  const N = 20_000;
  const x0Value = 0.7;
  const x0 = new Float32Array(N).fill(x0Value); // N independent draws for one pixel

  for (const t of [1, 50, 250, 700]) {
    it(`N = ${N} samples of one pixel at t = ${t}: mean √ᾱ_t x_0, variance 1 − ᾱ_t (5 s.e.)`, () => {
      const eps = fillGaussian(new Float32Array(N), 1000 + t);
      const { mean, variance } = meanVar(qSampleArray(x0, eps, t, s));
      const alphaBar = s.alphaBars[t - 1];
      const tol = tolerances(1 - alphaBar, N);
      expect(Math.abs(mean - Math.sqrt(alphaBar) * x0Value)).toBeLessThan(tol.mean);
      expect(Math.abs(variance - (1 - alphaBar))).toBeLessThan(tol.variance);
    });
  }

  it('iterating eq. 2 (t steps) has the same mean and variance as eq. 4 (5 s.e. of the difference)', () => {
    const t = 120;
    const chain = meanVar(qChainArray(x0, t, s, mulberry32(99)));
    const closed = meanVar(qSampleArray(x0, fillGaussian(new Float32Array(N), 98), t, s));
    const tol = tolerances(1 - s.alphaBars[t - 1], N);
    // Two independent samples: the difference has √2 times the standard error of each.
    expect(Math.abs(chain.mean - closed.mean)).toBeLessThan(Math.SQRT2 * tol.mean);
    expect(Math.abs(chain.variance - closed.variance)).toBeLessThan(Math.SQRT2 * tol.variance);
    expect(Math.abs(chain.mean - Math.sqrt(s.alphaBars[t - 1]) * x0Value)).toBeLessThan(tol.mean);
  });

  it('t = 0 returns x_0 exactly, into out', () => {
    const img = Float32Array.from({ length: 784 }, (_, k) => Math.sin(k) * 0.9);
    const out = new Float32Array(784);
    const r = qSampleArray(img, fillGaussian(new Float32Array(784), 1), 0, s, out);
    expect(r).toBe(out);
    expect(r).toEqual(img);
    expect(qChainArray(img, 0, s, mulberry32(1))).toEqual(img);
  });

  it('at t = T a 784-pixel image is ≈ N(0, 1): mean within 5/√784, std within 5/√(2·784) of 1', () => {
    const img = Float32Array.from({ length: 784 }, (_, k) => (k % 3 === 0 ? 1 : -1));
    const xT = qSampleArray(img, fillGaussian(new Float32Array(784), 3), 1000, s);
    const { mean, variance } = meanVar(xT);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(784));
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(5 / Math.sqrt(2 * 784));
  });

  it('qStepArray is √(1 − β_t) x_{t−1} + √β_t z (eq. 2)', () => {
    const xPrev = Float32Array.from([0.5, -1, 0.25]);
    const z = Float32Array.from([1, 2, -0.5]);
    const beta = s.betas[9];
    const r = qStepArray(xPrev, z, 10, s);
    xPrev.forEach((x, k) => expect(r[k]).toBeCloseTo(Math.sqrt(1 - beta) * x + Math.sqrt(beta) * z[k], 6));
  });

  it('validates lengths and t', () => {
    const a = new Float32Array(4), b = new Float32Array(3);
    expect(() => qSampleArray(a, b, 1, s)).toThrow(RangeError);
    expect(() => qSampleArray(a, a, 1001, s)).toThrow(/got 1001/);
    expect(() => qSampleArray(a, a, -1, s)).toThrow(RangeError);
    expect(() => qSampleArray(a, a, 1, s, b)).toThrow(RangeError);
    expect(() => qStepArray(a, a, 0, s)).toThrow(RangeError);
    expect(() => qStepArray(a, b, 5, s)).toThrow(RangeError);
    expect(() => qChainArray(a, 2.5, s, Math.random)).toThrow(RangeError);
  });
});

describe('q(x_t|x_0) on tensors agrees with the array version', () => {
  const B = 3;
  const ts = [1, 250, 1000];
  const x0s = ts.map((_, b) => Float32Array.from({ length: 784 }, (_, k) => Math.cos(k + b)));
  const epss = ts.map((_, b) => fillGaussian(new Float32Array(784), 10 + b));
  const flat = (arrs: Float32Array[]) => {
    const out = new Float32Array(B * 784);
    arrs.forEach((a, b) => out.set(a, b * 784));
    return out;
  };

  for (const shape of [[B, 784], [B, 28, 28, 1]]) {
    it(`qSample, per-example t, shape [${shape.join(', ')}]`, () => {
      const x0 = tf.tensor(flat(x0s), shape);
      const eps = tf.tensor(flat(epss), shape);
      const xt = qSample(x0, ts, eps, s);
      expect(xt.shape).toEqual(shape);
      const got = xt.dataSync();
      const want = flat(ts.map((t, b) => qSampleArray(x0s[b], epss[b], t, s)));
      for (let k = 0; k < got.length; k++) expect(Math.abs(got[k] - want[k])).toBeLessThan(1e-6);
      tf.dispose([x0, eps, xt]);
    });
  }

  it('qSample with one t for the batch, and qStep, match the arrays', () => {
    const x0 = tf.tensor(flat(x0s), [B, 784]);
    const eps = tf.tensor(flat(epss), [B, 784]);
    const xt = qSample(x0, 250, eps, s);
    const step = qStep(x0, 250, eps, s);
    const wantSample = flat(x0s.map((x, b) => qSampleArray(x, epss[b], 250, s)));
    const wantStep = flat(x0s.map((x, b) => qStepArray(x, epss[b], 250, s)));
    xt.dataSync().forEach((v, k) => expect(Math.abs(v - wantSample[k])).toBeLessThan(1e-6));
    step.dataSync().forEach((v, k) => expect(Math.abs(v - wantStep[k])).toBeLessThan(1e-6));
    tf.dispose([x0, eps, xt, step]);
  });

  it('rejects a wrong number of timesteps or t out of range', () => {
    const x0 = tf.zeros([2, 784]);
    expect(() => qSample(x0, [1, 2, 3], x0, s)).toThrow(RangeError);
    expect(() => qSample(x0, 0, x0, s)).toThrow(RangeError);
    x0.dispose();
  });
});
