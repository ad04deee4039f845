/** Quality over training: readings every QUALITY_EVERY steps, time-boxed, saved with the model. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { createDenoiser } from '../../../src/model';
import { QUALITY_EVERY, type DigitScores } from '../../../src/engine/protocol';
import { QUALITY_SAMPLES, QualityProbe, readQualityPoints, type Scorer } from '../../../src/engine/quality';
import { summarizeScores } from '../../../src/engine/meter';

/** A scorer that reads the first three images as confident 7s, the rest as unsure 1s. */
const scorer: Scorer = async (images, distance) => {
  const n = images.length / 784;
  const probs = Array.from({ length: n }, (_, i) => Array.from({ length: 10 }, (_, k) => (i < 3 ? (k === 7 ? 0.91 : 0.01) : k === 1 ? 0.5 : 0.5 / 9))).flat();
  const s: DigitScores = summarizeScores(probs, n, 0.99);
  return distance ? { ...s, fd: 12.5, fdFloor: 3.25 } : s;
};

describe('quality probe', () => {
  test('a new model is first read at step QUALITY_EVERY, then every QUALITY_EVERY steps; a reading records the meter’s figures', async () => {
    const probe = new QualityProbe();
    probe.reset([], true);
    expect(probe.due(0)).toBe(false);
    expect(probe.due(QUALITY_EVERY)).toBe(true);
    const model = createDenoiser({ kind: 'mlp', hidden: 16, depth: 1, timeDim: 8 }, 1);
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const point = await probe.read(async (images, distance) => {
      seen.push(images.length / 784);
      expect(distance).toBe(true);
      return scorer(images, distance);
    }, model, undefined, makeSchedule({ kind: 'linear', T: 100 }), QUALITY_EVERY);
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toEqual([QUALITY_SAMPLES]);
    expect(point).toEqual({ step: QUALITY_EVERY, confident: 3 / QUALITY_SAMPLES, fd: 12.5, fdFloor: 3.25, histogram: [0, 0, 0, 0, 0, 0, 0, 3, 0, 0] });
    expect(probe.points).toEqual([point]);
    expect(probe.due(QUALITY_EVERY + 10)).toBe(false);
    model.dispose();
  });

  test('a loaded model is read at once, or after its saved history; malformed saved points are dropped', () => {
    const probe = new QualityProbe();
    probe.reset();
    expect(probe.due(3000)).toBe(true);
    const saved = readQualityPoints([
      { step: 250, confident: 0.1, fd: 40, fdFloor: 3, histogram: [1, 2] },
      { step: 'x', confident: 1, histogram: [] },
      null,
      { step: 500, confident: 0.2, fd: 'far', histogram: [] },
    ]);
    expect(saved).toEqual([
      { step: 250, confident: 0.1, fd: 40, fdFloor: 3, histogram: [1, 2] },
      { step: 500, confident: 0.2, fd: null, fdFloor: null, histogram: [] },
    ]);
    probe.reset(saved);
    expect(probe.due(500 + QUALITY_EVERY - 1)).toBe(false);
    expect(probe.due(500 + QUALITY_EVERY)).toBe(true);
    expect(readQualityPoints('nonsense')).toEqual([]);
  });
});

describe('the quality history travels with the model', () => {
  test('export and import (the same path as the autosave) keep the readings up to the saved step', async () => {
    const { TrainingSession } = await import('../../../src/engine/session');
    const { sessionArtifacts, adoptArtifacts } = await import('../../../src/engine/persist');
    const { DEFAULT_TRAIN_CONFIG } = await import('../../../src/engine/protocol');
    const config = { ...DEFAULT_TRAIN_CONFIG, model: 'mlp' as const, size: 'tiny' as const, batchSize: 8 };
    const a = new TrainingSession(() => null, () => undefined);
    await a.rebuild(config);
    a.readings.quality.reset([{ step: 0, confident: 0, fd: 90, fdFloor: 3, histogram: new Array(10).fill(0) }]);
    const artifacts = await sessionArtifacts(a);
    const b = new TrainingSession(() => null, () => undefined);
    await b.rebuild(config);
    await adoptArtifacts(b, artifacts);
    expect(b.readings.quality.points).toEqual(a.readings.quality.points);
    await a.rebuild(config);
    await b.rebuild(config);
  });
});
