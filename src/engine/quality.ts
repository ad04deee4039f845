/**
 * Quality over training: every few hundred steps, a fixed-seed batch sampled with a few DDIM steps and
 * read by the meter, time-boxed like the previews, so the learner sees when the noise becomes digits
 * (long after the loss has flattened). The history is saved with the model.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from '../diffusion/schedule';
import type { Denoiser } from '../model';
import { meterLabels, quickSamples } from './preview';
import { QUALITY_EVERY, type DigitScores, type QualityPoint } from './protocol';

/** Samples per reading, DDIM steps, and the seed of their x_T (the same noise every time). */
export const QUALITY_SAMPLES = 32;
export const QUALITY_DDIM_STEPS = 10;
const QUALITY_SEED = 9_001;
/** A reading at most every QUALITY_EVERY training steps, and taking at most this share of the training time. */
const QUALITY_SHARE = 0.1;

/** The meter: images [n · 784] → scores, with the Fréchet distance when `distance` is set (it costs more). */
export type Scorer = (images: Float32Array, distance: boolean) => Promise<DigitScores>;

export class QualityProbe {
  points: QualityPoint[] = [];
  private nextAt = 0;
  private nextStep = 0;

  /**
   * Starts over with a saved history, or none: then a `fresh` model is first read at step
   * QUALITY_EVERY, any other at once.
   */
  reset(points: QualityPoint[] = [], fresh = false): void {
    this.points = [...points];
    this.nextAt = 0;
    this.nextStep = points.length ? points[points.length - 1].step + QUALITY_EVERY : fresh ? QUALITY_EVERY : 0;
  }

  /** Whether a reading is due at `step` (call before `read`). */
  due(step: number): boolean {
    return step >= this.nextStep && performance.now() >= this.nextAt;
  }

  /** Samples, scores and records one reading at `step`. Reads back asynchronously; no tensor survives. */
  async read(scorer: Scorer, model: Denoiser, weights: tf.Tensor[] | undefined, schedule: Schedule, step: number): Promise<QualityPoint> {
    const started = performance.now();
    const samples = quickSamples(model, weights, schedule, QUALITY_SAMPLES, QUALITY_DDIM_STEPS, QUALITY_SEED);
    let values: Float32Array;
    try {
      values = (await samples.data()) as Float32Array;
    } finally {
      samples.dispose();
    }
    const s = await scorer(values, true);
    const point: QualityPoint = { step, confident: s.confident / QUALITY_SAMPLES, fd: s.fd, fdFloor: s.fdFloor, histogram: s.histogram };
    const asked = meterLabels(model, QUALITY_SAMPLES);
    if (asked) point.obeys = s.digits.filter((d, i) => d === asked[i]).length / QUALITY_SAMPLES;
    this.points.push(point);
    this.nextStep = step + QUALITY_EVERY;
    this.nextAt = performance.now() + (performance.now() - started) / QUALITY_SHARE;
    return point;
  }
}

/** A saved history, checked (anything malformed reads as none). */
export function readQualityPoints(saved: unknown): QualityPoint[] {
  if (!Array.isArray(saved)) return [];
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  return saved.filter(
    (p): p is QualityPoint =>
      typeof p === 'object' && p !== null && num((p as QualityPoint).step) && num((p as QualityPoint).confident)
      && Array.isArray((p as QualityPoint).histogram),
  ).map((p) => ({
    step: p.step, confident: p.confident, fd: num(p.fd) ? p.fd : null, fdFloor: num(p.fdFloor) ? p.fdFloor : null, histogram: p.histogram.slice(0, 10),
    ...(num(p.obeys) ? { obeys: p.obeys } : {}),
  }));
}
