/**
 * The training panel's reducer: losses extend the history and its smoothed value (the loss chart's
 * EMA, bias-corrected), quality points replace later ones, a restore's history replaces everything,
 * previews fill a strip that thins itself, notices keep the newest five.
 */
import { describe, expect, it } from 'vitest';
import type { PreviewEvent, ProgressEvent, SessionEvent } from '../../../src/engine/protocol';
import { emaSeries, DEFAULT_SMOOTHING } from '../../../src/ui/charts/lossSmoothing';
import { INITIAL_TRAINING, reduceTrainingEvent, type TrainingState } from '../../../src/ui/panels/training/trainingState';

const fresh = (): TrainingState => ({ ...INITIAL_TRAINING, history: { values: new Float32Array(4), length: 0 } });

function progress(step: number, losses: number[]): ProgressEvent {
  return {
    type: 'progress', step, losses: Float32Array.from(losses), lossByT: { edges: [], mean: [] }, stepsPerSecond: 1, msPerStep: 1000,
    imagesPerSecond: 64, memory: { numTensors: 1, numBytes: 1, gpuBytes: null }, nextPreviewInMs: 0,
  };
}
const preview = (step: number): PreviewEvent => ({
  type: 'preview', step, ts: [], x0: new Float32Array(0), xt: new Float32Array(0), x0Hat: new Float32Array(0), samples: new Float32Array(1), samplerSteps: 10, ema: true,
});
const reduce = (events: SessionEvent[], s = fresh()) => events.reduce(reduceTrainingEvent, s);

describe('the training reducer', () => {
  it('appends losses (growing the buffer) and keeps the last value of the chart’s smoothed curve', () => {
    const losses = [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
    const s = reduce([progress(3, losses.slice(0, 3)), progress(7, losses.slice(3))]);
    expect(s.step).toBe(7);
    expect(Array.from(s.history.values.subarray(0, s.history.length))).toEqual(losses.map(Math.fround));
    const curve = emaSeries(losses, losses.length, DEFAULT_SMOOTHING);
    expect(s.smoothedLoss).toBeCloseTo(curve[curve.length - 1], 6);
    // a NaN loss is drawn as a gap and left out of the average
    expect(reduce([progress(8, [NaN])], s).smoothedLoss).toBeCloseTo(s.smoothedLoss!, 12);
  });

  it('keeps the preparing phase of a started run only until its first losses', () => {
    const started = { ...fresh(), running: true, phase: { kind: 'preparing' as const, since: 1 } };
    expect(reduce([progress(0, [])], started).phase).toEqual({ kind: 'preparing', since: 1 });
    expect(reduce([progress(1, [0.5])], started).phase).toBeNull();
    expect(reduce([{ type: 'trainingPhase', phase: 'stepping', preparedMs: 1200 }], started)).toMatchObject({ phase: { kind: 'stepping' }, preparedMs: 1200 });
  });

  it('a quality point replaces the points at or after its step', () => {
    const point = (step: number, confident: number) => ({ step, confident, fd: null, fdFloor: null, histogram: [] });
    const s = reduce([{ type: 'quality', point: point(250, 0.1) }, { type: 'quality', point: point(500, 0.2) }, { type: 'quality', point: point(250, 0.3) }]);
    expect(s.quality.map((p) => [p.step, p.confident])).toEqual([[250, 0.3]]);
  });

  it('a restored history replaces the losses, the strip and the quality history', () => {
    const before = reduce([progress(2, [1, 1]), preview(2)]);
    const info = { config: INITIAL_TRAINING.info?.config, paramCount: 1, paramCounts: { mlp: 1, unet: 2 }, step: 3 } as never;
    const s = reduce([{ type: 'history', step: 3, losses: Float32Array.from([3, 2, 1]), info, quality: [] }], before);
    expect(s.history.length).toBe(3);
    expect(s.step).toBe(3);
    expect([s.snapshots, s.preview]).toEqual([[], null]);
    expect(s.smoothedLoss).toBeCloseTo(emaSeries([3, 2, 1], 3, DEFAULT_SMOOTHING)[2], 6);
  });

  it('previews fill a strip of at most 16 that thins to every other one, keeping the newest', () => {
    const s = reduce(Array.from({ length: 17 }, (_, i) => preview((i + 1) * 10)));
    expect(s.snapshots.length).toBeLessThanOrEqual(16);
    expect(s.snapshots.at(-1)!.step).toBe(170);
    expect(s.snapshots[0].step).toBe(10);
    expect(reduce([preview(170)], s).snapshots).toBe(s.snapshots); // the same step again adds nothing
  });

  it('notices keep the newest five, each with its own id', () => {
    const s = reduce(Array.from({ length: 7 }, (_, i) => ({ type: 'notice' as const, level: 'info' as const, message: `n${i}` })));
    expect(s.notices.map((n) => n.message)).toEqual(['n2', 'n3', 'n4', 'n5', 'n6']);
    expect(new Set(s.notices.map((n) => n.id)).size).toBe(5);
  });
});
