/** The shape of one step of the derivation: its formula (language-neutral) and its prose (en, ko). */
import type { Lang } from '../../../state/hash';

export type StepId =
  | 'model' | 'forward' | 'marginal' | 'bound' | 'expand' | 'split' | 'bayes' | 'substitute' | 'telescope' | 'kl'
  | 'posterior' | 'klGauss' | 'reparam' | 'plugIn' | 'simplify' | 'epsParam' | 'epsLoss' | 'constants' | 'decoder' | 'simple';

/** The formula part of a step, identical in every language. */
export interface StepTex {
  id: StepId;
  /** the paper's equation number(s) it shows, e.g. '(18)'; 'Bayes' for the unnumbered Bayes step */
  eq: string;
  /** display TeX; the terms that changed from the previous line are wrapped in hl() */
  tex: string;
  /** the changed terms (the arguments of hl()), listed again in words next to the reason */
  changed?: string[];
  /** display TeX of a short proof of the move */
  detail?: { tex: string[] };
}

/** The prose of a step in one language; `$…$` marks inline TeX. */
export interface StepProse {
  /** one line: why this move is allowed */
  reason: string;
  /** a few sentences around the proof detail */
  detail?: string;
  /** a correction shown beneath the reason, where the notes' sentence is kept but is not quite right */
  note?: string;
}

/** One step as the panel shows it. */
export interface Step extends Omit<StepTex, 'detail'> {
  reason: Record<Lang, string>;
  note?: Record<Lang, string>;
  detail?: { tex: string[]; prose: Record<Lang, string> };
}
