/**
 * The TeX of one reverse step: the update rule and the same rule with this step's numbers.
 * Pure (strings only); the panel renders them with math/Tex.tsx.
 */
import { alphaBarAt, type Schedule } from '../../../diffusion/schedule';
import type { SampleFrame } from '../../../engine/protocol';
import { formatCoef } from './samplingText';

/** Algorithm 2's update (eq. 11 plus noise). */
export const DDPM_UPDATE_TEX =
  String.raw`x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\Big(x_t - \frac{1-\alpha_t}{\sqrt{1-\bar\alpha_t}}\,\epsilon_\theta(x_t, t)\Big) + \sigma_t z`;

/** DDIM's update (Song et al. 2021, eq. 12) and its σ. */
export const DDIM_UPDATE_TEX =
  String.raw`x_{\tau_{i-1}} = \sqrt{\bar\alpha_{\tau_{i-1}}}\,\hat x_0 + \sqrt{1-\bar\alpha_{\tau_{i-1}}-\sigma^2}\;\epsilon_\theta(x_{\tau_i}, \tau_i) + \sigma z`;
export const DDIM_SIGMA_TEX =
  String.raw`\sigma = \eta\,\sqrt{\frac{1-\bar\alpha_{\tau_{i-1}}}{1-\bar\alpha_{\tau_i}}}\,\sqrt{1-\frac{\bar\alpha_{\tau_i}}{\bar\alpha_{\tau_{i-1}}}}`;

/** x̂_0 from ε (eq. 15). */
export const X0HAT_TEX = String.raw`\hat x_0 = \frac{x_t - \sqrt{1-\bar\alpha_t}\,\epsilon_\theta(x_t, t)}{\sqrt{\bar\alpha_t}}`;

type Step = Pick<SampleFrame, 'tFrom' | 't' | 'coef'>;

/** The noise term with its number: "+ 0.1414\,z", or "+ 0" with a note when there is no noise. */
function noiseTerm(sigma: number, t: number): string {
  if (sigma > 0 && t > 0) return String.raw`+ ${formatCoef(sigma)}\,z`;
  return String.raw`+ 0 \quad(z = 0 \text{ at the last step})`;
}

/** Algorithm 2 with this step's coefficients (from the frame). */
export function ddpmLiveTex({ tFrom, t, coef }: Step): string {
  return String.raw`x_{${t}} = ${formatCoef(coef.recipSqrtAlpha)}\Big(x_{${tFrom}} - ${formatCoef(coef.epsCoef)}\,\epsilon_\theta(x_{${tFrom}}, ${tFrom})\Big) ${noiseTerm(coef.sigma, t)}`;
}

/** DDIM's update with this step's numbers: ᾱ from the schedule, σ from the frame. Null if t is out of the schedule. */
export function ddimLiveTex({ tFrom, t, coef }: Step, s: Schedule): string | null {
  if (tFrom > s.T || t < 0 || t > tFrom) return null;
  const abPrev = alphaBarAt(s, t);
  const epsScale = Math.sqrt(Math.max(0, 1 - abPrev - coef.sigma * coef.sigma));
  const noise = coef.sigma > 0 ? String.raw`+ ${formatCoef(coef.sigma)}\,z` : String.raw`+ 0`;
  return String.raw`x_{${t}} = ${formatCoef(Math.sqrt(abPrev))}\,\hat x_0 + ${formatCoef(epsScale)}\,\epsilon_\theta(x_{${tFrom}}, ${tFrom}) ${noise}`;
}

/** Eq. 15 at tFrom with the schedule's numbers. Null if tFrom is out of the schedule. */
export function x0HatLiveTex(tFrom: number, s: Schedule): string | null {
  if (tFrom < 1 || tFrom > s.T) return null;
  const ab = s.alphaBars[tFrom - 1];
  return String.raw`\hat x_0 = \frac{x_{${tFrom}} - ${formatCoef(Math.sqrt(1 - ab))}\,\epsilon_\theta(x_{${tFrom}}, ${tFrom})}{${formatCoef(Math.sqrt(ab))}}`;
}
