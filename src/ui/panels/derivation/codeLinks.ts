/**
 * Links lines of code to the terms of L_simple (eq. 14) they compute: the notes' PyTorch (verbatim
 * from MATH.md) and the app's own Algorithm 1, cut from src/engine/trainer.ts between its region
 * markers. Pure functions, so the matching is testable.
 */
import { eps, epsTheta, qSampleTex, x } from './tex';

/** The terms of (14) a line of code can compute. */
export type TermKey = 'tSample' | 'eps' | 'xt' | 'epsTheta' | 'loss';
export const TERM_KEYS: readonly TermKey[] = ['tSample', 'eps', 'xt', 'epsTheta', 'loss'];

/** The notes' PyTorch code, exactly as MATH.md reproduces it. */
export const NOTES_PYTHON = `beta = torch.linspace(0.0001, 0.02, T)      # noise scheduling
alpha = 1.0 - beta
alpha_bar = torch.cumprod(alpha, dim=0)

def forward_diffusion(x0, t):               # q(x_t | x_0): noise injected up to step t
    noise = torch.randn_like(x0)
    return torch.sqrt(alpha_bar[t]) * x0 + torch.sqrt(1 - alpha_bar[t]) * noise, noise

model = DenoisingModel()                    # p(x_{t-1}|x_t) with parameters; output has the input's shape

def lossfunction(model, x0, t):             # simple L2 between predicted and true noise
    xt, true_noise = forward_diffusion(x0, t)
    xt = xt.view(-1, 28*28)                 # flatten for the linear layers
    predicted_noise = model(xt, t)
    return F.mse_loss(predicted_noise, true_noise.view(-1, 28*28))`;

export const REGION_START = '// #region algorithm-1';
export const REGION_END = '// #endregion algorithm-1';

/**
 * The lines strictly between the region markers, with their common indentation removed; null when
 * either marker is missing (or they are out of order).
 */
export function extractRegion(source: string, start = REGION_START, end = REGION_END): string | null {
  const lines = source.split(/\r?\n/);
  const i = lines.findIndex((l) => l.trim() === start);
  const j = lines.findIndex((l, k) => k > i && l.trim() === end);
  if (i < 0 || j < 0) return null;
  const body = lines.slice(i + 1, j);
  const indents = body.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return body.map((l) => l.slice(cut)).join('\n');
}

/** Which term a line of the app's TypeScript computes (first match wins), or null. */
const TS_RULES: [RegExp, TermKey][] = [
  [/lossSimple\s*\(/, 'loss'],
  [/\.apply\s*\(/, 'epsTheta'],
  [/qSample\s*\(/, 'xt'],
  [/randomNormal\s*\(/, 'eps'],
  [/sampleTimesteps\s*\(|randomUniform\s*\(|random\(\)\s*\*\s*T\b/, 'tSample'],
];

/** Which term a line of the notes' PyTorch computes (first match wins), or null. */
const PY_RULES: [RegExp, TermKey][] = [
  [/mse_loss\s*\(/, 'loss'],
  [/=\s*model\s*\(/, 'epsTheta'],
  [/randn_like\s*\(/, 'eps'],
  [/torch\.sqrt\(alpha_bar\[t\]\)|=\s*forward_diffusion\s*\(/, 'xt'],
  [/def lossfunction\(.*\bt\)/, 'tSample'],
];

function termOf(rules: [RegExp, TermKey][], line: string): TermKey | null {
  const code = line.replace(/(^|\s)(#|\/\/).*$/, '');
  for (const [re, key] of rules) if (re.test(code)) return key;
  return null;
}

export const tsTermOf = (line: string): TermKey | null => termOf(TS_RULES, line);
export const pyTermOf = (line: string): TermKey | null => termOf(PY_RULES, line);

/** The TeX of each term, as it appears in (14). */
export const TERM_TEX: Record<TermKey, string> = {
  tSample: 't\\sim\\mathrm{Uniform}\\{1,\\dots,T\\}',
  eps: `${eps}\\sim\\mathcal{N}(\\mathbf{0},\\mathbf{I})`,
  xt: qSampleTex,
  epsTheta: `${epsTheta}(\\cdot,\\, t)`,
  loss: `\\|${eps} - ${epsTheta}\\|^2`,
};

/** Wraps a term when it is the active one: a coloured box, underlined (colour is not the only cue). */
function mark(key: TermKey, active: TermKey | null, tex: string): string {
  return key === active ? `\\colorbox{#fde68a}{$\\underline{${tex}}$}` : tex;
}

/** (14) with the active term marked. */
export function eq14Tex(active: TermKey | null): string {
  const xt = mark('xt', active, qSampleTex);
  const net = mark('epsTheta', active, `${epsTheta}\\big(${xt},\\, t\\big)`);
  const loss = mark('loss', active, `\\left\\|${eps} - ${net}\\right\\|^2`);
  return (
    `L_{\\mathrm{simple}}(\\theta) = \\mathbb{E}_{t,${x(0)},${eps}}\\!\\left[${loss}\\right],\\quad ` +
    `${mark('tSample', active, TERM_TEX.tSample)},\\ ${mark('eps', active, TERM_TEX.eps)}`
  );
}
