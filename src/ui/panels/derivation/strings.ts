/**
 * The panel's prose other than the steps, in English and Korean (the Korean follows the notes'
 * wording where they have one). `$…$` is inline TeX; the formulas are the same in both languages.
 */
import type { Lang } from '../../../state/hash';
import { STRINGS_KO } from './strings.ko';
import type { PanelStrings } from './stringTypes';

export type { PanelStrings } from './stringTypes';

const r = String.raw;


const EN: PanelStrings = {
  intro:
    'Why does DDPM train by predicting noise? Follow the bound on the negative log-likelihood from the model to the simple loss of Algorithm 1. Each line cites the paper’s equation and says why the move is allowed; the terms that changed from the line before are underlined and coloured.',
  stepsHeading: 'The derivation, one step at a time',
  next: 'Next step',
  previous: 'Previous',
  showAll: 'Show all',
  startOver: 'Start over',
  progress: (n, total) => `Showing ${n} of ${total} steps.`,
  announce: (n, total, eq) => `Step ${n} of ${total}: ${eq}.`,
  changed: 'Changed (underlined):',
  proof: 'Proof detail',
  liveHeading: 'The numbers at the current $t$',
  liveT0: 'At t = 0 there is no step to derive (x₀ is the data itself), so the numbers below are for t = 1.',
  liveT1:
    r`At $t = 1$, $\tilde\beta_1 = 0$ because $\bar\alpha_0 = 1$: the posterior is a point mass, so with $\sigma_1^2 = \tilde\beta_1$ the Gaussian KL and $\lambda_1$ are undefined ($\infty$). The bound uses the decoder $L_0 = -\log p_\theta(\mathbf{x}_0\mid\mathbf{x}_1)$ there instead.`,
  quantity: 'Quantity',
  value: 'Value',
  meaning: 'Meaning',
  meanings: {
    beta: 'variance added by step $t$ (2)',
    alpha: '$1 - \\beta_t$',
    alphaBar: 'signal kept after $t$ steps (4)',
    alphaBarPrev: 'the same, one step earlier',
    betaTilde: 'variance of the posterior (7)',
    coefX0: 'weight of $\\mathbf{x}_0$ in $\\tilde{\\boldsymbol{\\mu}}_t$ (7)',
    coefXt: 'weight of $\\mathbf{x}_t$ in $\\tilde{\\boldsymbol{\\mu}}_t$ (7)',
    lambdaBeta: 'weight of $L_{t-1}$ (12) with $\\sigma_t^2 = \\beta_t$',
    lambdaBetaTilde: 'weight of $L_{t-1}$ (12) with $\\sigma_t^2 = \\tilde\\beta_t$',
  },
  lambdaHeading: r`Why $L_{\mathrm{simple}}$ drops the weight $\lambda_t$`,
  lambdaSentence:
    r`Dropping $\lambda_t$ down-weights the small-$t$ terms ($\lambda_t$ is largest at small $t$), which the paper found gives better samples.`,
  lambdaCosine:
    r`With the cosine schedule $\lambda_t$ also grows again over the last few steps, as $\beta_t \to 1$ ($\beta_T$ is clipped to 0.999); the paper’s statement is about its linear schedule.`,
  chartHint: 'Click the plot to set t.',
  chartLabel: (t, b, bt) => `λ_t against t on a log scale, for σ_t² = β_t and σ_t² = β̃_t; at t = ${t}: ${b} and ${bt}.`,
  modelHeading: 'The model’s numbers',
  noModel: 'Train a model first (in the training panel) to see its numbers here.',
  pretrainedNone: 'The pretrained model’s numbers appear here once it is loaded (a few hundred kilobytes).',
  loadPretrained: 'Load the pretrained model',
  modelIntro: (steps, pretrained) => `Monte-Carlo estimates for ${pretrained ? 'the pretrained model' : 'your model'} after ${steps} training steps (± one standard error).`,
  sigmaLabel: 'Reverse variance σ_t²',
  estimating: 'Estimating…',
  draws: 'draws',
  boundButton: 'Estimate the whole bound',
  cancel: 'Cancel',
  boundProgress: 'Progress of the bound estimate',
  cancelled: 'Cancelled.',
  failed: 'Could not estimate:',
  total: 'total',
  boundMethod: (strata, n, sigmaTex, v) =>
    `± one standard error. Σ L_{t−1} is stratified over ${strata} ranges of t, with ${n} draws in each, every draw taking its own t uniformly inside its range, a held-out digit and fresh ε (unbiased). The terms use ${sigmaTex}; L_0 uses the decoder variance σ_1² = ${v}.`,
  codeHeading: 'From equation to code',
  codeNote:
    'The notes’ alpha_bar[t] counts from 0, so it is ᾱ_{t+1} in the paper’s numbering; with a batch of timesteps it needs alpha_bar[t].view(-1, 1, 1, 1) to broadcast over the images.',
  codeIntro:
    'The notes’ PyTorch loss beside this app’s own training step, each line linked to the term of (14) it computes. Hover over or focus a line to light up its twin and its term.',
  pythonCaption: 'The notes’ PyTorch',
  tsCaption: 'This app’s TypeScript (src/engine/trainer.ts, Algorithm 1)',
  sourceNotFound: 'Source not found: the Algorithm 1 region of src/engine/trainer.ts is missing from this build.',
  terms: {
    tSample: 'draw the timestep t',
    eps: 'draw the noise ε',
    xt: 'noise x₀ up to step t (4)',
    epsTheta: 'the network ε_θ predicts the noise',
    loss: 'squared error between true and predicted noise',
  },
};

export const STRINGS: Record<Lang, PanelStrings> = { en: EN, ko: STRINGS_KO };
