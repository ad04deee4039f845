import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule, type Schedule } from '../../../src/diffusion/schedule';
import { fillGaussian } from '../../../src/diffusion/rng';
import { qSample } from '../../../src/diffusion/forwardOps';
import { posteriorMean, predictMeanFromEps, predictX0FromEps } from '../../../src/diffusion/posterior';
import { ddimTimesteps, stepCoefficients, stepSigma } from '../../../src/diffusion/reverseSteps';
import {
  ddimStep, ddpmStep, reverseSampler, reverseStep, type EpsModel,
} from '../../../src/diffusion/sampler';

const s = makeSchedule({ kind: 'linear', T: 1000 });
const B = 2;
const D = 784;
const x0Data = Float32Array.from({ length: B * D }, (_, k) => Math.tanh(Math.cos(k * 0.11) * 3));
const epsData = fillGaussian(new Float32Array(B * D), 77);

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

/** An ideal ε_θ for a known x_0: ε = (x_t − √ᾱ_t x_0)/√(1 − ᾱ_t) (eq. 4 solved for ε); counts its calls. */
function oracle(x0: tf.Tensor, sched: Schedule): { model: EpsModel; calls: () => number } {
  let n = 0;
  const model: EpsModel = (xt, t) => {
    n++;
    return tf.tidy(() => tf.div(tf.sub(xt, tf.mul(sched.sqrtAlphaBars[t - 1], x0)), sched.sqrtOneMinusAlphaBars[t - 1]));
  };
  return { model, calls: () => n };
}

/** Seeded noise source for the samplers. */
function seededNoise(seed: number): (shape: number[]) => tf.Tensor {
  let k = seed;
  return (shape) => tf.tensor(fillGaussian(new Float32Array(shape.reduce((a, b) => a * b, 1)), k++), shape);
}

function run(gen: Generator<{ t: number; x: tf.Tensor }, tf.Tensor, void>): { ts: number[]; x0: tf.Tensor } {
  const ts: number[] = [];
  for (;;) {
    const r = gen.next();
    if (r.done) return { ts, x0: r.value };
    ts.push(r.value.t);
  }
}

describe('ddimTimesteps', () => {
  it('gives the evenly spaced sequences [1000, 900, …, 100], T … 1 and [T]', () => {
    expect(ddimTimesteps(1000, 10)).toEqual([1000, 900, 800, 700, 600, 500, 400, 300, 200, 100]);
    expect(ddimTimesteps(5, 5)).toEqual([5, 4, 3, 2, 1]);
    expect(ddimTimesteps(1000, 1)).toEqual([1000]);
  });

  it('is descending, distinct, starts at T, ends ≥ 1, has length k, for many (T, k)', () => {
    for (const T of [2, 7, 100, 999, 1000, 4000]) {
      for (const k of [1, 2, 3, Math.floor(T / 3) || 1, T - 1, T]) {
        if (k < 1 || k > T) continue;
        const seq = ddimTimesteps(T, k);
        expect(seq.length).toBe(k);
        expect(seq[0]).toBe(T);
        expect(seq[k - 1]).toBeGreaterThanOrEqual(1);
        for (let j = 1; j < k; j++) expect(seq[j]).toBeLessThan(seq[j - 1]);
      }
    }
  });

  it.each([0, 1001, 2.5, NaN])('k = %s throws RangeError', (k) => {
    expect(() => ddimTimesteps(1000, k)).toThrow(RangeError);
  });
});

