/**
 * Building blocks of the derivation's TeX, named after the paper's symbols, so the steps read like
 * MATH.md. Every string here is plain KaTeX (no macros, no trust-only commands).
 */

/** Colour of the terms that changed from the previous line (dark orange, 5.9:1 on white). */
export const CHANGED_COLOR = '#b4400b';

/**
 * Marks a term that changed from the previous line: coloured and underlined, so that colour is never
 * the only carrier.
 */
export function hl(tex: string): string {
  return `\\textcolor{${CHANGED_COLOR}}{\\underline{${tex}}}`;
}

/** Bold x with a subscript: x_{s}. */
export const x = (s: string | number): string => `\\mathbf{x}_{${s}}`;
export const eps = '\\boldsymbol{\\epsilon}';
export const epsTheta = '\\boldsymbol{\\epsilon}_\\theta';
export const I = '\\mathbf{I}';
export const zero = '\\mathbf{0}';
export const N = '\\mathcal{N}';
export const KL = 'D_{\\mathrm{KL}}';
/** ᾱ_{s} */
export const alphaBar = (s: string | number): string => `\\bar\\alpha_{${s}}`;
/** √ᾱ_{s} */
export const sqrtAlphaBar = (s: string | number): string => `\\sqrt{\\bar\\alpha_{${s}}}`;
/** √(1 − ᾱ_{s}) */
export const sqrtOneMinusAlphaBar = (s: string | number): string => `\\sqrt{1-\\bar\\alpha_{${s}}}`;
/** q(a | b) */
export const q = (a: string, b: string): string => `q(${a}\\mid ${b})`;
/** p_θ(a | b) */
export const p = (a: string, b: string): string => `p_\\theta(${a}\\mid ${b})`;
/** E_{sub}[ body ] with growing brackets */
export const E = (sub: string, body: string): string => `\\mathbb{E}_{${sub}}\\!\\left[${body}\\right]`;
/** μ̃_t */
export const muTilde = '\\tilde{\\boldsymbol{\\mu}}_t';
/** μ_θ(x_t, t) */
export const muTheta = `\\boldsymbol{\\mu}_\\theta(${x('t')}, t)`;
export const betaTilde = '\\tilde\\beta_t';
/** x_t(x_0, ε) */
export const xtOf = `${x('t')}(${x(0)},${eps})`;
/** √ᾱ_t x_0 + √(1 − ᾱ_t) ε */
export const qSampleTex = `${sqrtAlphaBar('t')}\\,${x(0)} + ${sqrtOneMinusAlphaBar('t')}\\,${eps}`;
/** the weight λ_t of eq. 12 */
export const lambdaTex = `\\frac{\\beta_t^2}{2\\sigma_t^2\\,\\alpha_t\\,(1-${alphaBar('t')})}`;
/** ‖ε − ε_θ(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t)‖² */
export const epsLossTex = `\\left\\|${eps} - ${epsTheta}\\big(${qSampleTex},\\, t\\big)\\right\\|^2`;
