import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { lossWeight, klConstant } from '../../../src/diffusion/bound';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { DeviceData } from '../../../src/engine/deviceData';
import { boundStrata, decoderVariance, estimateBound, estimateLt, ESTIMATE_EXAMPLES } from '../../../src/engine/evaluate';
import { natsToBitsPerDim, priorKL } from '../../../src/diffusion/bound';
import { ReverseChain } from '../../../src/engine/sampling';
import { chainTimesteps } from '../../../src/diffusion/reverseSteps';
import type { Denoiser } from '../../../src/model';

const s = makeSchedule({ kind: 'linear', T: 20 });

/** ε_θ ≡ 0, counting its calls. */
function zeroModel(): Denoiser & { calls: number } {
  const m = {
    calls: 0,
    config: { kind: 'mlp', hidden: 1, depth: 1, timeDim: 4 },
    params: [],
    paramCount: 0,
    apply: (xt: tf.Tensor4D) => {
      m.calls++;
      return tf.zerosLike(xt);
    },
    dispose: () => undefined,
  };
  return m as unknown as Denoiser & { calls: number };
}

function fakeDigits(count: number): DeviceData {
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
  return new DeviceData(labels, pixels);
}

describe('sampling runs in the engine', () => {
  test('the visited timesteps: DDPM every t, DDIM k steps then 0', () => {
    expect(chainTimesteps(5, { kind: 'ddpm', sigma: 'beta' })).toEqual([5, 4, 3, 2, 1, 0]);
    const ddim = chainTimesteps(20, { kind: 'ddim', eta: 0, steps: 4 });
    expect(ddim).toEqual([20, 15, 10, 5, 0]);
    expect(chainTimesteps(3, { kind: 'ddim', eta: 0, steps: 10 })).toHaveLength(4); // at most t steps
  });

  test('a DDIM run of k steps makes exactly k network calls, returns every part, and leaks nothing', async () => {
    const model = zeroModel();
    const before = tf.memory().numTensors;
    const run = new ReverseChain({ seed: 3, n: 2, sampler: { kind: 'ddim', eta: 0, steps: 5 }, start: null }, s);
    const start = await run.describe(0, false);
    expect(start.nfe).toBe(5);
    expect(start.x).toHaveLength(2 * 784);
    let frame;
    let steps = 0;
    while (!run.done) {
      const { frame: f, values } = await run.step(model, undefined);
      frame = f;
      steps++;
      expect(frame.step).toBe(steps);
      // with ε_θ ≡ 0 and η = 0, DDIM scales x by √(ᾱ_{t'}/ᾱ_t): the mean is the whole update
      expect(Array.from(values.noise).every((v) => v === 0)).toBe(true);
      expect(values.x).toEqual(values.mean);
    }
    expect(steps).toBe(5);
    expect(model.calls).toBe(5);
    expect(frame!.t).toBe(0);
    run.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('a DDPM step is Algorithm 2: x_{t−1} = μ_θ + σ_t z with μ_θ = x_t/√α_t when ε_θ ≡ 0', async () => {
    const model = zeroModel();
    const xt = new Float32Array(784).map((_, i) => Math.sin(i));
    const run = new ReverseChain({ seed: 1, n: 1, sampler: { kind: 'ddpm', sigma: 'beta' }, start: { xt, t: 10 } }, s);
    const { frame, values } = await run.step(model, undefined);
    expect([frame.tFrom, frame.t]).toEqual([10, 9]);
    const recip = 1 / Math.sqrt(s.alphas[9]);
    expect(frame.coef.recipSqrtAlpha).toBeCloseTo(recip, 6);
    expect(frame.coef.sigma).toBeCloseTo(Math.sqrt(s.betas[9]), 7);
    for (let i = 0; i < 784; i += 97) {
      expect(values.mean[i]).toBeCloseTo(xt[i] * recip, 5);
      expect(values.x[i]).toBeCloseTo(values.mean[i] + values.noise[i], 5);
    }
    run.dispose();
  });

  test('an estimate stops between batches once it is superseded, without leaking tensors', async () => {
    const data = fakeDigits(1100);
    const before = tf.memory().numTensors;
    let asked = 0;
    // superseded from the second batch on: one batch of the model runs, then the estimate gives way
    const estimate = estimateLt(zeroModel(), undefined, s, data, 10, 'beta', () => ++asked > 1);
    await expect(estimate).rejects.toMatchObject({ name: 'Superseded' });
    expect(asked).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    data.dispose();
  });

  test('L_{t−1} with ε_θ ≡ 0 averages λ_t ‖ε‖² + C ≈ λ_t · 784 + C (eq. 12)', async () => {
    const data = fakeDigits(1100);
    const before = tf.memory().numTensors;
    const t = 10;
    const est = await estimateLt(zeroModel(), undefined, s, data, t, 'beta');
    expect(est.n).toBe(ESTIMATE_EXAMPLES);
    // ‖ε‖² over 784 pixels: mean 784, standard deviation √(2·784) ≈ 39.6 per image
    expect(Math.abs(est.sqErr - 784)).toBeLessThan(5 * est.sqErrSE + 1e-6);
    expect(est.sqErrSE).toBeGreaterThan(39.6 / Math.sqrt(ESTIMATE_EXAMPLES) * 0.7);
    const expected = lossWeight(s, t, 'beta') * 784 + klConstant(s, t, 'beta');
    expect(Math.abs(est.nats - expected)).toBeLessThan(5 * est.natsSE);
    expect(est.bitsPerDim).toBeCloseTo(est.nats / (784 * Math.LN2), 10);
    expect(tf.memory().numTensors).toBe(before);
    data.dispose();
  });

  test('the whole bound with ε_θ ≡ 0: Σ L_{t−1} matches Σ_t (λ_t · 784 + C_t), L_T its closed form', async () => {
    const data = fakeDigits(1100);
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const n = 64;
    const bound = await estimateBound(zeroModel(), undefined, s, data, 'beta', {
      strata: 19, n, run: (fn) => fn(), onProgress: (f) => progress.push(f),
    });
    let exact = 0;
    for (let t = 2; t <= s.T; t++) exact += lossWeight(s, t, 'beta') * 784 + klConstant(s, t, 'beta');
    // every timestep is its own stratum here (19 strata for t = 2 … 20), so only ε's noise remains
    expect(bound.sumLt).toBeGreaterThan(natsToBitsPerDim(exact) * 0.97);
    expect(bound.sumLt).toBeLessThan(natsToBitsPerDim(exact) * 1.03);
    const pixels = await data.heldOut.data();
    let lt = 0;
    for (let i = 0; i < 1000; i++) lt += priorKL(pixels.subarray(i * 784, (i + 1) * 784) as Float32Array, s);
    expect(bound.LT).toBeCloseTo(natsToBitsPerDim(lt / 1000), 6);
    expect(Number.isFinite(bound.L0) && bound.L0 > 0).toBe(true);
    expect(bound.total).toBeCloseTo(bound.LT + bound.sumLt + bound.L0, 10);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toHaveLength(20);
    expect(tf.memory().numTensors).toBe(before);
    data.dispose();
  });

  describe('the whole bound against its closed form for ε_θ ≡ 0 (every term known)', () => {
    const T = 100;
    const sched = makeSchedule({ kind: 'linear', T });
    for (const kind of ['beta', 'betaTilde'] as const) {
      test(`σ² = ${kind}: the stratified estimate is within 3 standard errors; one midpoint per stratum is not`, async () => {
        const data = sameDigits(1100);
        const x0 = Float32Array.from({ length: 784 }, (_, k) => DIGIT[k] / 127.5 - 1);
        const before = tf.memory().numTensors;
        const strata = 10;
        const bound = await estimateBound(zeroModel(), undefined, sched, data, kind, { strata, n: 100, run: (fn) => fn(), onProgress: () => undefined });
        // Σ_{t=2}^{T} E[λ_t ‖ε‖² + C_t] = Σ (784 λ_t + C_t); L_T exact; L_0 by quadrature over ε
        const term = (t: number) => 784 * lossWeight(sched, t, kind) + klConstant(sched, t, kind);
        let sumExact = 0;
        for (let t = 2; t <= T; t++) sumExact += term(t);
        const l0Exact = expectedDecoderNLL(x0, sched, decoderVariance(sched, kind));
        const exact = natsToBitsPerDim(priorKL(x0, sched) + sumExact + l0Exact);
        expect(bound.strata).toBe(strata);
        expect(bound.sigma).toBe(kind);
        expect(bound.decoderVariance).toBe(sched.betas[0]);
        expect(bound.totalSE).toBeGreaterThan(0);
        expect(Math.abs(bound.sumLt - natsToBitsPerDim(sumExact))).toBeLessThan(3 * bound.sumLtSE);
        expect(Math.abs(bound.L0 - natsToBitsPerDim(l0Exact))).toBeLessThan(3 * bound.L0SE);
        expect(Math.abs(bound.total - exact)).toBeLessThan(3 * bound.totalSE);
        // the midpoint of each stratum standing for all of it is biased by more than that
        let midpoint = 0;
        for (const { lo, hi } of boundStrata(T, strata)) midpoint += (hi - lo) * term(Math.floor((lo + hi - 1) / 2));
        expect(Math.abs(natsToBitsPerDim(midpoint - sumExact))).toBeGreaterThan(3 * bound.sumLtSE);
        expect(tf.memory().numTensors).toBe(before);
        data.dispose();
      });
    }
  });
});

/** One fixed digit: pixel k has grey level (37k) mod 256, so every level from 0 to 255 occurs. */
const DIGIT = Uint8Array.from({ length: 784 }, (_, k) => (37 * k) % 256);

/** `count` copies of DIGIT, so that every held-out draw sees the same x_0. */
function sameDigits(count: number): DeviceData {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) pixels.set(DIGIT, i * 784);
  return new DeviceData(new Uint8Array(count), pixels);
}

/** Φ(x) in float64 (Abramowitz & Stegun 7.1.26 is too coarse here: use the series of erfc's complement). */
function phi(x: number): number {
  // erf by its Taylor series for |x| < 3, and the asymptotic tail beyond
  const z = x / Math.SQRT2;
  if (Math.abs(z) < 3) {
    let sum = z;
    let term = z;
    for (let k = 1; k < 200; k++) {
      term *= (-z * z) / k;
      sum += term / (2 * k + 1);
    }
    return 0.5 * (1 + (2 / Math.sqrt(Math.PI)) * sum);
  }
  return z > 0 ? 1 : 0;
}

/**
 * E_ε[−log p(x_0|x_1)] for ε_θ ≡ 0 (eq. 13): μ = x_1/√α_1 = x_0 + √(β_1/α_1) ε, each pixel's bin of
 * width 2/255 (edge bins to ±∞) under N(μ, v), integrated over ε ~ N(0, 1) on a fine grid.
 */
function expectedDecoderNLL(x0: Float32Array, sched: ReturnType<typeof makeSchedule>, v: number): number {
  const scale = Math.sqrt(sched.betas[0] / sched.alphas[0]);
  const sd = Math.sqrt(v);
  const grid = 2001;
  let total = 0;
  for (const x of x0) {
    let e = 0;
    let w = 0;
    for (let g = 0; g < grid; g++) {
      const eps = -8 + (16 * g) / (grid - 1);
      const weight = Math.exp(-0.5 * eps * eps);
      const mu = x + scale * eps;
      const upper = x < 0.999 ? phi((x + 1 / 255 - mu) / sd) : 1;
      const lower = x > -0.999 ? phi((x - 1 / 255 - mu) / sd) : 0;
      e += weight * -Math.log(Math.max(upper - lower, 1e-12));
      w += weight;
    }
    total += e / w;
  }
  return total;
}
