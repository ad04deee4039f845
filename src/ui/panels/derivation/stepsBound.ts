/**
 * The formulas of the first half of the derivation: the model (1), the forward process (2), (4), and
 * the bound from (3)/(17) to its KL form (22) = (5), in the order of MATH.md and the notes.
 */
import type { StepTex } from './stepTypes';
import { E, I, KL, N, alphaBar, eps, hl, p, q, sqrtOneMinusAlphaBar, sqrtAlphaBar, x, zero } from './tex';

const x0T = x('0:T');
const x1T = x('1:T');
const xT = x('T');
const x0 = x(0);
const x1 = x(1);
const xt = x('t');
const xtm1 = x('t-1');
const pXT = `p(${xT})`;

/** log p_θ(x_0|x_1)/q(x_1|x_0), the t = 1 term split off in (19) (it enters with a minus sign) */
const tOneTerm = `\\log\\frac{${p(x0, x1)}}{${q(x1, x0)}}`;
/** log Σ_{t≥1} p_θ(x_{t−1}|x_t)/q(x_t|x_{t−1}) of (18) */
const sumAll = `\\sum_{t\\ge 1}\\log\\frac{${p(xtm1, xt)}}{${q(xt, xtm1)}}`;
/** the Bayes factor that replaces q(x_t|x_{t−1}) in (20) */
const bayesRatio = `\\frac{${q(xtm1, `${xt},${x0}`)}\\,${q(xt, x0)}}{${q(xtm1, x0)}}`;

