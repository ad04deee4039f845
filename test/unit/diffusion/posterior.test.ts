import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { fillGaussian } from '../../../src/diffusion/rng';
import { qSample } from '../../../src/diffusion/forwardOps';
import {
  posteriorMean, posteriorVarianceAt, predictMeanFromEps, predictX0FromEps,
} from '../../../src/diffusion/posterior';

const s = makeSchedule({ kind: 'linear', T: 1000 });
const B = 2;
const D = 784;
const x0Data = Float32Array.from({ length: B * D }, (_, k) => Math.tanh(Math.sin(k * 0.37) * 2));
const epsData = fillGaussian(new Float32Array(B * D), 2024);

/** ᾱ_t in float64 from the stored β (the stored float32 ᾱ loses digits in 1 − ᾱ_t at small t); ᾱ_0 = 1. */
function alphaBar64(t: number): number {
  let p = 1;
  for (let i = 0; i < t; i++) p *= 1 - s.betas[i];
  return p;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

/** x_t of eq. 4 computed in float64 from the arrays. */
function xtF64(t: number): Float64Array {
  const a = Math.sqrt(alphaBar64(t)), b = Math.sqrt(1 - alphaBar64(t));
  return Float64Array.from(x0Data, (x, k) => a * x + b * epsData[k]);
}

describe('posterior q(x_{t−1}|x_t, x_0) and the ε-parameterisation', () => {
  for (const t of [2, 10, 250, 700, 1000]) {
    it(`t = ${t}: μ̃_t(x_t, x̂_0(ε)) (eqs. 7, 15) equals (1/√α_t)(x_t − β_t/√(1−ᾱ_t) ε) (eq. 10)`, () => {
      const x0 = tf.tensor2d(x0Data, [B, D]);
      const eps = tf.tensor2d(epsData, [B, D]);
      const xt = qSample(x0, t, eps, s);
      const x0Hat = predictX0FromEps(xt, eps, t, s);
      const mu = posteriorMean(x0Hat, xt, t, s);
      const beta = s.betas[t - 1], alpha = 1 - beta, alphaBar = alphaBar64(t);
      const xt64 = xtF64(t);
      const want = Float64Array.from(xt64, (x, k) => (x - (beta / Math.sqrt(1 - alphaBar)) * epsData[k]) / Math.sqrt(alpha));
      expect(maxAbsDiff(mu.dataSync(), want)).toBeLessThan(1e-5);
      // eq. 15 with the true ε recovers x_0 (float32 cancellation grows as √ᾱ_t shrinks)
      expect(maxAbsDiff(x0Hat.dataSync(), x0Data)).toBeLessThan(1e-6 / Math.sqrt(alphaBar));
      tf.dispose([x0, eps, xt, x0Hat, mu]);
    });
  }

  it('posteriorMean equals eq. 7 computed in float64, per-example t', () => {
    const ts = [3, 600];
    const x0 = tf.tensor2d(x0Data, [B, D]);
    const xt = tf.tensor2d(epsData, [B, D]); // any x_t: eq. 7 is linear in both arguments
    const mu = posteriorMean(x0, xt, ts, s).dataSync();
    const want = new Float64Array(B * D);
    for (let b = 0; b < B; b++) {
      const t = ts[b];
      const abPrev = alphaBar64(t - 1), ab = alphaBar64(t), beta = s.betas[t - 1];
      const c1 = (Math.sqrt(abPrev) * beta) / (1 - ab);
      const c2 = (Math.sqrt(1 - beta) * (1 - abPrev)) / (1 - ab);
      for (let k = 0; k < D; k++) want[b * D + k] = c1 * x0Data[b * D + k] + c2 * epsData[b * D + k];
    }
    expect(maxAbsDiff(mu, want)).toBeLessThan(1e-6);
    tf.dispose([x0, xt]);
  });

  it('predictMeanFromEps equals eq. 11 in float64, on [B, 28, 28, 1]', () => {
    const t = 321;
    const xt = tf.tensor4d(x0Data, [B, 28, 28, 1]);
    const eps = tf.tensor4d(epsData, [B, 28, 28, 1]);
    const mu = predictMeanFromEps(xt, eps, t, s);
    expect(mu.shape).toEqual([B, 28, 28, 1]);
    const beta = s.betas[t - 1], ab = alphaBar64(t);
    const want = Float64Array.from(x0Data, (x, k) => (x - (beta / Math.sqrt(1 - ab)) * epsData[k]) / Math.sqrt(1 - beta));
    expect(maxAbsDiff(mu.dataSync(), want)).toBeLessThan(1e-6);
    tf.dispose([xt, eps, mu]);
  });

  it('posteriorVarianceAt is β̃_t of eq. 7, 0 at t = 1, and validates t', () => {
    expect(posteriorVarianceAt(s, 1)).toBe(0);
    const t = 250;
    const want = ((1 - alphaBar64(t - 1)) / (1 - alphaBar64(t))) * s.betas[t - 1];
    expect(Math.abs(posteriorVarianceAt(s, t) - want) / want).toBeLessThan(1e-6);
    expect(Math.abs(posteriorVarianceAt(s, t) - 0.00503172) / 0.00503172).toBeLessThan(1e-5);
    expect(() => posteriorVarianceAt(s, 0)).toThrow(RangeError);
  });
});
