/** The Fréchet distance against closed forms. */
import { describe, expect, it } from 'vitest';
import { frechetDistance, meanAndCovariance, symmetricEigen, symmetricSqrt } from '../../../src/engine/frechet';
import { mulberry32 } from '../../../src/diffusion/rng';

describe('Fréchet distance', () => {
  it('mean and covariance of hand-made vectors', () => {
    const { mean, cov } = meanAndCovariance([1, 2, 3, 6, 5, 10], 3, 2);
    expect(Array.from(mean)).toEqual([3, 6]);
    // deviations (−2, −4), (0, 0), (2, 4): Σ = [[8, 16], [16, 32]] / 2
    expect(Array.from(cov)).toEqual([4, 8, 8, 16]);
  });
  it('eigendecomposition and square root of a symmetric matrix', () => {
    const m = [2, 1, 0, 1, 2, 0, 0, 0, 5];
    const { values } = symmetricEigen(m, 3);
    expect(Array.from(values).sort((a, b) => a - b).map((v) => +v.toFixed(12))).toEqual([1, 3, 5]);
    const r = symmetricSqrt(m, 3);
    // r · r = m
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += r[i * 3 + k] * r[k * 3 + j];
      expect(s).toBeCloseTo(m[i * 3 + j], 12);
    }
  });
  it('diagonal covariances: ‖μ₁ − μ₂‖² + Σ (√a − √b)²', () => {
    const g1 = { mean: [0, 1], cov: [4, 0, 0, 9] };
    const g2 = { mean: [3, 1], cov: [1, 0, 0, 16] };
    expect(frechetDistance(g1, g2, 2)).toBeCloseTo(9 + (2 - 1) ** 2 + (3 - 4) ** 2, 10);
  });
  it('covariances that do not commute: tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^{1/2}) by the 2×2 closed form', () => {
    // for 2×2 matrices, tr √M = √(tr M + 2 √det M) when M has non-negative eigenvalues
    const c1 = [2, 1, 1, 2];
    const c2 = [3, -1, -1, 1];
    const p = [c1[0] * c2[0] + c1[1] * c2[2], c1[0] * c2[1] + c1[1] * c2[3], c1[2] * c2[0] + c1[3] * c2[2], c1[2] * c2[1] + c1[3] * c2[3]];
    const tr = p[0] + p[3];
    const det = p[0] * p[3] - p[1] * p[2];
    const expected = 4 + 4 - 2 * Math.sqrt(tr + 2 * Math.sqrt(det));
    expect(frechetDistance({ mean: [0, 0], cov: c1 }, { mean: [0, 0], cov: c2 }, 2)).toBeCloseTo(expected, 10);
    expect(frechetDistance({ mean: [0, 0], cov: c1 }, { mean: [0, 0], cov: c1 }, 2)).toBeCloseTo(0, 10);
  });
  it('8-dimensional samples of one Gaussian are close; a shifted one is the shift away', () => {
    const rand = mulberry32(7);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const d = 8;
    const draw = (n: number, shift: number) => Float64Array.from({ length: n * d }, () => normal() + shift);
    const a = meanAndCovariance(draw(4000, 0), 4000, d);
    const b = meanAndCovariance(draw(4000, 0), 4000, d);
    const c = meanAndCovariance(draw(4000, 1), 4000, d);
    expect(frechetDistance(a, b, d)).toBeLessThan(0.05);
    expect(frechetDistance(a, c, d)).toBeCloseTo(d, 0);
  });
});
