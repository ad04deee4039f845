import { describe, expect, it } from 'vitest';
import { alphaBarAt, makeSchedule } from '../../../src/diffusion/schedule';
import {
  drawPixelChain, drawPixelClosedForm, fillStandardNormal, histogram, normalState, pixelDensity, sampleMoments,
} from '../../../src/diffusion/pixelDraws';

const s = makeSchedule({ kind: 'linear', T: 1000 });
const X0 = 0.8;

/** Tolerances at 5 standard errors for the sample mean and variance of n Gaussian draws. */
function tolerances(variance: number, n: number): { mean: number; variance: number } {
  return { mean: 5 * Math.sqrt(variance / n), variance: 5 * variance * Math.sqrt(2 / (n - 1)) };
}

describe('pixelDensity (eq. 4)', () => {
  it('mean √ᾱ_t x_0 and variance 1 − ᾱ_t, against the reference ᾱ_250 = 0.52408537', () => {
    const { mean, variance } = pixelDensity(X0, 250, s);
    expect(mean).toBeCloseTo(Math.sqrt(0.52408537) * X0, 6);
    expect(variance).toBeCloseTo(1 - 0.52408537, 6);
  });
  it('is the point mass at x_0 for t = 0', () => {
    expect(pixelDensity(X0, 0, s)).toEqual({ mean: X0, variance: 0 });
  });
  it('rejects t outside [0, T]', () => {
    expect(() => pixelDensity(X0, 1001, s)).toThrow(RangeError);
    expect(() => pixelDensity(X0, -1, s)).toThrow(RangeError);
  });
});

