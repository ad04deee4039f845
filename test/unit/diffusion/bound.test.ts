import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import {
  klConstant, klGaussian, lossWeight, natsToBitsPerDim, priorKL, sigmaSquared,
} from '../../../src/diffusion/bound';

const s = makeSchedule({ kind: 'linear', T: 1000 });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('terms of the bound (eqs. 5, 12, 22)', () => {
  it('sigmaSquared is β_t or β̃_t', () => {
    expect(sigmaSquared(s, 250, 'beta')).toBe(s.betas[249]);
    expect(sigmaSquared(s, 250, 'betaTilde')).toBe(s.posteriorVariance[249]);
    expect(sigmaSquared(s, 1, 'betaTilde')).toBe(0);
  });

  it('λ_250 = β²/(2σ² α (1−ᾱ)) from the MATH.md table values (eq. 12)', () => {
    const beta = 0.00506006, alphaBar = 0.52408537, betaTilde = 0.00503172;
    const alpha = 1 - beta;
    expect(rel(lossWeight(s, 250, 'beta'), (beta * beta) / (2 * beta * alpha * (1 - alphaBar)))).toBeLessThan(1e-5);
    expect(rel(lossWeight(s, 250, 'betaTilde'), (beta * beta) / (2 * betaTilde * alpha * (1 - alphaBar)))).toBeLessThan(1e-5);
    // numerically: λ_250 ≈ 0.0053432 (σ² = β) and ≈ 0.0053733 (σ² = β̃)
    expect(lossWeight(s, 250, 'beta')).toBeCloseTo(0.0053432, 6);
    expect(lossWeight(s, 250, 'betaTilde')).toBeCloseTo(0.0053733, 6);
  });

  it('λ_1 is infinite for σ² = β̃ (β̃_1 = 0; the bound uses L_0 there) and finite for σ² = β', () => {
    expect(lossWeight(s, 1, 'betaTilde')).toBe(Infinity);
    expect(Number.isFinite(lossWeight(s, 1, 'beta'))).toBe(true);
  });

  it('klConstant is 0 for β̃ and D·KL(N(0, β̃) ‖ N(0, β)) for β', () => {
    for (const t of [2, 250, 1000]) {
      expect(klConstant(s, t, 'betaTilde')).toBe(0);
      const want = 784 * klGaussian(0, s.posteriorVariance[t - 1], 0, s.betas[t - 1]);
      expect(rel(klConstant(s, t, 'beta'), want)).toBeLessThan(1e-9);
      expect(klConstant(s, t, 'beta')).toBeGreaterThan(0);
    }
    expect(rel(klConstant(s, 250, 'beta', 10), (10 / 784) * klConstant(s, 250, 'beta'))).toBeLessThan(1e-12);
    expect(() => klConstant(s, 1, 'beta')).toThrow(RangeError);
  });

  it('klGaussian matches known values', () => {
    expect(klGaussian(0.3, 2, 0.3, 2)).toBe(0);
    expect(klGaussian(1, 1, 0, 1)).toBeCloseTo(0.5, 12);
    expect(klGaussian(0, 1, 0, 4)).toBeCloseTo(0.5 * (Math.log(4) + 0.25 - 1), 12);
    expect(klGaussian(0, 1, 0, 4)).not.toBeCloseTo(klGaussian(0, 4, 0, 1), 3); // not symmetric
  });

  it('priorKL (L_T) equals a direct sum of per-pixel Gaussian KLs', () => {
    const x0 = Float32Array.from({ length: 784 }, (_, k) => ((k * 37) % 256) / 127.5 - 1);
    const ab = s.alphaBars[999];
    let direct = 0;
    for (const x of x0) direct += klGaussian(Math.sqrt(ab) * x, 1 - ab, 0, 1);
    expect(rel(priorKL(x0, s), direct)).toBeLessThan(1e-9);
    // tiny for the T = 1000 linear schedule: ≈ ᾱ_T/2 per pixel at most
    expect(priorKL(x0, s)).toBeLessThan(784 * ab);
    const cosine = makeSchedule({ kind: 'cosine', T: 10 });
    let directCos = 0;
    const abc = cosine.alphaBars[9];
    for (const x of x0) directCos += klGaussian(Math.sqrt(abc) * x, 1 - abc, 0, 1);
    expect(rel(priorKL(x0, cosine), directCos)).toBeLessThan(1e-9);
  });

  it('natsToBitsPerDim divides by D ln 2', () => {
    expect(natsToBitsPerDim(784 * Math.LN2)).toBeCloseTo(1, 12);
    expect(natsToBitsPerDim(10, 1)).toBeCloseTo(10 / Math.LN2, 12);
  });
});
