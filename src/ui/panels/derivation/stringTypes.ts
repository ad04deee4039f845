/**
 * The shape of the derivation panel's prose (other than the steps), which strings.ts (English) and
 * strings.ko.ts (Korean) both fill; on its own so that neither language file imports the other.
 */

export interface PanelStrings {
  intro: string;
  stepsHeading: string;
  next: string;
  previous: string;
  showAll: string;
  startOver: string;
  progress: (shown: number, total: number) => string;
  announce: (n: number, total: number, eq: string) => string;
  changed: string;
  proof: string;
  liveHeading: string;
  liveT0: string;
  liveT1: string;
  quantity: string;
  value: string;
  meaning: string;
  meanings: { beta: string; alpha: string; alphaBar: string; alphaBarPrev: string; betaTilde: string; coefX0: string; coefXt: string; lambdaBeta: string; lambdaBetaTilde: string };
  lambdaHeading: string;
  lambdaSentence: string;
  lambdaCosine: string;
  chartHint: string;
  chartLabel: (t: number, beta: string, betaTilde: string) => string;
  modelHeading: string;
  noModel: string;
  /** the pretrained model is chosen but not downloaded yet */
  pretrainedNone: string;
  loadPretrained: string;
  modelIntro: (steps: number, pretrained: boolean) => string;
  sigmaLabel: string;
  estimating: string;
  draws: string;
  boundButton: string;
  cancel: string;
  boundProgress: string;
  cancelled: string;
  failed: string;
  total: string;
  /** how the bound was estimated: strata, draws, σ², the decoder variance of L_0 */
  boundMethod: (strata: number, n: number, sigmaTex: string, decoderVariance: string) => string;
  codeHeading: string;
  /** the notes' indexing and broadcasting, in one line beside the listing */
  codeNote: string;
  codeIntro: string;
  pythonCaption: string;
  tsCaption: string;
  sourceNotFound: string;
  terms: { tSample: string; eps: string; xt: string; epsTheta: string; loss: string };
}
