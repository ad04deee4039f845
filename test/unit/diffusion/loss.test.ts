import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { fillGaussian } from '../../../src/diffusion/rng';
import { klConstant, klGaussian, lossWeight } from '../../../src/diffusion/bound';
import { qSample } from '../../../src/diffusion/forwardOps';
import { posteriorMean, predictMeanFromEps } from '../../../src/diffusion/posterior';
import {
  discretizedGaussianNLL, lossSimple, perExampleLoss, perExampleSquaredError, weightedLoss,
} from '../../../src/diffusion/loss';

const s = makeSchedule({ kind: 'linear', T: 1000 });
const D = 784;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('L_simple (eq. 14) and per-example errors', () => {
  const B = 2;
  const a = Float32Array.from({ length: B * D }, (_, k) => Math.sin(k));
  const b = Float32Array.from({ length: B * D }, (_, k) => Math.cos(k * 0.5) * 0.8);

  function handSquaredErrors(): number[] {
    const out = [0, 0];
    for (let e = 0; e < B; e++) for (let k = 0; k < D; k++) out[e] += (a[e * D + k] - b[e * D + k]) ** 2;
    return out;
  }

  it('lossSimple is the mean of (ε − ε_θ)² over all B·784 elements, [B,28,28,1] vs [B,784] like the notes', () => {
    const epsTrue = tf.tensor4d(a, [B, 28, 28, 1]);
    const epsPred = tf.tensor2d(b, [B, D]);
    const loss = lossSimple(epsTrue, epsPred);
    expect(loss.shape).toEqual([]);
    const [s0, s1] = handSquaredErrors();
    expect(rel(loss.dataSync()[0], (s0 + s1) / (B * D))).toBeLessThan(1e-6);
    tf.dispose([epsTrue, epsPred, loss]);
  });

  it('perExampleLoss is the per-example MSE and its mean is lossSimple; perExampleSquaredError = 784 × it', () => {
    const epsTrue = tf.tensor2d(a, [B, D]);
    const epsPred = tf.tensor2d(b, [B, D]);
    const per = perExampleLoss(epsTrue, epsPred).dataSync();
    const sq = perExampleSquaredError(epsTrue, epsPred).dataSync();
    const simple = lossSimple(epsTrue, epsPred);
    const hand = handSquaredErrors();
    for (let e = 0; e < B; e++) {
      expect(rel(per[e], hand[e] / D)).toBeLessThan(1e-6);
      expect(rel(sq[e], hand[e])).toBeLessThan(1e-6);
    }
    expect(rel((per[0] + per[1]) / 2, simple.dataSync()[0])).toBeLessThan(1e-6);
    tf.dispose([epsTrue, epsPred, simple]);
  });

  it('rejects mismatched shapes', () => {
    const x = tf.zeros([2, 784]), y = tf.zeros([2, 783]);
    expect(() => lossSimple(x, y)).toThrow(RangeError);
    tf.dispose([x, y]);
  });
});

describe('weighted L_{t−1} (eq. 12)', () => {
  it('with ε_θ ≡ 0 equals λ_t ‖ε‖² + C exactly, and its batch mean ≈ λ_t·784 + C (5 s.e.)', () => {
    const B = 256, t = 250;
    const eps = fillGaussian(new Float32Array(B * D), 31);
    const epsTrue = tf.tensor2d(eps, [B, D]);
    const zero = tf.zerosLike(epsTrue);
    for (const kind of ['beta', 'betaTilde'] as const) {
      const lambda = lossWeight(s, t, kind);
      const C = klConstant(s, t, kind);
      const got = weightedLoss(epsTrue, zero, t, s, kind).dataSync();
      let mean = 0;
      for (let e = 0; e < B; e++) {
        let norm2 = 0;
        for (let k = 0; k < D; k++) norm2 += eps[e * D + k] ** 2;
        expect(rel(got[e], lambda * norm2 + C)).toBeLessThan(1e-5);
        mean += got[e] / B;
      }
      // ‖ε‖² ~ χ²(784): mean 784, variance 2·784
      const se = (lambda * Math.sqrt(2 * D)) / Math.sqrt(B);
      expect(Math.abs(mean - (lambda * D + C))).toBeLessThan(5 * se);
    }
    tf.dispose([epsTrue, zero]);
  });

  it('equals Σ_pixels D_KL(N(μ̃_t, β̃_t) ‖ N(μ_θ, σ_t²)) computed from eqs. 7 and 11 (eqs. 8–12)', () => {
    const B = 3, ts = [2, 250, 900];
    const x0 = tf.tensor2d(Float32Array.from({ length: B * D }, (_, k) => Math.tanh(Math.sin(k * 0.3) * 2)), [B, D]);
    const eps = tf.tensor2d(fillGaussian(new Float32Array(B * D), 41), [B, D]);
    const epsPred = tf.tidy(() => tf.add(eps, tf.mul(0.3, tf.tensor2d(fillGaussian(new Float32Array(B * D), 42), [B, D]))));
    const xt = qSample(x0, ts, eps, s);
    const muTilde = posteriorMean(x0, xt, ts, s).dataSync();
    const muTheta = predictMeanFromEps(xt, epsPred, ts, s).dataSync();
    for (const kind of ['beta', 'betaTilde'] as const) {
      const got = weightedLoss(eps, epsPred, ts, s, kind).dataSync();
      for (let e = 0; e < B; e++) {
        const t = ts[e];
        const betaTilde = s.posteriorVariance[t - 1];
        const sigma2 = kind === 'beta' ? s.betas[t - 1] : betaTilde;
        let kl = 0;
        for (let k = 0; k < D; k++) kl += klGaussian(muTilde[e * D + k], betaTilde, muTheta[e * D + k], sigma2);
        expect(rel(got[e], kl)).toBeLessThan(2e-3);
      }
    }
    tf.dispose([x0, eps, epsPred, xt]);
  });

  it('throws at t = 1 (the decoder term L_0 applies there)', () => {
    const x = tf.zeros([2, D]);
    expect(() => weightedLoss(x, x, 1, s, 'beta')).toThrow(RangeError);
    expect(() => weightedLoss(x, x, [5, 1], s, 'betaTilde')).toThrow(RangeError);
    x.dispose();
  });
});

