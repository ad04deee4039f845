/** The words of the sample-quality meter (pure, so the unit tests check them). */
import { CONFIDENT, type DigitScores } from '../../engine/protocol';
import { sigText } from '../format';

export const CONFIDENT_PERCENT = Math.round(CONFIDENT * 100);

// rounded down, so that a reading below the threshold never shows as "90 %"
const percent = (p: number) => `${Math.floor(p * 100)} %`;

/** The label under one sample: its digit and the classifier's confidence; "?" marks an unsure reading. */
export function digitLabel(digit: number, confidence: number): { text: string; sure: boolean; spoken: string } {
  const sure = confidence >= CONFIDENT;
  return {
    text: sure ? `${digit} · ${percent(confidence)}` : `${digit}? · ${percent(confidence)}`,
    sure,
    spoken: sure
      ? `reads as a ${digit} (${percent(confidence)} sure)`
      : `not clearly a digit (at best a ${digit}, ${percent(confidence)} sure)`,
  };
}

/** "12 of 16 are confidently digits" */
export function confidentText(s: DigitScores): string {
  const n = s.digits.length;
  return `${s.confident} of ${n} sample${n === 1 ? '' : 's'} ${s.confident === 1 ? 'is' : 'are'} confidently a digit (≥ ${CONFIDENT_PERCENT} % sure)`;
}

/** Which digits the confident samples are, and which digits none of them is. */
export function classesText(s: DigitScores): string {
  const made = s.histogram.flatMap((count, d) => (count > 0 ? [`${d} ×${count}`] : []));
  const never = s.histogram.flatMap((count, d) => (count === 0 ? [String(d)] : []));
  if (made.length === 0) return 'None of them is clearly any digit yet.';
  return `Digits made: ${made.join(', ')}.${never.length ? ` Not made in this batch: ${never.join(', ')}.` : ' Every digit appears.'}`;
}

/** The Fréchet distance and its floor, in words; null without them. */
export function distanceText(s: DigitScores): string | null {
  if (s.fd === null || s.fdFloor === null) return null;
  const n = s.digits.length;
  return `Fréchet distance to real digits (in the classifier’s features): ${sigText(s.fd)}; ${n} real training digits score ${sigText(s.fdFloor)}, the floor at this batch size. Lower is closer to real handwriting.`;
}

/** What the meter means, and what it cannot tell. */
export function judgeText(s: DigitScores): string {
  return `The judge is a small classifier trained on real digits (${percent(s.classifierAccuracy)} right on held-out ones). `
    + 'It tells whether a sample looks like some digit, not whether it is neat, new or as varied as real handwriting; '
    + 'with 16 samples, a digit that is missing may just be chance.';
}

/** A guided batch: how many are the digit asked for, and how varied they are against real examples of it. */
export function guidanceText(s: DigitScores): string | null {
  const g = s.guidance;
  if (!g) return null;
  const n = s.digits.length;
  const hits = Math.round(g.accuracy * n);
  const variety = g.realVariety !== null && g.realVariety > 0
    ? ` Their variety (mean distance between two of them in the classifier’s features) is ${(g.variety / g.realVariety).toFixed(2)} × that of real ${g.digit}s.`
    : '';
  return `${hits} of ${n} read as ${g.digit}, the digit asked for (guidance accuracy ${Math.round(g.accuracy * 100)} %).${variety}`;
}
