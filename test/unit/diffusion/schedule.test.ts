import { describe, expect, it } from 'vitest';
import {
  alphaBarAt, makeSchedule, scheduleAt, T_MAX, T_MIN, type Schedule,
} from '../../../src/diffusion/schedule';

function relErr(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('linear schedule, T = 1000, against MATH.md reference table', () => {
  const s = makeSchedule({ kind: 'linear', T: 1000 });
  // [t, β_t, ᾱ_t, β̃_t, relative tolerance of ᾱ_t] (the table gives ᾱ_1000 to 5 significant digits)
  const table: [number, number, number, number, number][] = [
    [1, 1.0e-4, 0.9999, 0, 1e-5],
    [250, 0.00506006, 0.52408537, 0.00503172, 1e-5],
    [488, 0.009801, 0.08858573, 0.00979157, 1e-5],
    [1000, 0.02, 4.0358e-5, 0.01999998, 1e-4],
  ];
  for (const [t, beta, alphaBar, betaTilde, abTol] of table) {
    it(`matches β, ᾱ, β̃ at t = ${t}`, () => {
      const v = scheduleAt(s, t);
      expect(relErr(v.beta, beta)).toBeLessThan(1e-5);
      expect(relErr(v.alphaBar, alphaBar)).toBeLessThan(abTol);
      if (betaTilde === 0) expect(v.posteriorVariance).toBe(0);
      else expect(relErr(v.posteriorVariance, betaTilde)).toBeLessThan(1e-5);
    });
  }

  it('has β_1 = 1e-4 and β_T = 0.02 as torch.linspace does, and length T', () => {
    expect(s.betas.length).toBe(1000);
    expect(s.betas[0]).toBe(Math.fround(1e-4));
    expect(s.betas[999]).toBe(Math.fround(0.02));
  });

  it('gives √ᾱ_250 = 0.7239 and √(1−ᾱ_250) = 0.6899 to 4 decimals', () => {
    const v = scheduleAt(s, 250);
    expect(v.sqrtAlphaBar.toFixed(4)).toBe('0.7239');
    expect(v.sqrtOneMinusAlphaBar.toFixed(4)).toBe('0.6899');
  });

  it('alphaBarAt(0) = 1 and alphaBarAt(t) = alphaBars[t−1]', () => {
    expect(alphaBarAt(s, 0)).toBe(1);
    expect(alphaBarAt(s, 250)).toBe(s.alphaBars[249]);
    expect(() => alphaBarAt(s, 1001)).toThrow(RangeError);
  });
});

/**
 * Recomputes every array in float64 from the stored β_t (or, when β_t > 1/2, from the stored α_t, which
 * then carries more significant digits) and compares, relative error < 1e-5.
 */
function checkConsistency(s: Schedule): void {
  const close = (name: string, actual: number, expected: number) => {
    const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-30);
    if (expected === 0) expect(actual, name).toBe(0);
    else expect(err, name).toBeLessThan(1e-5);
  };
  let alphaBarPrev = 1;
  for (let i = 0; i < s.T; i++) {
    const large = s.betas[i] > 0.5;
    const beta = large ? 1 - s.alphas[i] : s.betas[i];
    const alpha = large ? s.alphas[i] : 1 - s.betas[i];
    expect(Math.abs(s.alphas[i] + s.betas[i] - 1)).toBeLessThan(1e-7);
    close('betas', s.betas[i], beta);
    const alphaBar = alphaBarPrev * alpha;
    close('alphas', s.alphas[i], alpha);
    close('alphaBars', s.alphaBars[i], alphaBar);
    close('alphaBarsPrev', s.alphaBarsPrev[i], alphaBarPrev);
    close('sqrtAlphaBars', s.sqrtAlphaBars[i], Math.sqrt(alphaBar));
    close('sqrtOneMinusAlphaBars', s.sqrtOneMinusAlphaBars[i], Math.sqrt(1 - alphaBar));
    close('sqrtRecipAlphas', s.sqrtRecipAlphas[i], 1 / Math.sqrt(alpha));
    close('epsCoef', s.epsCoef[i], (1 - alpha) / Math.sqrt(1 - alphaBar));
    close('posteriorVariance', s.posteriorVariance[i], ((1 - alphaBarPrev) / (1 - alphaBar)) * beta);
    close('posteriorMeanCoef1', s.posteriorMeanCoef1[i], (Math.sqrt(alphaBarPrev) * beta) / (1 - alphaBar));
    close('posteriorMeanCoef2', s.posteriorMeanCoef2[i], (Math.sqrt(alpha) * (1 - alphaBarPrev)) / (1 - alphaBar));
    close('snr', s.snr[i], alphaBar / (1 - alphaBar));
    close('logSnr', Math.exp(s.logSnr[i]), alphaBar / (1 - alphaBar));
    alphaBarPrev = alphaBar;
  }
}

