import { describe, expect, it } from 'vitest';
import {
  alphaBarAt, linearEndpoints, makeSchedule, modelTimestep, scheduleAt, T_MAX, T_MIN, timestepWithAlphaBar, type Schedule,
} from '../../../src/diffusion/schedule';
import { natsToBitsPerDim, priorKL } from '../../../src/diffusion/bound';

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

describe('the schedule at any T: x_T is noise (MATH.md, "Schedule")', () => {
  // MATH.md's reference ᾱ_T of the linear schedule with both endpoints scaled by 1000/T
  it.each([[50, 7.745e-6], [100, 2.039e-5], [250, 3.264e-5], [1000, 4.036e-5], [4000, 4.247e-5]])(
    'linear, T = %i: ᾱ_T = %f to 4 significant digits', (T, alphaBarT) => {
      expect(relErr(makeSchedule({ kind: 'linear', T }).alphaBars[T - 1], alphaBarT)).toBeLessThan(1e-3);
    });

  it('linear, T = 50: β_1 = 0.002 and β_T = 0.4', () => {
    const s = makeSchedule({ kind: 'linear', T: 50 });
    expect(s.betas[0]).toBe(Math.fround(0.002));
    expect(s.betas[49]).toBe(Math.fround(0.4));
  });

  it('keeps T = 1000 exactly the paper\'s (endpoints 1e−4 and 0.02)', () => {
    expect(linearEndpoints(1000)).toEqual({ betaStart: 1e-4, betaEnd: 0.02 });
  });

  it('clips the scaled endpoints below 1 for very short chains', () => {
    expect(linearEndpoints(2)).toEqual({ betaStart: 0.05, betaEnd: 0.999 });
    const s = makeSchedule({ kind: 'linear', T: 10 });
    expect(s.betas[9]).toBe(Math.fround(0.999));
    checkConsistency(s);
  });

  // The prior term for the worst digit (every pixel ±1), L_T = ½ Σ_k (ᾱ_T + (1 − ᾱ_T) − ln(1 − ᾱ_T) − 1)
  const worst = new Float32Array(784).fill(1);
  for (const kind of ['linear', 'cosine'] as const) {
    it.each([50, 100, 250, 500, 1000, 2000, 4000])(`${kind}, T = %i: ᾱ_T < 1e−3 and L_T < 1e−3 bits/dim`, (T) => {
      const s = makeSchedule({ kind, T });
      expect(s.alphaBars[T - 1]).toBeLessThan(1e-3);
      expect(natsToBitsPerDim(priorKL(worst, s))).toBeLessThan(1e-3);
    });
  }

  it('unscaled, T = 50 would leave the digit in x_T (ᾱ_T = 0.60): explicit endpoints are still honoured', () => {
    const s = makeSchedule({ kind: 'linear', T: 50, betaStart: 1e-4, betaEnd: 0.02 });
    expect(s.alphaBars[49]).toBeCloseTo(0.6, 2);
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

describe('a model’s own timestep for the forward panel’s t', () => {
  const linear = makeSchedule({ kind: 'linear', T: 1000 });
  const cosine50 = makeSchedule({ kind: 'cosine', T: 50 });
  it('is t itself when the schedules agree', () => {
    expect(modelTimestep(linear, 250, makeSchedule({ kind: 'linear', T: 1000 }))).toBe(250);
  });
  it('matches the noise level ᾱ across kinds and T, and stays within the model’s 1 … T', () => {
    for (const t of [1, 10, 25, 40, 50]) {
      const tm = modelTimestep(cosine50, t, linear);
      expect(tm).toBeGreaterThanOrEqual(1);
      expect(tm).toBeLessThanOrEqual(1000);
      const target = cosine50.alphaBars[t - 1];
      // no other timestep of the model is closer in ᾱ
      const dist = (u: number) => Math.abs(linear.alphaBars[u - 1] - target);
      if (tm > 1) expect(dist(tm)).toBeLessThanOrEqual(dist(tm - 1));
      if (tm < 1000) expect(dist(tm)).toBeLessThanOrEqual(dist(tm + 1));
    }
    // ᾱ_488 = 0.0886 (MATH.md) is found from the same ᾱ in another schedule
    expect(timestepWithAlphaBar(linear, 0.08858573)).toBe(488);
    // a forward t beyond the model's T is mapped into it, not rejected (ᾱ = 4.2e−5 is the T = 50 chain's t = 47)
    const short = makeSchedule({ kind: 'linear', T: 50 });
    const mapped = modelTimestep(makeSchedule({ kind: 'linear', T: 4000 }), 4000, short);
    expect(mapped).toBe(47);
    expect(short.alphaBars[46]).toBeGreaterThan(4.2e-5 / 2);
    expect(short.alphaBars[46]).toBeLessThan(4.2e-5 * 2);
    expect(modelTimestep(cosine50, 0, linear)).toBe(0);
  });
});
