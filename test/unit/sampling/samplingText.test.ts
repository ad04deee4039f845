import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import {
  DEFAULT_SAMPLER_CHOICE, clampDdimSteps, clampEta, ddimStepsRange, evaluationsText, filmstripPositions,
  formatCoef, formatDuration, ordinal, thinningText, plannedCostText, randomSeed, samplerName, timingText, toSamplerSpec,
} from '../../../src/ui/panels/sampling/samplingText';
import { ddimLiveTex, ddpmLiveTex, x0HatLiveTex } from '../../../src/ui/panels/sampling/stepTex';
import { renderTex } from '../../../src/ui/math/Tex';

describe('network evaluations', () => {
  it('says one per step: T for DDPM, the step count for DDIM', () => {
    expect(evaluationsText(1)).toBe('1 network evaluation');
    expect(evaluationsText(1000)).toBe('1,000 network evaluations');
    expect(plannedCostText({ kind: 'ddpm', sigma: 'beta' }, 1000)).toBe(
      'A DDPM run from x_T takes 1,000 network evaluations: one per step, t = 1000 … 1.',
    );
    expect(plannedCostText({ kind: 'ddim', eta: 0, steps: 50 }, 1000)).toBe(
      'A DDIM run of 50 steps takes 50 network evaluations, 20× fewer than DDPM’s 1,000.',
    );
    expect(plannedCostText({ kind: 'ddim', eta: 0, steps: 10 }, 50)).toBe(
      'A DDIM run of 10 steps takes 10 network evaluations, 5.0× fewer than DDPM’s 50.',
    );
    expect(plannedCostText({ kind: 'ddim', eta: 1, steps: 50 }, 50)).toBe('A DDIM run of 50 steps takes 50 network evaluations, as many as DDPM.');
  });

  it('names the sampler', () => {
    expect(samplerName({ kind: 'ddpm', sigma: 'betaTilde' })).toBe('DDPM, σₜ² = β̃ₜ');
    expect(samplerName({ kind: 'ddim', eta: 0.5, steps: 10 })).toBe('DDIM, 10 steps, η = 0.5');
  });

  it('reports worker time and wall time', () => {
    expect(timingText(0, 50, 0, 0)).toBe('0 of 50 network evaluations done.');
    expect(timingText(49, 50, 2940, 4100)).toBe('49 of 50 network evaluations done: 2.9 s in the worker (60 ms per step), 4.1 s wall time.');
    expect(formatDuration(3.25)).toBe('3.3 ms');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(Number.NaN)).toBe('–');
  });
});

describe('sampler settings', () => {
  it('clamps DDIM steps to 10 … T and η to [0, 1]', () => {
    expect(ddimStepsRange(1000)).toEqual({ min: 10, max: 1000 });
    expect(ddimStepsRange(5)).toEqual({ min: 5, max: 5 });
    expect(clampDdimSteps(3, 1000)).toBe(10);
    expect(clampDdimSteps(2000, 1000)).toBe(1000);
    expect(clampDdimSteps(Number.NaN, 50)).toBe(10);
    expect(clampDdimSteps(12.4, 50)).toBe(12);
    expect(clampEta(-1)).toBe(0);
    expect(clampEta(2)).toBe(1);
    expect(clampEta(Number.NaN)).toBe(0);
  });

  it('builds the request’s sampler', () => {
    expect(toSamplerSpec(DEFAULT_SAMPLER_CHOICE, 1000)).toEqual({ kind: 'ddpm', sigma: 'beta', clip: true });
    expect(toSamplerSpec({ ...DEFAULT_SAMPLER_CHOICE, kind: 'ddim', steps: 500, eta: 0.3, clip: false }, 50)).toEqual({ kind: 'ddim', eta: 0.3, steps: 50, clip: false });
  });
});

describe('filmstrip positions', () => {
  it('spreads about ten positions over the run, ends included', () => {
    expect(filmstripPositions(0)).toEqual([]);
    expect(filmstripPositions(4)).toEqual([0, 1, 2, 3]);
    const p = filmstripPositions(1001);
    expect(p).toHaveLength(10);
    expect(p[0]).toBe(0);
    expect(p[9]).toBe(1000);
    expect(p).toEqual([...p].sort((a, b) => a - b));
    expect(filmstripPositions(12)).toEqual([0, 1, 2, 4, 5, 6, 7, 9, 10, 11]);
  });
});

describe('live coefficients', () => {
  const s = makeSchedule({ kind: 'linear', T: 1000 });
  it('formats with four significant digits, no exponent', () => {
    expect(formatCoef(1.0050378)).toBe('1.005');
    expect(formatCoef(0.0213)).toBe('0.02130');
    expect(formatCoef(0.00001234)).toBe('0.00001234');
    expect(formatCoef(0)).toBe('0');
  });

  it('writes Algorithm 2 and DDIM with this step’s numbers, valid for KaTeX', () => {
    const t = 734;
    const i = t - 1;
    const ddpm = ddpmLiveTex({ tFrom: t, t: t - 1, coef: { recipSqrtAlpha: s.sqrtRecipAlphas[i], epsCoef: s.epsCoef[i], sigma: Math.sqrt(s.betas[i]) } });
    expect(ddpm).toContain('x_{733} =');
    expect(ddpm).toContain(formatCoef(s.epsCoef[i]));
    expect(ddpm).toContain(String.raw`\,z`);
    expect(renderTex(ddpm, true)).not.toBeNull();
    const last = ddpmLiveTex({ tFrom: 1, t: 0, coef: { recipSqrtAlpha: 1, epsCoef: 0.01, sigma: 0.01 } });
    expect(last).toContain('z = 0');
    expect(renderTex(last, true)).not.toBeNull();

    const ddim = ddimLiveTex({ tFrom: 1000, t: 900, coef: { recipSqrtAlpha: 0, epsCoef: 0, sigma: 0 } }, s)!;
    expect(ddim).toContain(formatCoef(Math.sqrt(s.alphaBars[899])));
    expect(ddim).toContain(formatCoef(Math.sqrt(1 - s.alphaBars[899])));
    expect(renderTex(ddim, true)).not.toBeNull();
    expect(ddimLiveTex({ tFrom: 2000, t: 1000, coef: { recipSqrtAlpha: 0, epsCoef: 0, sigma: 0 } }, s)).toBeNull();

    const x0 = x0HatLiveTex(250, s)!;
    expect(x0).toContain(formatCoef(Math.sqrt(s.alphaBars[249])));
    expect(renderTex(x0, true)).not.toBeNull();
  });
});

describe('thinning note', () => {
  it('uses English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
    expect(thinningText(1)).toBe('');
    expect(thinningText(3)).toBe('To stay within memory, every 3rd step is kept (plus the newest and the last).');
  });
});

describe('seeds', () => {
  it('are unsigned 32-bit integers', () => {
    expect(randomSeed(() => 0)).toBe(0);
    expect(randomSeed(() => 0.999999999999)).toBe(0xffffffff);
    const s = randomSeed();
    expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
  });
});