describe('ddpmStep (Algorithm 2)', () => {
  it('next = μ_θ (eq. 11) + σ_t z with σ_t² = β_t or β̃_t; x̂_0 is eq. 15', () => {
    const t = 400;
    const xt = tf.tensor2d(x0Data, [B, D]);
    const eps = tf.tensor2d(epsData, [B, D]);
    const z = tf.tensor2d(fillGaussian(new Float32Array(B * D), 5), [B, D]);
    const mean = predictMeanFromEps(xt, eps, t, s);
    const x0Hat = predictX0FromEps(xt, eps, t, s);
    for (const [kind, sigma2] of [['beta', s.betas[t - 1]], ['betaTilde', s.posteriorVariance[t - 1]]] as const) {
      const r = ddpmStep(xt, eps, t, s, kind, z);
      expect(r.sigma).toBeCloseTo(Math.sqrt(sigma2), 7);
      const m = mean.dataSync(), zz = z.dataSync();
      const want = Float32Array.from(m, (v, k) => v + Math.sqrt(sigma2) * zz[k]);
      expect(maxAbsDiff(r.next.dataSync(), want)).toBeLessThan(1e-6);
      expect(maxAbsDiff(r.mean.dataSync(), m)).toBe(0);
      expect(maxAbsDiff(r.x0Hat.dataSync(), x0Hat.dataSync())).toBe(0);
      const same = reverseStep({ kind: 'ddpm', sigma: kind }, xt, eps, t, t - 1, s, z);
      expect(maxAbsDiff(same.next.dataSync(), r.next.dataSync())).toBe(0);
      expect(same.eps).toBe(eps);
      tf.dispose([r.x0Hat, r.mean, r.noise, r.next, same.x0Hat, same.mean, same.noise, same.next]);
    }
    tf.dispose([xt, eps, z, mean, x0Hat]);
  });

  it('ignores z at t = 1: next = μ_θ and noise = 0', () => {
    const xt = tf.tensor2d(x0Data, [B, D]);
    const eps = tf.tensor2d(epsData, [B, D]);
    const z = tf.onesLike(xt);
    const r = ddpmStep(xt, eps, 1, s, 'beta', z);
    expect(r.sigma).toBe(0);
    expect(r.noise.dataSync().every((v) => v === 0)).toBe(true);
    expect(maxAbsDiff(r.next.dataSync(), r.mean.dataSync())).toBe(0);
    tf.dispose([xt, eps, z, r.x0Hat, r.mean, r.noise, r.next]);
  });
});

describe('ddimStep (Song et al. eq. 12)', () => {
  const cases: [number, number][] = [[1000, 0], [1000, 999], [500, 250], [10, 9], [3, 0], [800, 10]];
  for (const [t, tPrev] of cases) {
    it(`η = 0 with the oracle ε_θ lands on the noiseless x_{t'} = √ᾱ_{t'} x_0 + √(1−ᾱ_{t'}) ε, ${t} → ${tPrev}`, () => {
      const x0 = tf.tensor2d(x0Data, [B, D]);
      const eps = tf.tensor2d(epsData, [B, D]);
      const xt = qSample(x0, t, eps, s);
      const { model } = oracle(x0, s);
      const epsPred = model(xt, t);
      const r = ddimStep(xt, epsPred, t, tPrev, s, 0, null);
      const ab = tPrev === 0 ? 1 : s.alphaBars[tPrev - 1];
      const want = Float64Array.from(x0Data, (x, k) => Math.sqrt(ab) * x + Math.sqrt(1 - ab) * epsData[k]);
      expect(maxAbsDiff(r.next.dataSync(), want)).toBeLessThan(1e-4);
      tf.dispose([x0, eps, xt, epsPred, r.next, r.x0Hat]);
    });
  }

  it('η = 1 on consecutive steps is DDPM with σ_t² = β̃_t (same z)', () => {
    const t = 300;
    const xt = tf.tensor2d(x0Data, [B, D]);
    const eps = tf.tensor2d(epsData, [B, D]);
    const z = tf.tensor2d(fillGaussian(new Float32Array(B * D), 9), [B, D]);
    const ddim = ddimStep(xt, eps, t, t - 1, s, 1, z);
    const ddpm = ddpmStep(xt, eps, t, s, 'betaTilde', z);
    expect(maxAbsDiff(ddim.next.dataSync(), ddpm.next.dataSync())).toBeLessThan(1e-5);
    // and the DDPM mean from x̂_0 is the posterior mean μ̃_t(x_t, x̂_0) of eq. 7
    const mu = posteriorMean(ddpm.x0Hat, xt, t, s);
    expect(maxAbsDiff(mu.dataSync(), ddpm.mean.dataSync())).toBeLessThan(1e-5);
    tf.dispose([xt, eps, z, ddim.next, ddim.x0Hat, ddpm.x0Hat, ddpm.mean, ddpm.noise, ddpm.next, mu]);
  });

  it('returns the same record as a DDPM step: next = mean + σ z, noise zero at η = 0 and at tPrev = 0', () => {
    const xt = tf.tensor2d(x0Data, [B, D]);
    const eps = tf.tensor2d(epsData, [B, D]);
    const z = tf.tensor2d(fillGaussian(new Float32Array(B * D), 4), [B, D]);
    for (const [eta, tPrev] of [[0.7, 200], [0, 200], [1, 0]] as const) {
      const r = reverseStep({ kind: 'ddim', eta, steps: 5 }, xt, eps, 500, tPrev, s, z);
      expect(r.sigma).toBeCloseTo(stepSigma(s, { kind: 'ddim', eta, steps: 5 }, 500, tPrev), 12);
      expect(r.sigma > 0).toBe(eta > 0 && tPrev > 0);
      const want = Float32Array.from(r.mean.dataSync(), (m, k) => m + r.sigma * z.dataSync()[k]);
      expect(maxAbsDiff(r.next.dataSync(), want)).toBeLessThan(1e-5);
      expect(maxAbsDiff(r.noise.dataSync(), Float32Array.from(z.dataSync(), (v) => r.sigma * v))).toBeLessThan(1e-6);
      tf.dispose([r.x0Hat, r.mean, r.noise, r.next]);
    }
    tf.dispose([xt, eps, z]);
  });

  it('validates t, tPrev and η', () => {
    const x = tf.zeros([1, 4]);
    expect(() => ddimStep(x, x, 10, 10, s, 0, null)).toThrow(RangeError);
    expect(() => ddimStep(x, x, 10, -1, s, 0, null)).toThrow(RangeError);
    expect(() => ddimStep(x, x, 10, 5, s, 1.5, null)).toThrow(/eta/);
    expect(() => ddimStep(x, x, 1001, 5, s, 0, null)).toThrow(RangeError);
    x.dispose();
  });
});

