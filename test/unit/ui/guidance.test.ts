/**
 * The UI side of guidance: which model a link that asks for a digit gets, the trade-off chart's
 * geometry and words, the guided step in the recorded trajectory, and the meter's sentence.
 */
import { describe, expect, it } from 'vitest';
import type { DigitScores, SampleFrame } from '../../../src/engine/protocol';
import { codeStep, EPS_RANGE, quantise } from '../../../src/diffusion/stepCodes';
import { GUIDANCE_SWEEP } from '../../../src/diffusion/guidance';
import { automaticSource } from '../../../src/ui/usePretrained';
import { sweepGeometry, sweepPointText, varietyRatio, type GuidancePoint } from '../../../src/ui/charts/guidanceSweepData';
import { TrajectoryStore, estimateBytes, GUIDED_PARTS } from '../../../src/ui/panels/sampling/trajectory';
import { guidanceText } from '../../../src/ui/meter/meterText';
import { BAYES_TEX, GUIDED_TEX, SCORE_TEX, TILTED_TEX, guidanceStrings, guidedLiveTex } from '../../../src/ui/panels/sampling/guidanceText';
import { renderTex } from '../../../src/ui/math/Tex';

const point = (w: number, accuracy: number, variety: number): GuidancePoint => ({
  w, modelStep: 100, images: new Float32Array(0), scores: { digit: 7, accuracy, variety, realVariety: 2 },
});

describe('which model the panels use', () => {
  it('a link asking for a digit gets the shipped conditional model, unless the learner’s conditional model has trained', () => {
    expect(automaticSource(0, true)).toBe('pretrained');
    expect(automaticSource(10, true)).toBe('yours');
    expect(automaticSource(0, true, true)).toBe('conditional');
    expect(automaticSource(10, true, true, false)).toBe('conditional');
    expect(automaticSource(10, true, true, true)).toBe('yours');
    expect(automaticSource(0, true, true, true)).toBe('conditional');
    // a new conditional model (cond=1) samples the shipped conditional one until it has trained
    expect(automaticSource(0, true, false, true)).toBe('conditional');
    expect(automaticSource(0, false)).toBe('yours');
  });
});

describe('the trade-off chart', () => {
  it('puts the scales in order, accuracy on 0–1 and variety as a multiple of the real examples’', () => {
    const points = [point(0, 0.5, 2), point(2, 0.9, 1.5), point(8, 1, 1)];
    const g = sweepGeometry(GUIDANCE_SWEEP, points, 600);
    expect(g.xTicks.map((t) => t.label)).toEqual(['0', '0.5', '1', '2', '4', '8']);
    const xs = g.xTicks.map((t) => t.pos);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // higher accuracy is drawn higher (smaller y), lower variety lower
    expect(g.points[2].yAccuracy).toBeLessThan(g.points[0].yAccuracy);
    expect(g.points[2].yVariety).toBeGreaterThan(g.points[0].yVariety);
    expect(g.points[0].yVariety).toBeCloseTo(g.realY, 6); // variety 2 of real 2: exactly as varied
    expect(g.points[0].yAccuracy).toBeCloseTo((g.accuracy.top + g.accuracy.bottom) / 2, 6);
    expect(varietyRatio(points[2])).toBe(0.5);
    expect(sweepPointText(points[1], 24)).toBe('w = 2: 22 of 24 read as 7 (90 %), variety 0.75 × that of real 7s');
  });
});

describe('a guided run’s recorded trajectory', () => {
  it('keeps both predictions per step and budgets for them', () => {
    const n = 2;
    const frame = (tFrom: number, t: number): SampleFrame => {
      const a = (v: number) => new Float32Array(n * 784).fill(v);
      return {
        step: 1, tFrom, t, parts: codeStep({ eps: a(0.5), x0Hat: a(0), mean: a(0), noise: a(0), x: a(0) }, 0), coef: { recipSqrtAlpha: 1, epsCoef: 0.1, sigma: 0 }, ms: 1,
        guided: { cond: quantise(a(1.5), EPS_RANGE), uncond: quantise(a(-1.5), EPS_RANGE), label: 3, w: 2 },
      };
    };
    const store = new TrajectoryStore(new Float32Array(n * 784), n, [10, 5, 0], undefined, true);
    store.append(frame(10, 5));
    const g = store.guidedCodes(1, 1)!;
    expect(g.label).toBe(3);
    expect(g.w).toBe(2);
    // ε over ±3: 1.5 ↦ code round(4.5/6 · 255) = 191, −1.5 ↦ 64
    expect(g.cond[0]).toBe(191);
    expect(g.uncond[0]).toBe(64);
    expect(store.guidedCodes(0, 0)).toBeNull();
    expect(store.bytes()).toBe(n * 784 * (1 + 5 + GUIDED_PARTS));
    expect(estimateBytes(1000, 16, 1, GUIDED_PARTS)).toBeGreaterThan(estimateBytes(1000, 16, 1));
  });
});

describe('words and TeX', () => {
  it('the meter says how many samples are the digit asked for, and how varied against real ones', () => {
    const scores = { digits: new Uint8Array(16), guidance: { digit: 7, accuracy: 0.875, variety: 1.2, realVariety: 1.5 } } as unknown as DigitScores;
    expect(guidanceText(scores)).toBe(
      '14 of 16 read as 7, the digit asked for (guidance accuracy 88 %). Their variety (mean distance between two of them in the classifier’s features) is 0.80 × that of real 7s.',
    );
    expect(guidanceText({ ...scores, guidance: undefined })).toBeNull();
  });

  it('the derivation of the implicit classifier renders, with prose in English and Korean', () => {
    for (const tex of [SCORE_TEX, BAYES_TEX, GUIDED_TEX, TILTED_TEX]) expect(renderTex(tex, true)).not.toBeNull();
    const en = guidanceStrings('en');
    const ko = guidanceStrings('ko');
    expect(Object.keys(ko)).toEqual(Object.keys(en));
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(ko[key]).not.toBe(en[key]);
      expect(ko[key]).toMatch(/[가-힣]/);
    }
  });

  it('the step’s guidance renders with its numbers', () => {
    const tex = guidedLiveTex(7, 2, 100);
    expect(tex).toContain('3\\,\\epsilon_\\theta(x_{100},100,7) - 2\\,');
    expect(renderTex(tex, true)).not.toBeNull();
  });
});