export const BOUND_STEPS: StepTex[] = [
  {
    id: 'model',
    eq: '(1)',
    tex:
      `\\begin{aligned}p_\\theta(${x0T}) &:= ${pXT}\\prod_{t=1}^{T} ${p(xtm1, xt)}, \\qquad ${pXT} = ${N}(${xT};\\, ${zero}, ${I}) \\\\` +
      `${p(xtm1, xt)} &:= ${N}\\big(${xtm1};\\, \\boldsymbol{\\mu}_\\theta(${xt}, t),\\, \\boldsymbol{\\Sigma}_\\theta(${xt}, t)\\big)\\end{aligned}`,
  },
  {
    id: 'forward',
    eq: '(2)',
    tex:
      `\\begin{aligned}${q(x1T, x0)} &:= \\prod_{t=1}^{T} ${q(xt, xtm1)} \\\\` +
      `${q(xt, xtm1)} &:= ${N}\\big(${xt};\\, \\sqrt{1-\\beta_t}\\,${xtm1},\\, \\beta_t ${I}\\big)\\end{aligned}`,
  },
  {
    id: 'marginal',
    eq: '(4)',
    tex:
      `\\begin{aligned}&\\alpha_t := 1-\\beta_t, \\qquad ${alphaBar('t')} := \\prod_{s=1}^{t}\\alpha_s \\\\` +
      `&${q(xt, x0)} = ${N}\\big(${xt};\\, ${sqrtAlphaBar('t')}\\,${x0},\\, (1-${alphaBar('t')})${I}\\big) \\\\` +
      `&\\Longleftrightarrow\\ ${xt} = ${sqrtAlphaBar('t')}\\,${x0} + ${sqrtOneMinusAlphaBar('t')}\\,${eps}, \\quad ${eps}\\sim${N}(${zero}, ${I})\\end{aligned}`,
    detail: {
      tex: [
        `${xt} = \\sqrt{\\alpha_t}\\,${xtm1} + \\sqrt{1-\\alpha_t}\\,${eps}_t,\\qquad ${xtm1} = ${sqrtAlphaBar('t-1')}\\,${x0} + ${sqrtOneMinusAlphaBar('t-1')}\\,${eps}'`,
        `${xt} = \\sqrt{\\alpha_t ${alphaBar('t-1')}}\\,${x0} + \\underbrace{\\sqrt{\\alpha_t(1-${alphaBar('t-1')})}\\,${eps}' + \\sqrt{1-\\alpha_t}\\,${eps}_t}_{\\sim\\,${N}(${zero},\\,(\\alpha_t - ${alphaBar('t')} + 1 - \\alpha_t)${I})}`,
        `\\Rightarrow\\ ${xt} = ${sqrtAlphaBar('t')}\\,${x0} + ${sqrtOneMinusAlphaBar('t')}\\,${eps}`,
      ],
    },
  },
  {
    id: 'bound',
    eq: '(3), (17)',
    tex: `\\mathbb{E}\\big[-\\log p_\\theta(${x0})\\big] \\le ${E('q', `-\\log\\frac{p_\\theta(${x0T})}{${q(x1T, x0)}}`)} =: L`,
    detail: {
      tex: [
        `-\\log p_\\theta(${x0}) = -\\log\\int p_\\theta(${x0T})\\,d${x1T} = -\\log ${E(`${q(x1T, x0)}`, `\\frac{p_\\theta(${x0T})}{${q(x1T, x0)}}`)}`,
        `\\le ${E(`${q(x1T, x0)}`, `-\\log\\frac{p_\\theta(${x0T})}{${q(x1T, x0)}}`)}`,
      ],
    },
  },
  {
    id: 'expand',
    eq: '(18)',
    tex: `L = ${E('q', `-${hl(`\\log ${pXT}`)} - ${hl(sumAll)}`)}`,
    changed: [`\\log ${pXT}`, sumAll],
  },
  {
    id: 'split',
    eq: '(19)',
    tex: `L = ${E('q', `-\\log ${pXT} - ${hl(`\\sum_{t>1}`)}\\log\\frac{${p(xtm1, xt)}}{${q(xt, xtm1)}} - ${hl(tOneTerm)}`)}`,
    changed: ['\\sum_{t>1}', tOneTerm],
  },
  {
    id: 'bayes',
    eq: 'Bayes',
    tex: `${q(xt, xtm1)} = ${q(xt, `${xtm1}, ${hl(x0)}`)} = ${hl(bayesRatio)}`,
    changed: [x0, bayesRatio],
    detail: {
      tex: [
        `q(a\\mid b, c) = \\frac{q(b\\mid a, c)\\,q(a\\mid c)}{q(b\\mid c)}\\quad\\text{with } a = ${xt},\\ b = ${xtm1},\\ c = ${x0}`,
      ],
    },
  },
  {
    id: 'substitute',
    eq: '(20)',
    tex:
      `L = ${E('q', `-\\log ${pXT} - \\sum_{t>1}\\log\\left(\\frac{${p(xtm1, xt)}}{${hl(q(xtm1, `${xt},${x0}`))}}\\cdot ${hl(`\\frac{${q(xtm1, x0)}}{${q(xt, x0)}}`)}\\right) - ${tOneTerm}`)}`,
    changed: [q(xtm1, `${xt},${x0}`), `\\frac{${q(xtm1, x0)}}{${q(xt, x0)}}`],
  },
  {
    id: 'telescope',
    eq: '(21)',
    tex:
      `L = ${E('q', `${hl(`-\\log\\frac{${pXT}}{${q(xT, x0)}}`)} - \\sum_{t>1}\\log\\frac{${p(xtm1, xt)}}{${q(xtm1, `${xt},${x0}`)}} - ${hl(`\\log ${p(x0, x1)}`)}`)}`,
    changed: [`-\\log\\frac{${pXT}}{${q(xT, x0)}}`, `\\log ${p(x0, x1)}`],
    detail: {
      tex: [
        `\\sum_{t=2}^{T}\\log\\frac{${q(xtm1, x0)}}{${q(xt, x0)}} = \\log\\frac{${q(x1, x0)}}{\\cancel{${q(x(2), x0)}}}\\cdot\\frac{\\cancel{${q(x(2), x0)}}}{\\cancel{${q(x(3), x0)}}}\\cdots\\frac{\\cancel{${q(x('T-1'), x0)}}}{${q(xT, x0)}} = \\log\\frac{${q(x1, x0)}}{${q(xT, x0)}}`,
        `-\\log\\frac{${q(x1, x0)}}{${q(xT, x0)}} - ${tOneTerm} = \\log ${q(xT, x0)} - \\log ${p(x0, x1)}`,
      ],
    },
  },
  {
    id: 'kl',
    eq: '(22), (5)',
    tex:
      `\\begin{aligned}L &= ${E('q', `\\underbrace{${hl(`${KL}\\big(${q(xT, x0)}\\,\\|\\,${pXT}\\big)`)}}_{L_T} + \\sum_{t>1}\\underbrace{${hl(`${KL}\\big(${q(xtm1, `${xt},${x0}`)}\\,\\|\\,${p(xtm1, xt)}\\big)`)}}_{L_{t-1}} + \\underbrace{\\big(-\\log ${p(x0, x1)}\\big)}_{L_0}`)} \\\\` +
      `&= ${E('q', 'L_T + \\sum_{t>1} L_{t-1} + L_0')}\\end{aligned}`,
    changed: [`${KL}\\big(${q(xT, x0)}\\,\\|\\,${pXT}\\big)`, `${KL}\\big(${q(xtm1, `${xt},${x0}`)}\\,\\|\\,${p(xtm1, xt)}\\big)`],
    detail: {
      tex: [
        `${E('q', `\\log\\frac{${q(xtm1, `${xt},${x0}`)}}{${p(xtm1, xt)}}`)} = ${E(`${x0},${xt}`, `${KL}\\big(${q(xtm1, `${xt},${x0}`)}\\,\\|\\,${p(xtm1, xt)}\\big)`)}`,
      ],
    },
  },
];
