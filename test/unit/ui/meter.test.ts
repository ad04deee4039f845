/** The meter's statistics and words on hand-made inputs. */
import { describe, expect, it } from 'vitest';
import { summarizeScores } from '../../../src/engine/meter';
import { classesText, confidentText, digitLabel, distanceText, judgeText } from '../../../src/ui/meter/meterText';

/** One row of probabilities: `p` on digit d, the rest spread evenly. */
function row(d: number, p: number): number[] {
  return Array.from({ length: 10 }, (_, k) => (k === d ? p : (1 - p) / 9));
}

describe('summarizeScores', () => {
  it('takes each image’s top digit and counts the confident ones (≥ 0.9) per digit', () => {
    const probs = [...row(7, 0.95), ...row(7, 0.9), ...row(1, 0.89), ...row(0, 0.99)];
    const s = summarizeScores(probs, 4, 0.96);
    expect(Array.from(s.digits)).toEqual([7, 7, 1, 0]);
    expect(Array.from(s.confidence).map((c) => +c.toFixed(4))).toEqual([0.95, 0.9, 0.89, 0.99]);
    expect(s.confident).toBe(3);
    expect(s.histogram).toEqual([1, 0, 0, 0, 0, 0, 0, 2, 0, 0]);
    expect(s.classifierAccuracy).toBe(0.96);
  });
});

describe('the meter’s words', () => {
  const s = summarizeScores([...row(7, 0.95), ...row(3, 0.5)], 2, 0.96);
  it('labels a sure reading with its digit and an unsure one with a question mark, in words for screen readers too', () => {
    expect(digitLabel(7, 0.953)).toEqual({ text: '7 · 95 %', sure: true, spoken: 'reads as a 7 (95 % sure)' });
    expect(digitLabel(3, 0.5)).toEqual({ text: '3? · 50 %', sure: false, spoken: 'not clearly a digit (at best a 3, 50 % sure)' });
  });
  it('says how many are digits, which digits, and which are missing', () => {
    expect(confidentText(s)).toBe('1 of 2 samples is confidently a digit (≥ 90 % sure)');
    expect(classesText(s)).toBe('Digits made: 7 ×1. Not made in this batch: 0, 1, 2, 3, 4, 5, 6, 8, 9.');
    expect(classesText(summarizeScores(row(3, 0.5), 1, 0.96))).toBe('None of them is clearly any digit yet.');
    expect(distanceText(s)).toBeNull();
    expect(distanceText({ ...s, fd: 45.678, fdFloor: 12.34 })).toBe('Fréchet distance to real digits (in the classifier’s features): 45.7; 2 real training digits score 12.3, the floor at this batch size. Lower is closer to real handwriting.');
    expect(judgeText(s)).toMatch(/^The judge is a small classifier trained on real digits \(96 % right on held-out ones\)\./);
  });
});