describe('the N(0, 1) source', () => {
  const n = 400_000;
  const z = fillStandardNormal(new Float64Array(n), normalState(7));
  it('has mean 0, variance 1 and the normal tail fractions', () => {
    const { mean, variance } = sampleMoments(z);
    const tol = tolerances(1, n);
    expect(Math.abs(mean)).toBeLessThan(tol.mean);
    expect(Math.abs(variance - 1)).toBeLessThan(tol.variance);
    // P(|Z| > a) for a = 1, 2, 3.5 (the last one exercises the tail beyond the ziggurat's base, r ≈ 3.44)
    for (const [a, p] of [[1, 0.31731051], [2, 0.04550026], [3.5, 0.00046525]] as const) {
      let count = 0;
      for (const v of z) if (Math.abs(v) > a) count++;
      expect(Math.abs(count / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });
  it('has fourth moment 3 (a Gaussian, not just any unit-variance law)', () => {
    let m4 = 0;
    for (const v of z) m4 += v ** 4;
    m4 /= n;
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / n)); // Var(Z⁴) = 105 − 9 = 96
  });
  it('is deterministic for a seed and differs between seeds', () => {
    const a = fillStandardNormal(new Float64Array(100), normalState(3));
    const b = fillStandardNormal(new Float64Array(100), normalState(3));
    const c = fillStandardNormal(new Float64Array(100), normalState(4));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
  it('continues the stream across calls on the same state', () => {
    const whole = fillStandardNormal(new Float64Array(200), normalState(9));
    const state = normalState(9);
    const first = fillStandardNormal(new Float64Array(120), state);
    const second = fillStandardNormal(new Float64Array(80), state);
    expect(Array.from(first).concat(Array.from(second))).toEqual(Array.from(whole));
  });
});

describe('draws of one pixel of x_t: closed form (eq. 4) and the chain of eq. 2', () => {
  const n = 20_000;
  for (const t of [1, 250, 1000]) {
    const { mean, variance } = pixelDensity(X0, t, s);
    const tol = tolerances(variance, n);
    const closed = sampleMoments(drawPixelClosedForm(X0, t, s, n, 100 + t));
    const chain = sampleMoments(drawPixelChain(X0, t, s, n, 200 + t));

    it(`closed form at t = ${t}: mean √ᾱ_t x_0 and variance 1 − ᾱ_t within 5 s.e.`, () => {
      expect(Math.abs(closed.mean - mean)).toBeLessThan(tol.mean);
      expect(Math.abs(closed.variance - variance)).toBeLessThan(tol.variance);
    });
    it(`chain at t = ${t}: mean √ᾱ_t x_0 and variance 1 − ᾱ_t within 5 s.e.`, () => {
      expect(Math.abs(chain.mean - mean)).toBeLessThan(tol.mean);
      expect(Math.abs(chain.variance - variance)).toBeLessThan(tol.variance);
    });
    it(`closed form and chain agree at t = ${t} (5 s.e. of a difference of two independent estimates)`, () => {
      expect(Math.abs(closed.mean - chain.mean)).toBeLessThan(Math.SQRT2 * tol.mean);
      expect(Math.abs(closed.variance - chain.variance)).toBeLessThan(Math.SQRT2 * tol.variance);
    });
  }

  it('chain: the product of √(1 − β_k) reproduces √ᾱ_t (a noiseless check of the coefficients)', () => {
    // the same seed gives the same noise z_1 … z_t, so chains from x_0 = 1 and x_0 = 0 differ by exactly
    // ∏_k √(1 − β_k) = √ᾱ_t in every draw
    const t = 488;
    const a = drawPixelChain(1, t, s, 50, 5);
    const b = drawPixelChain(0, t, s, 50, 5);
    for (let j = 0; j < 50; j++) expect(a[j] - b[j]).toBeCloseTo(Math.sqrt(alphaBarAt(s, t)), 5);
  });

  it('t = 0 returns x_0 exactly, in both samplers', () => {
    for (const draws of [drawPixelClosedForm(X0, 0, s, 10, 1), drawPixelChain(X0, 0, s, 10, 1)]) {
      expect(Array.from(draws)).toEqual(new Array(10).fill(Math.fround(X0)));
    }
  });

  it('is deterministic for a seed, and the seed matters', () => {
    expect(drawPixelClosedForm(X0, 250, s, 100, 42)).toEqual(drawPixelClosedForm(X0, 250, s, 100, 42));
    expect(drawPixelChain(X0, 250, s, 100, 42)).toEqual(drawPixelChain(X0, 250, s, 100, 42));
    expect(drawPixelChain(X0, 250, s, 100, 42)).not.toEqual(drawPixelChain(X0, 250, s, 100, 43));
  });

  it('rejects a bad count or timestep', () => {
    expect(() => drawPixelClosedForm(X0, 250, s, -1, 1)).toThrow(RangeError);
    expect(() => drawPixelChain(X0, 250, s, 1.5, 1)).toThrow(RangeError);
    expect(() => drawPixelChain(X0, 1001, s, 10, 1)).toThrow(RangeError);
  });
});

describe('histogram', () => {
  it('counts values into equal bins, with hi in the last bin and the rest outside', () => {
    const h = histogram([-1, -0.5, 0, 0.49, 0.5, 1, 1.5, -2, NaN], -1, 1, 4);
    expect(Array.from(h.counts)).toEqual([1, 1, 2, 2]);
    expect(h.inside).toBe(6);
    expect(h.outside).toBe(3);
    expect(h.total).toBe(9);
    expect(h.binWidth).toBe(0.5);
  });
  it('has density heights whose area is the fraction inside [lo, hi]', () => {
    const values = drawPixelClosedForm(X0, 1000, s, 5000, 11);
    const h = histogram(values, -1, 1, 50);
    let area = 0;
    for (const d of h.density) area += d * h.binWidth;
    expect(area).toBeCloseTo(h.inside / h.total, 12);
    expect(h.inside / h.total).toBeGreaterThan(0.6); // P(|Z| ≤ 1) ≈ 0.683 at t = T
    expect(h.inside / h.total).toBeLessThan(0.76);
    const wide = histogram(values, -10, 10, 50);
    let wideArea = 0;
    for (const d of wide.density) wideArea += d * wide.binWidth;
    expect(wideArea).toBeCloseTo(1, 12);
  });
  it('rejects an empty range or a bad bin count', () => {
    expect(() => histogram([0], 1, 1, 10)).toThrow(RangeError);
    expect(() => histogram([0], 0, 1, 0)).toThrow(RangeError);
  });
});
