import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import {
  eq7LiveTex, formatFixed6, formatLive, formatWeight, lambdaLiveTex, liveNumbers, liveQuantityTex,
} from '../../../src/ui/panels/derivation/liveNumbers';
import { texOf, type LiveTexSource } from '../../../src/ui/math/liveTex';
import { everyT, expectTemplatesMatchKatex, type LiveEquations } from '../ui/liveTexCheck';
import { LAMBDA_LINES, lambdaGeometry, lambdaSeries } from '../../../src/ui/panels/derivation/lambdaChartData';

const linear = makeSchedule({ kind: 'linear', T: 1000 });
const cosine = makeSchedule({ kind: 'cosine', T: 1000 });
const render = (tex: string) => katex.renderToString(tex, { throwOnError: true, strict: 'error', displayMode: true });

describe('live numbers', () => {
  it('at t = 488 of the linear schedule match MATH.md, and β̃_t reads 0.009792', () => {
    const n = liveNumbers(linear, 488);
    expect(n.t).toBe(488);
    expect(n.clamped).toBe(false);
    expect(n.beta).toBeCloseTo(0.009801, 6);
    expect(n.alphaBar).toBeCloseTo(0.08858573, 6);
    expect(n.betaTilde).toBeCloseTo(0.00979157, 7);
    expect(formatFixed6(n.betaTilde)).toBe('0.009792');
    // μ̃_t's coefficients (eq. 7) and λ_t (eq. 12) against their closed forms, in float64
    const abPrev = n.alphaBar / n.alpha;
    expect(n.coefX0).toBeCloseTo((Math.sqrt(abPrev) * n.beta) / (1 - n.alphaBar), 6);
    expect(n.coefXt).toBeCloseTo((Math.sqrt(n.alpha) * (1 - abPrev)) / (1 - n.alphaBar), 6);
    expect(n.lambdaBeta).toBeCloseTo(n.beta / (2 * n.alpha * (1 - n.alphaBar)), 6);
    expect(n.lambdaBetaTilde).toBeCloseTo((n.beta * n.beta) / (2 * n.betaTilde * n.alpha * (1 - n.alphaBar)), 6);
  });

  it('clamp t = 0 to t = 1, where λ_t with β̃ is infinite', () => {
    const n = liveNumbers(linear, 0);
    expect(n.t).toBe(1);
    expect(n.clamped).toBe(true);
    expect(n.betaTilde).toBe(0);
    expect(n.lambdaBetaTilde).toBe(Infinity);
    expect(formatWeight(n.lambdaBetaTilde)).toBe('∞');
    expect(n.lambdaBeta).toBeCloseTo(0.5, 3);
  });

  it('format small numbers in e-notation and keep six decimals otherwise', () => {
    expect(formatLive(linear.alphaBars[999])).toBe('4.036e-5');
    expect(formatLive(0.52408537)).toBe('0.524085');
    expect(formatLive(Infinity)).toBe('∞');
  });

  it('the substituted formulas render at every kind of t', () => {
    for (const s of [linear, cosine]) {
      for (const t of [0, 1, 2, 250, 488, 999, 1000]) {
        const n = liveNumbers(s, t);
        expect(() => render(texOf(eq7LiveTex(n)))).not.toThrow();
        expect(() => render(texOf(lambdaLiveTex(n)))).not.toThrow();
      }
    }
    expect(texOf(eq7LiveTex(liveNumbers(linear, 488)))).toContain('= 0.009792');
  });

  it("their templates, filled with the numbers at every t of both schedules, give exactly KaTeX's rendering", () => {
    const equations = (n: ReturnType<typeof liveNumbers>): LiveEquations => ({
      eq7: [eq7LiveTex(n), true],
      lambda: [lambdaLiveTex(n), true],
      ...Object.fromEntries(Object.entries(liveQuantityTex(n)).map(([k, src]) => [k, [src, false] as [LiveTexSource, boolean]])),
    });
    for (const s of [linear, cosine]) {
      const filledAt = expectTemplatesMatchKatex((t) => equations(liveNumbers(s, t)), everyT(s.T, 1));
      // most steps are filled, not rendered: the table's subscripts at every t, the equations at most
      expect(filledAt.get('beta')).toBe(s.T);
      expect(filledAt.get('eq7')!).toBeGreaterThan(s.T / 2);
      expect(filledAt.get('lambda')!).toBeGreaterThan(s.T / 2);
    }
  });
});

describe('λ_t plot data', () => {
  it('is largest at small t for both σ² choices, and starts at t = 2 for β̃', () => {
    for (const line of LAMBDA_LINES) {
      const pts = lambdaSeries(linear, line.key);
      expect(pts[0][0]).toBe(line.key === 'beta' ? 1 : 2);
      expect(pts[pts.length - 1][0]).toBe(1000);
      const max = Math.max(...pts.map((p) => p[1]));
      expect(pts.slice(0, 3).some((p) => p[1] === max)).toBe(true);
      expect(pts.every((p) => Number.isFinite(p[1]) && p[1] > 0)).toBe(true);
    }
  });

  it('gives finite paths and power-of-ten ticks at phone and desktop widths', () => {
    for (const s of [linear, cosine]) {
      for (const w of [260, 343, 760]) {
        const g = lambdaGeometry(s, w);
        expect(g.paths.beta).toMatch(/^M[\d.]/);
        expect(g.paths.betaTilde).not.toMatch(/NaN|Infinity/);
        expect(g.yTicks.length).toBeGreaterThanOrEqual(2);
        expect(g.x.range()[1]).toBeLessThanOrEqual(w);
      }
    }
  });
});