/** Gaussian mass on [lo, hi] by Simpson's rule in float64 (independent of erf); ±∞ cut at μ ± 12σ. */
function gaussianMass(lo: number, hi: number, mean: number, sd: number): number {
  const a = Math.max(lo, mean - 12 * sd), b = Math.min(hi, mean + 12 * sd);
  if (b <= a) return 0;
  const n = 4000;
  const h = (b - a) / n;
  const pdf = (x: number) => Math.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI));
  let sum = pdf(a) + pdf(b);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * pdf(a + i * h);
  return (sum * h) / 3;
}

function binMass(x: number, mean: number, sd: number): number {
  const lo = x < -0.999 ? -Infinity : x - 1 / 255;
  const hi = x > 0.999 ? Infinity : x + 1 / 255;
  return gaussianMass(lo, hi, mean, sd);
}

describe('discretised Gaussian decoder L_0 (eq. 13)', () => {
  const levels = Float32Array.from({ length: 256 }, (_, k) => (2 * k) / 255 - 1);

  for (const [mean, variance] of [[0.3, 0.01], [-0.99, 1e-4], [1.2, 0.05], [0.5, 2e-5]]) {
    it(`bin probabilities over the 256 levels sum to 1 and match integration (μ = ${mean}, σ² = ${variance})`, () => {
      const x0 = tf.tensor2d(levels, [256, 1]);
      const mu = tf.fill([256, 1], mean);
      const nll = discretizedGaussianNLL(x0, mu, variance).dataSync();
      let total = 0;
      let maxErr = 0;
      for (let k = 0; k < 256; k++) {
        const p = Math.exp(-nll[k]);
        total += p;
        const want = binMass(levels[k], mean, Math.sqrt(variance));
        // absolute: float32 and tf.erf's polynomial approximation give errors of order 1e−7 in Φ
        maxErr = Math.max(maxErr, Math.abs(p - want));
      }
      expect(maxErr).toBeLessThan(1e-6);
      expect(Math.abs(total - 1)).toBeLessThan(1e-5);
      tf.dispose([x0, mu]);
    });
  }

  it('sums −log p over the pixels of each example, with a variance tensor', () => {
    const B = 2;
    const x = Float32Array.from({ length: B * D }, (_, k) => levels[(k * 53) % 256]);
    const m = Float32Array.from(x, (v, k) => v + 0.004 * Math.sin(k));
    const sd = 0.01;
    const x0 = tf.tensor2d(x, [B, D]);
    const mu = tf.tensor2d(m, [B, D]);
    const variance = tf.scalar(sd * sd);
    const nll = discretizedGaussianNLL(x0, mu, variance).dataSync();
    for (let e = 0; e < B; e++) {
      let want = 0;
      for (let k = 0; k < D; k++) want -= Math.log(binMass(x[e * D + k], m[e * D + k], sd));
      expect(rel(nll[e], want)).toBeLessThan(1e-4);
    }
    tf.dispose([x0, mu, variance]);
  });

  it('clamps the log: a mean far from x_0 gives −log(1e−12) per pixel, finite', () => {
    const x0 = tf.zeros([1, D]);
    const mu = tf.ones([1, D]);
    const nll = discretizedGaussianNLL(x0, mu, 1e-6).dataSync()[0];
    expect(rel(nll, -D * Math.log(1e-12))).toBeLessThan(1e-5);
    tf.dispose([x0, mu]);
  });
});
