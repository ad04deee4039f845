import { memo } from 'react';
import { alphaBarAt, type Schedule } from '../../../diffusion/schedule';
import { sigTex } from '../../format';
import { liveTex } from '../../math/liveTex';
import { LiveTex, Tex } from '../../math/Tex';
import { ScrollX } from '../../ScrollX';

/** The coefficients of eq. 4 at t, as the panel prints them (four decimals). */
export function eq4Coefficients(s: Schedule, t: number) {
  const alphaBar = alphaBarAt(s, t);
  return {
    alphaBar,
    signal: Math.sqrt(alphaBar),
    noise: Math.sqrt(1 - alphaBar),
    snr: t === 0 ? Infinity : alphaBar / (1 - alphaBar),
  };
}

/**
 * Eq. 4's live lines at t: x_t with its coefficients; ᾱ_t and the SNR's definition; the SNR's value.
 * The SNR's value changes form (0.0057, 5.8 × 10⁻⁴, ∞ at t = 0): a formula of its own, so that such a
 * change rebuilds those few elements and the rest of the line only has its numbers filled in.
 */
export function eq4Live(s: Schedule, t: number) {
  const c = eq4Coefficients(s, t);
  return {
    live: liveTex`\\mathbf{x}_{${t}} = ${c.signal.toFixed(4)}\\,\\mathbf{x}_0 + ${c.noise.toFixed(4)}\\,\\boldsymbol{\\epsilon}`,
    side: liveTex`\\displaystyle \\bar\\alpha_{${t}} = ${c.alphaBar.toFixed(4)},\\qquad \\mathrm{SNR}(${t}) = \\frac{\\bar\\alpha_{${t}}}{1-\\bar\\alpha_{${t}}}`,
    snr: liveTex`\\displaystyle = ${sigTex(c.snr)}`,
  };
}

const GENERAL =
  'q(\\mathbf{x}_t \\mid \\mathbf{x}_0) = \\mathcal{N}\\!\\big(\\mathbf{x}_t;\\ \\sqrt{\\bar\\alpha_t}\\,\\mathbf{x}_0,\\ (1-\\bar\\alpha_t)\\,\\mathbf{I}\\big)' +
  '\\quad\\Longleftrightarrow\\quad \\mathbf{x}_t = \\sqrt{\\bar\\alpha_t}\\,\\mathbf{x}_0 + \\sqrt{1-\\bar\\alpha_t}\\,\\boldsymbol{\\epsilon},\\quad \\boldsymbol{\\epsilon}\\sim\\mathcal{N}(\\mathbf{0},\\mathbf{I})';

const WHY =
  '\\sqrt{\\alpha_2}\\big(\\sqrt{\\alpha_1}\\,\\mathbf{x}_0 + \\sqrt{1-\\alpha_1}\\,\\boldsymbol{\\epsilon}_1\\big) + \\sqrt{1-\\alpha_2}\\,\\boldsymbol{\\epsilon}_2' +
  '\\ \\sim\\ \\mathcal{N}\\big(\\sqrt{\\alpha_1\\alpha_2}\\,\\mathbf{x}_0,\\ (\\alpha_2(1-\\alpha_1) + 1-\\alpha_2)\\,\\mathbf{I}\\big) = \\mathcal{N}\\big(\\sqrt{\\bar\\alpha_2}\\,\\mathbf{x}_0,\\ (1-\\bar\\alpha_2)\\,\\mathbf{I}\\big)';

/** Eq. 4 in general and with today's numbers, with the one-line reason it holds. */
export const Eq4 = memo(function Eq4({ schedule, t }: { schedule: Schedule; t: number }) {
  const { live, side, snr } = eq4Live(schedule, t);
  return (
    <ScrollX className="eq4" label="Equation 4 and its explanation, scrolls sideways">
      <div className="eq-row">
        <ScrollX label="Equation 4, scrolls sideways">
          <Tex block tex={GENERAL} />
        </ScrollX>
        <span className="eq-number">(4)</span>
      </div>
      <ScrollX className="eq-live" data-testid="eq4-live" label={`Equation 4 with the numbers at t = ${t}, scrolls sideways`}>
        <LiveTex block src={live} />
        <div className="eq-live-line">
          <LiveTex src={side} />
          <LiveTex src={snr} className="eq-live-value" />
        </div>
      </ScrollX>
      <p className="eq-why">
        <strong>Why one jump equals t small steps.</strong> Each step of eq. 2 scales the previous sample and adds fresh,
        independent Gaussian noise; a scaled Gaussian plus an independent Gaussian is Gaussian, and the variances add. Two
        steps already show the pattern:
      </p>
      <ScrollX className="eq-why-tex" label="Two noising steps combined into one, scrolls sideways">
        <Tex block tex={WHY} />
      </ScrollX>
    </ScrollX>
  );
});
