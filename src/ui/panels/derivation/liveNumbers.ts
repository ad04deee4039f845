/**
 * The numbers of the derivation at one timestep: β_t, α_t, ᾱ_t, ᾱ_{t−1}, β̃_t and the coefficients of
 * μ̃_t (eq. 7), and the weight λ_t of eq. 12 for both choices of σ_t². Pure, for the table and tests.
 */
import { lossWeight } from '../../../diffusion/bound';
import { scheduleAt, type Schedule } from '../../../diffusion/schedule';
import { liveTex, type LiveTexSource } from '../../math/liveTex';

export interface LiveNumbers {
  /** the timestep the numbers are for: max(1, t) */
  t: number;
  /** true when the requested t was 0 and t = 1 is shown instead */
  clamped: boolean;
  beta: number;
  alpha: number;
  alphaBar: number;
  alphaBarPrev: number;
  /** β̃_t (eq. 7); 0 at t = 1 */
  betaTilde: number;
  /** √ᾱ_{t−1} β_t/(1 − ᾱ_t), coefficient of x_0 in μ̃_t */
  coefX0: number;
  /** √α_t (1 − ᾱ_{t−1})/(1 − ᾱ_t), coefficient of x_t in μ̃_t */
  coefXt: number;
  /** λ_t with σ_t² = β_t */
  lambdaBeta: number;
  /** λ_t with σ_t² = β̃_t; Infinity at t = 1, where β̃_1 = 0 */
  lambdaBetaTilde: number;
}

/** The live numbers at t, clamped to t ≥ 1 (t = 0 is x_0 itself: there is no step to derive). */
export function liveNumbers(s: Schedule, t: number): LiveNumbers {
  const tt = Math.min(s.T, Math.max(1, Math.round(t)));
  const v = scheduleAt(s, tt);
  return {
    t: tt,
    clamped: t < 1,
    beta: v.beta,
    alpha: v.alpha,
    alphaBar: v.alphaBar,
    alphaBarPrev: v.alphaBarPrev,
    betaTilde: v.posteriorVariance,
    coefX0: v.posteriorMeanCoef1,
    coefXt: v.posteriorMeanCoef2,
    lambdaBeta: lossWeight(s, tt, 'beta'),
    lambdaBetaTilde: lossWeight(s, tt, 'betaTilde'),
  };
}

/** Six decimals, the format of β_t, α_t and β̃_t (β̃_488 of the linear schedule reads 0.009792). */
export function formatFixed6(x: number): string {
  return x.toFixed(6);
}

/**
 * Six decimals while that keeps four significant digits (|x| ≥ 0.001), otherwise four significant
 * digits in e-notation (ᾱ_1000 reads 4.036e-5); '∞' for infinity.
 */
export function formatLive(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e4) return x.toFixed(6);
  return x.toExponential(3).replace('e+', 'e');
}

/** Like formatLive, as TeX (scientific notation with a real power of ten). */
export function formatLiveTex(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e4) return x.toFixed(6);
  const [m, e] = x.toExponential(3).split('e');
  return `${m}\\times 10^{${Number(e)}}`;
}

/** λ_t to four significant digits, for the table; '∞' at t = 1 with β̃. */
export function formatWeight(x: number): string {
  if (!Number.isFinite(x)) return '∞';
  return x >= 1e-3 && x < 1e4 ? x.toPrecision(4) : formatLive(x);
}

/**
 * Eq. 7 with the numbers at t substituted, as a live equation: a step of a scrub that changes only
 * its plain numbers fills in the template rendered once (liveTex.ts).
 */
export function eq7LiveTex(n: LiveNumbers): LiveTexSource {
  const t = n.t;
  const f = formatLiveTex;
  return liveTex`\\tilde{\\boldsymbol{\\mu}}_{${t}}(\\mathbf{x}_{${t}},\\mathbf{x}_0) = ${f(n.coefX0)}\\,\\mathbf{x}_0 + ${f(n.coefXt)}\\,\\mathbf{x}_{${t}},\\qquad \\tilde\\beta_{${t}} = \\frac{1-${f(n.alphaBarPrev)}}{1-${f(n.alphaBar)}}\\cdot ${f(n.beta)} = ${f(n.betaTilde)}`;
}

/** Eq. 12's weight with the numbers at t substituted, for both σ_t², as a live equation. */
export function lambdaLiveTex(n: LiveNumbers): LiveTexSource {
  const t = n.t;
  const w = (x: number) => (Number.isFinite(x) && x >= 1e-3 && x < 1e4 ? formatWeight(x) : formatLiveTex(x));
  return liveTex`\\lambda_{${t}} = \\frac{\\beta_{${t}}^2}{2\\sigma_{${t}}^2\\,\\alpha_{${t}}\\,(1-\\bar\\alpha_{${t}})} = ${w(n.lambdaBeta)}\\ \\ (\\sigma_{${t}}^2 = \\beta_{${t}}),\\qquad ${w(n.lambdaBetaTilde)}\\ \\ (\\sigma_{${t}}^2 = \\tilde\\beta_{${t}})`;
}

/** The TeX of each quantity in the table at t, as live equations (their subscripts move with t). */
export function liveQuantityTex(n: LiveNumbers) {
  const t = n.t;
  const prev = t - 1;
  return {
    beta: liveTex`\\beta_{${t}}`,
    alpha: liveTex`\\alpha_{${t}}`,
    alphaBar: liveTex`\\bar\\alpha_{${t}}`,
    alphaBarPrev: liveTex`\\bar\\alpha_{${prev}}`,
    betaTilde: liveTex`\\tilde\\beta_{${t}}`,
    coefX0: liveTex`\\frac{\\sqrt{\\bar\\alpha_{${prev}}}\\,\\beta_{${t}}}{1-\\bar\\alpha_{${t}}}`,
    coefXt: liveTex`\\frac{\\sqrt{\\alpha_{${t}}}\\,(1-\\bar\\alpha_{${prev}})}{1-\\bar\\alpha_{${t}}}`,
    lambdaBeta: liveTex`\\lambda_{${t}}\\ (\\sigma^2 = \\beta)`,
    lambdaBetaTilde: liveTex`\\lambda_{${t}}\\ (\\sigma^2 = \\tilde\\beta)`,
  } satisfies Record<string, LiveTexSource>;
}