describe('samplers with the oracle ε_θ', () => {
  for (const steps of [10, 50]) {
    it(`DDIM η = 0, ${steps} steps from x_T returns x_0 (1e-3) with exactly ${steps} model calls`, () => {
      const x0 = tf.tensor2d(x0Data, [B, D]);
      const xT = tf.tensor2d(epsData, [B, D]);
      const { model, calls } = oracle(x0, s);
      const { ts, x0: out } = run(reverseSampler(model, xT, s, { kind: 'ddim', steps, eta: 0 }, seededNoise(1)));
      expect(calls()).toBe(steps);
      expect(ts).toEqual([...ddimTimesteps(1000, steps).slice(1), 0]);
      expect(maxAbsDiff(out.dataSync(), x0Data)).toBeLessThan(1e-3);
      tf.dispose([x0, xT, out]);
    });
  }

  it('DDIM η = 1 with the oracle also ends at x_0', () => {
    const x0 = tf.tensor2d(x0Data, [B, D]);
    const xT = tf.tensor2d(epsData, [B, D]);
    const { model } = oracle(x0, s);
    const { x0: out } = run(reverseSampler(model, xT, s, { kind: 'ddim', steps: 20, eta: 1 }, seededNoise(3)));
    expect(maxAbsDiff(out.dataSync(), x0Data)).toBeLessThan(1e-3);
    tf.dispose([x0, xT, out]);
  });

  for (const kind of ['beta', 'betaTilde'] as const) {
    it(`DDPM (σ² = ${kind}) runs T steps, t = T−1 … 0, and ends near x_0`, () => {
      const x0 = tf.tensor2d(x0Data, [B, D]);
      const xT = tf.tensor2d(epsData, [B, D]);
      const { model, calls } = oracle(x0, s);
      const { ts, x0: out } = run(reverseSampler(model, xT, s, { kind: 'ddpm', sigma: kind }, seededNoise(11)));
      expect(calls()).toBe(1000);
      expect(ts).toEqual(Array.from({ length: 1000 }, (_, j) => 999 - j));
      expect(maxAbsDiff(out.dataSync(), x0Data)).toBeLessThan(1e-3);
      tf.dispose([x0, xT, out]);
    });
  }
});

