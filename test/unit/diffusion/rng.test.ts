import { describe, expect, it } from 'vitest';
import { fillGaussian, gaussian, mulberry32 } from '../../../src/diffusion/rng';

const N = 100_000;

describe('mulberry32', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = mulberry32(42), b = mulberry32(42), c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
  });

  it('is uniform on [0, 1): range, mean 1/2 and variance 1/12 within 5 standard errors', () => {
    const rand = mulberry32(7);
    let sum = 0, sumSq = 0, min = 1, max = 0;
    for (let i = 0; i < N; i++) {
      const u = rand();
      sum += u; sumSq += u * u;
      min = Math.min(min, u); max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const mean = sum / N;
    const variance = sumSq / N - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    // Var of U² is 1/5 − 1/9 = 4/45, so the sample variance has standard error ≈ √(4/45/N).
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(4 / 45 / N));
  });
});

describe('gaussian (Box–Muller)', () => {
  it('has mean 0, variance 1 and P(|z| < 1) = 0.6827 within 5 standard errors', () => {
    const normal = gaussian(mulberry32(123));
    let sum = 0, sumSq = 0, inside = 0;
    for (let i = 0; i < N; i++) {
      const z = normal();
      sum += z; sumSq += z * z;
      if (Math.abs(z) < 1) inside++;
    }
    const mean = sum / N;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(sumSq / N - mean * mean - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    const p = 0.682689492;
    expect(Math.abs(inside / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
  });

  it('never takes log(0): a source that always returns 0 still gives finite values', () => {
    const normal = gaussian(() => 0);
    for (let i = 0; i < 4; i++) expect(Number.isFinite(normal())).toBe(true);
  });

  it('uses both Box–Muller outputs: two normals per two uniforms', () => {
    let calls = 0;
    const rand = mulberry32(1);
    const normal = gaussian(() => { calls++; return rand(); });
    for (let i = 0; i < 10; i++) normal();
    expect(calls).toBe(10);
  });
});

describe('fillGaussian', () => {
  it('fills the array in place, reproducibly per seed', () => {
    const a = new Float32Array(1000);
    expect(fillGaussian(a, 5)).toBe(a);
    expect(fillGaussian(new Float32Array(1000), 5)).toEqual(a);
    expect(fillGaussian(new Float32Array(1000), 6)).not.toEqual(a);
    expect(a.every(Number.isFinite)).toBe(true);
  });
});