describe('consistency identities', () => {
  it('holds for the linear schedule', () => checkConsistency(makeSchedule({ kind: 'linear', T: 1000 })));
  it('holds for the cosine schedule', () => checkConsistency(makeSchedule({ kind: 'cosine', T: 1000 })));
  it('holds for a short custom linear schedule', () =>
    checkConsistency(makeSchedule({ kind: 'linear', T: 10, betaStart: 0.01, betaEnd: 0.2 })));

  it('posterior mean of a noiseless x_t: c1·x0 + c2·(√ᾱ_t x0) = √ᾱ_{t−1} x0 (eq. 7 at ε = 0)', () => {
    const s = makeSchedule({ kind: 'linear', T: 1000 });
    for (const t of [2, 10, 250, 999]) {
      const v = scheduleAt(s, t);
      const mean = v.posteriorMeanCoef1 + v.posteriorMeanCoef2 * v.sqrtAlphaBar;
      expect(mean).toBeCloseTo(Math.sqrt(v.alphaBarPrev), 5);
    }
  });
});

describe('cosine schedule against an independent float64 closed form', () => {
  const T = 1000;
  const s = makeSchedule({ kind: 'cosine', T });
  const f = (t: number) => Math.cos(((t / T + 0.008) / 1.008) * (Math.PI / 2)) ** 2;

  it('ᾱ_t = f(t)/f(0) where β is not clipped', () => {
    for (const t of [1, 100, 500, 900, 990]) {
      expect(relErr(s.alphaBars[t - 1], f(t) / f(0))).toBeLessThan(1e-5);
    }
  });

  it('β_t = 1 − f(t)/f(t−1) unclipped, and β_T clipped to 0.999', () => {
    for (const t of [1, 500, 990]) expect(relErr(s.betas[t - 1], 1 - f(t) / f(t - 1))).toBeLessThan(1e-5);
    expect(1 - f(T) / f(T - 1)).toBeGreaterThan(0.999);
    expect(s.betas[T - 1]).toBe(Math.fround(0.999));
    expect(relErr(s.alphaBars[T - 1], s.alphaBars[T - 2] * 0.001)).toBeLessThan(1e-5);
  });

  it('ᾱ is strictly decreasing, in (0, 1)', () => {
    expect(s.alphaBars[0]).toBeLessThan(1);
    for (let i = 1; i < T; i++) expect(s.alphaBars[i]).toBeLessThan(s.alphaBars[i - 1]);
    expect(s.alphaBars[T - 1]).toBeGreaterThan(0);
  });
});

describe('validation', () => {
  it.each([1, 4001, 2.5, NaN, 0, -3])('T = %s throws RangeError naming the value', (T) => {
    expect(() => makeSchedule({ kind: 'linear', T })).toThrow(RangeError);
    expect(() => makeSchedule({ kind: 'linear', T })).toThrow(`T must be an integer from 2 to 4000, got ${T}`);
  });

  it('accepts T_MIN and T_MAX', () => {
    expect(makeSchedule({ kind: 'linear', T: T_MIN }).betas.length).toBe(2);
    expect(makeSchedule({ kind: 'cosine', T: T_MAX }).alphaBars.length).toBe(4000);
  });

  it('rejects betas outside (0, 1) and betaStart > betaEnd', () => {
    expect(() => makeSchedule({ kind: 'linear', T: 10, betaStart: 0 })).toThrow(/betaStart.*got 0/);
    expect(() => makeSchedule({ kind: 'linear', T: 10, betaEnd: 1 })).toThrow(/betaEnd.*got 1/);
    expect(() => makeSchedule({ kind: 'linear', T: 10, betaStart: 0.1, betaEnd: 0.01 })).toThrow(RangeError);
  });

  it('scheduleAt rejects t outside [1, T]', () => {
    const s = makeSchedule({ kind: 'linear', T: 10 });
    expect(() => scheduleAt(s, 0)).toThrow(RangeError);
    expect(() => scheduleAt(s, 11)).toThrow(/got 11/);
  });
});