describe('sampling with x̂_0 clipped to [−1, 1] (the paper’s clip_denoised)', () => {
  it('equals Algorithm 2 and DDIM exactly (to float precision) while x̂_0 is inside [−1, 1]', async () => {
    const x0 = tf.tensor(x0Data, [B, D]); // inside (−1, 1)
    const eps = tf.tensor(epsData, [B, D]);
    const z = tf.tensor(fillGaussian(new Float32Array(B * D), 5), [B, D]);
    for (const t of [2, 250, 999]) {
      const xt = qSample(x0, t, eps, s);
      // ε_θ = the true ε, so x̂_0 = x_0 ∈ [−1, 1]
      for (const kind of ['beta', 'betaTilde'] as const) {
        const plain = ddpmStep(xt, eps, t, s, kind, z);
        const clipped = ddpmStep(xt, eps, t, s, kind, z, true);
        expect(maxAbsDiff(await plain.next.data(), await clipped.next.data())).toBeLessThan(2e-5);
        tf.dispose([plain.x0Hat, plain.mean, plain.noise, plain.next, clipped.x0Hat, clipped.mean, clipped.noise, clipped.next]);
      }
      const a = ddimStep(xt, eps, t, Math.floor(t / 2), s, 0.5, z);
      const b = ddimStep(xt, eps, t, Math.floor(t / 2), s, 0.5, z, true);
      expect(maxAbsDiff(await a.next.data(), await b.next.data())).toBeLessThan(2e-5);
      tf.dispose([xt, a.x0Hat, a.next, b.x0Hat, b.next]);
    }
    tf.dispose([x0, eps, z]);
  });

  it('otherwise steps from the posterior mean μ̃_t(x_t, clip(x̂_0)) of eq. 7, and x̂_0 stays in [−1, 1]', async () => {
    const t = 100;
    const xt = tf.tensor(Float32Array.from({ length: D }, (_, k) => 3 * Math.sin(k)), [1, D]);
    const eps = tf.zeros([1, D]); // x̂_0 = x_t/√ᾱ_t, far outside [−1, 1]
    const r = ddpmStep(xt, eps, t, s, 'beta', null, true);
    const x0Hat = await r.x0Hat.data();
    expect(Math.max(...x0Hat)).toBe(1);
    expect(Math.min(...x0Hat)).toBe(-1);
    const want = posteriorMean(tf.clipByValue(predictX0FromEps(xt, eps, t, s), -1, 1), xt, t, s);
    expect(maxAbsDiff(await r.mean.data(), await want.data())).toBeLessThan(1e-6);
    const unclipped = predictMeanFromEps(xt, eps, t, s);
    expect(maxAbsDiff(await r.mean.data(), await unclipped.data())).toBeGreaterThan(0.01);
    tf.dispose([xt, eps, r.x0Hat, r.mean, r.noise, r.next, want, unclipped]);
  });
});

describe('the σ and coefficients of a step (reverseSteps.ts)', () => {
  it('DDPM: σ = √β_t or √β̃_t, 0 on the last step; Algorithm 2’s 1/√α_t and (1 − α_t)/√(1 − ᾱ_t)', () => {
    const t = 400;
    expect(stepSigma(s, { kind: 'ddpm', sigma: 'beta' }, t, t - 1)).toBeCloseTo(Math.sqrt(s.betas[t - 1]), 12);
    expect(stepSigma(s, { kind: 'ddpm', sigma: 'betaTilde' }, t, t - 1)).toBeCloseTo(Math.sqrt(s.posteriorVariance[t - 1]), 12);
    expect(stepSigma(s, { kind: 'ddpm', sigma: 'beta' }, 1, 0)).toBe(0);
    const c = stepCoefficients(s, { kind: 'ddpm', sigma: 'beta' }, t, t - 1);
    expect(c.recipSqrtAlpha).toBeCloseTo(1 / Math.sqrt(1 - s.betas[t - 1]), 6);
    expect(c.epsCoef).toBeCloseTo(s.betas[t - 1] / Math.sqrt(1 - s.alphaBars[t - 1]), 6);
  });

  it('DDIM: η = 1 between consecutive steps is DDPM’s √β̃_t; η = 0 and the step to 0 add no noise', () => {
    const ddim = (eta: number) => ({ kind: 'ddim', eta, steps: 10 }) as const;
    expect(stepSigma(s, ddim(1), 300, 299)).toBeCloseTo(Math.sqrt(s.posteriorVariance[299]), 6);
    expect(stepSigma(s, ddim(0), 300, 200)).toBe(0);
    expect(stepSigma(s, ddim(1), 100, 0)).toBe(0);
  });
});
