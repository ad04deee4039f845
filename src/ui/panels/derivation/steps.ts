/**
 * The derivation of L_{t−1} and L_simple, step by step in the order of MATH.md and the notes:
 * (1), (2), (4), (3)/(17), (18), (19), Bayes, (20), (21), (22)/(5), (6)–(7), (8), x_0 from (4), (9),
 * (10), (11), (12), L_T, the decoder L_0 (13), (14). Formulas are shared; prose comes in English and Korean.
 */
import { STEPS_EN } from './steps.en';
import { STEPS_KO } from './steps.ko';
import { BOUND_STEPS } from './stepsBound';
import { LOSS_STEPS } from './stepsLoss';
import type { Step } from './stepTypes';

export type { Step, StepId } from './stepTypes';

/** Every step, in order, with its prose in both languages. */
export const DERIVATION_STEPS: readonly Step[] = [...BOUND_STEPS, ...LOSS_STEPS].map((s) => {
  const en = STEPS_EN[s.id];
  const ko = STEPS_KO[s.id];
  const step: Step = { id: s.id, eq: s.eq, tex: s.tex, changed: s.changed, reason: { en: en.reason, ko: ko.reason } };
  if (en.note || ko.note) step.note = { en: en.note ?? '', ko: ko.note ?? '' };
  if (s.detail) step.detail = { tex: s.detail.tex, prose: { en: en.detail ?? '', ko: ko.detail ?? '' } };
  return step;
});

/** Splits prose at `$…$` into text and inline TeX, alternating (even indices are text). */
export function splitInlineTex(prose: string): string[] {
  return prose.split('$');
}
