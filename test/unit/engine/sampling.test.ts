import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { lossWeight, klConstant } from '../../../src/diffusion/bound';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { DeviceData } from '../../../src/engine/deviceData';
import { estimateBound, estimateLt, ESTIMATE_EXAMPLES } from '../../../src/engine/evaluate';
import { natsToBitsPerDim, priorKL } from '../../../src/diffusion/bound';
import { chainTimesteps, SamplingRun } from '../../../src/engine/sampling';
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
    const run = new SamplingRun({ type: 'sampleStart', seed: 3, n: 2, sampler: { kind: 'ddim', eta: 0, steps: 5 }, start: null }, s);
    const start = await run.describe(0, false);
    expect(start.nfe).toBe(5);
    expect(start.x).toHaveLength(2 * 784);
    let frame;
    let steps = 0;
    while (!run.done) {
      frame = await run.step(model, undefined);
      steps++;
      // with ε_θ ≡ 0 and η = 0, DDIM scales x by √(ᾱ_{t'}/ᾱ_t): the mean is the whole update
      expect(Array.from(frame.noise).every((v) => v === 0)).toBe(true);
      expect(frame.x).toEqual(frame.mean);
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
    const run = new SamplingRun({ type: 'sampleStart', seed: 1, n: 1, sampler: { kind: 'ddpm', sigma: 'beta' }, start: { xt, t: 10 } }, s);
    const frame = await run.step(model, undefined);
    expect([frame.tFrom, frame.t]).toEqual([10, 9]);
    const recip = 1 / Math.sqrt(s.alphas[9]);
    expect(frame.coef.recipSqrtAlpha).toBeCloseTo(recip, 6);
    expect(frame.coef.sigma).toBeCloseTo(Math.sqrt(s.betas[9]), 7);
    for (let i = 0; i < 784; i += 97) {
      expect(frame.mean[i]).toBeCloseTo(xt[i] * recip, 5);
      expect(frame.x[i]).toBeCloseTo(frame.mean[i] + frame.noise[i], 5);
    }
    run.dispose();
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
    const clean = data.heldOutSlice(0, n);
    const pixels = await clean.data();
    clean.dispose();
    let lt = 0;
    for (let i = 0; i < n; i++) lt += priorKL(pixels.subarray(i * 784, (i + 1) * 784) as Float32Array, s);
    expect(bound.LT).toBeCloseTo(natsToBitsPerDim(lt / n), 6);
    expect(Number.isFinite(bound.L0) && bound.L0 > 0).toBe(true);
    expect(bound.total).toBeCloseTo(bound.LT + bound.sumLt + bound.L0, 10);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toHaveLength(20);
    expect(tf.memory().numTensors).toBe(before);
    data.dispose();
  });
});
