/**
 * The formulas of the second half of the derivation: the posterior (6)–(7), L_{t−1} as a squared
 * distance of means (8), the ε-parameterisation (9)–(12), and L_simple (14), as in MATH.md.
 */
import type { StepTex } from './stepTypes';
import {
  E, I, KL, N, alphaBar, betaTilde, eps, epsLossTex, epsTheta, hl, lambdaTex, muTheta, muTilde, p, q, qSampleTex, sqrtOneMinusAlphaBar, sqrtAlphaBar, x, xtOf,
} from './tex';

const x0 = x(0);
const xt = x('t');
const xtm1 = x('t-1');
const sigma2 = '\\sigma_t^2';
const oneOver2s = `\\frac{1}{2${sigma2}}`;
/** (1/√ᾱ_t)(x_t(x_0,ε) − √(1−ᾱ_t) ε): x_0 written with ε */
const x0OfEps = `\\frac{1}{${sqrtAlphaBar('t')}}\\big(${xtOf} - ${sqrtOneMinusAlphaBar('t')}\\,${eps}\\big)`;
/** (1/√α_t)(x_t − β_t/√(1−ᾱ_t) ·) */
const meanOf = (xTex: string, noise: string): string =>
  `\\frac{1}{\\sqrt{\\alpha_t}}\\left(${xTex} - \\frac{\\beta_t}{${sqrtOneMinusAlphaBar('t')}}\\,${noise}\\right)`;
const coefX0 = `\\frac{${sqrtAlphaBar('t-1')}\\,\\beta_t}{1-${alphaBar('t')}}`;
const coefXt = `\\frac{\\sqrt{\\alpha_t}\\,(1-${alphaBar('t-1')})}{1-${alphaBar('t')}}`;
const uniformT = 't\\sim\\mathrm{Uniform}\\{1,\\dots,T\\}';

export const LOSS_STEPS: StepTex[] = [
  {
    id: 'posterior',
    eq: '(6), (7)',
    tex:
      `\\begin{aligned}${q(xtm1, `${xt},${x0}`)} &= ${N}\\big(${xtm1};\\, ${muTilde}(${xt},${x0}),\\, ${betaTilde}${I}\\big) \\\\` +
      `${muTilde}(${xt},${x0}) &:= ${coefX0}\\,${x0} + ${coefXt}\\,${xt} \\\\` +
      `${betaTilde} &:= \\frac{1-${alphaBar('t-1')}}{1-${alphaBar('t')}}\\,\\beta_t\\end{aligned}`,
    detail: {
      tex: [
        `${q(xtm1, `${xt},${x0}`)} \\propto ${q(xt, xtm1)}\\,${q(xtm1, x0)} \\propto \\exp\\!\\left(-\\frac12\\left[\\frac{(${xt}-\\sqrt{\\alpha_t}\\,${xtm1})^2}{\\beta_t} + \\frac{(${xtm1}-${sqrtAlphaBar('t-1')}\\,${x0})^2}{1-${alphaBar('t-1')}}\\right]\\right)`,
        `= \\exp\\!\\left(-\\frac12\\left[\\Big(\\frac{\\alpha_t}{\\beta_t} + \\frac{1}{1-${alphaBar('t-1')}}\\Big)${xtm1}^2 - 2\\Big(\\frac{\\sqrt{\\alpha_t}}{\\beta_t}${xt} + \\frac{${sqrtAlphaBar('t-1')}}{1-${alphaBar('t-1')}}${x0}\\Big)${xtm1} + C(${xt},${x0})\\right]\\right)`,
        `\\frac{1}{${betaTilde}} = \\frac{\\alpha_t}{\\beta_t} + \\frac{1}{1-${alphaBar('t-1')}} = \\frac{\\alpha_t(1-${alphaBar('t-1')}) + \\beta_t}{\\beta_t(1-${alphaBar('t-1')})} = \\frac{1-${alphaBar('t')}}{\\beta_t(1-${alphaBar('t-1')})}`,
        `${muTilde} = ${betaTilde}\\Big(\\frac{\\sqrt{\\alpha_t}}{\\beta_t}${xt} + \\frac{${sqrtAlphaBar('t-1')}}{1-${alphaBar('t-1')}}${x0}\\Big) = ${coefX0}\\,${x0} + ${coefXt}\\,${xt}`,
      ],
    },
  },
  {
    id: 'klGauss',
    eq: '(8)',
    tex: `L_{t-1} = ${E('q', `${hl(oneOver2s)}\\left\\|${hl(`${muTilde}(${xt},${x0}) - ${muTheta}`)}\\right\\|^2`)} + C`,
    changed: [oneOver2s, `${muTilde}(${xt},${x0}) - ${muTheta}`],
    detail: {
      tex: [
        `${KL}\\big(${N}(\\boldsymbol{\\mu}_1, s_1^2${I})\\,\\|\\,${N}(\\boldsymbol{\\mu}_2, s_2^2${I})\\big) = \\frac{D}{2}\\Big(\\ln\\frac{s_2^2}{s_1^2} + \\frac{s_1^2}{s_2^2} - 1\\Big) + \\frac{\\|\\boldsymbol{\\mu}_1-\\boldsymbol{\\mu}_2\\|^2}{2s_2^2}`,
        `s_1^2 = ${betaTilde},\\quad s_2^2 = ${sigma2}:\\qquad C = \\frac{D}{2}\\Big(\\ln\\frac{${sigma2}}{${betaTilde}} + \\frac{${betaTilde}}{${sigma2}} - 1\\Big)\\quad(C = 0 \\text{ if } ${sigma2} = ${betaTilde})`,
      ],
    },
  },
  {
    id: 'reparam',
    eq: '(4) ⇒ x₀',
    tex: `${xtOf} = ${sqrtAlphaBar('t')}\\,${x0} + ${sqrtOneMinusAlphaBar('t')}\\,${eps} \\quad\\Longleftrightarrow\\quad ${hl(`${x0} = \\frac{1}{${sqrtAlphaBar('t')}}\\big(${xtOf} - ${sqrtOneMinusAlphaBar('t')}\\,${eps}\\big)`)}`,
    changed: [`${x0} = \\frac{1}{${sqrtAlphaBar('t')}}\\big(${xtOf} - ${sqrtOneMinusAlphaBar('t')}\\,${eps}\\big)`],
  },
  {
    id: 'plugIn',
    eq: '(9)',
    tex:
      `L_{t-1} - C = ${E(hl(`${x0},${eps}`), `${oneOver2s}\\left\\|${muTilde}\\Big(${hl(xtOf)},\\ ${hl(x0OfEps)}\\Big) - \\boldsymbol{\\mu}_\\theta(${xtOf}, t)\\right\\|^2`)}`,
    changed: [`${x0},${eps}`, xtOf, x0OfEps],
  },
  {
    id: 'simplify',
    eq: '(10)',
    tex: `L_{t-1} - C = ${E(`${x0},${eps}`, `${oneOver2s}\\left\\|${hl(meanOf(xtOf, eps))} - \\boldsymbol{\\mu}_\\theta(${xtOf}, t)\\right\\|^2`)}`,
    changed: [meanOf(xtOf, eps)],
    detail: {
      tex: [
        `\\text{in (7), } x_t:\\ ${coefX0}\\cdot\\frac{1}{${sqrtAlphaBar('t')}} + ${coefXt} = \\frac{\\beta_t + \\alpha_t(1-${alphaBar('t-1')})}{\\sqrt{\\alpha_t}\\,(1-${alphaBar('t')})} = \\frac{1}{\\sqrt{\\alpha_t}}`,
        `\\text{in (7), } \\epsilon:\\ -${coefX0}\\cdot\\frac{${sqrtOneMinusAlphaBar('t')}}{${sqrtAlphaBar('t')}} = -\\frac{1}{\\sqrt{\\alpha_t}}\\,\\frac{\\beta_t}{${sqrtOneMinusAlphaBar('t')}}\\qquad\\Big(\\frac{${sqrtAlphaBar('t-1')}}{${sqrtAlphaBar('t')}} = \\frac{1}{\\sqrt{\\alpha_t}}\\Big)`,
      ],
    },
  },
  {
    id: 'epsParam',
    eq: '(11)',
    tex: `${muTheta} = ${meanOf(xt, hl(`${epsTheta}(${xt}, t)`))}`,
    changed: [`${epsTheta}(${xt}, t)`],
  },
  {
    id: 'epsLoss',
    eq: '(12)',
    tex: `L_{t-1} - C = ${E(`${x0},${eps}`, `${hl(lambdaTex)}\\,\\left\\|${hl(`${eps} - ${epsTheta}`)}\\big(${qSampleTex},\\, t\\big)\\right\\|^2`)}`,
    changed: [lambdaTex, `${eps} - ${epsTheta}`],
    detail: {
      tex: [
        `${muTilde} - \\boldsymbol{\\mu}_\\theta = \\frac{1}{\\sqrt{\\alpha_t}}\\,\\frac{\\beta_t}{${sqrtOneMinusAlphaBar('t')}}\\,\\big(${epsTheta} - ${eps}\\big)\\quad\\Rightarrow\\quad ${oneOver2s}\\|${muTilde} - \\boldsymbol{\\mu}_\\theta\\|^2 = ${lambdaTex}\\,\\|${eps} - ${epsTheta}\\|^2`,
      ],
    },
  },
  {
    id: 'constants',
    eq: '(5)',
    tex: `L_T = ${KL}\\big(${N}(${sqrtAlphaBar('T')}\\,${x0}, (1-${alphaBar('T')})${I})\\,\\|\\,${N}(\\mathbf{0}, ${I})\\big) \\approx 0 \\quad\\text{(no }\\theta\\text{)}`,
  },
  {
    id: 'decoder',
    eq: '(13)',
    tex:
      `\\begin{aligned}L_0 = -\\log ${p(x0, x(1))}, \\qquad ${p(x0, x(1))} &= \\prod_{i=1}^{D} \\int_{\\delta_-(x_0^i)}^{\\delta_+(x_0^i)} ${N}\\big(x;\\, ${hl('\\mu_\\theta^i(\\mathbf{x}_1, 1)')},\\, \\sigma_1^2\\big)\\,dx \\\\` +
      `\\delta_+(x) = \\begin{cases}\\infty & x = 1 \\\\ x + \\tfrac{1}{255} & x < 1\\end{cases} &\\qquad \\delta_-(x) = \\begin{cases}-\\infty & x = -1 \\\\ x - \\tfrac{1}{255} & x > -1\\end{cases}\\end{aligned}`,
    changed: ['\\mu_\\theta^i(\\mathbf{x}_1, 1)'],
  },
  {
    id: 'simple',
    eq: '(14)',
    tex: `L_{\\mathrm{simple}}(\\theta) := ${E(hl(`t,${x0},${eps}`), epsLossTex)}, \\qquad ${hl(uniformT)}`,
    changed: [`t,${x0},${eps}`, uniformT],
  },
];
