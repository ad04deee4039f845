/**
 * What a model in training is like now, read now and then without slowing it much: previews (x̂_0 of
 * fixed noisy digits and a quick DDIM sample, read by the meter) and, every few hundred steps, a point
 * of the quality history. Both are emitted as the session's events; both run under the session's lock.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Schedule } from '../diffusion/schedule';
import type { Denoiser } from '../model';
import type { DeviceData } from './deviceData';
import { makePreview } from './preview';
import type { DigitScores, SessionEvent } from './protocol';
import { QualityProbe, type Scorer } from './quality';

/** Previews may take at most this share of the training time, and come at most this often. */
const PREVIEW_SHARE = 0.1;
const PREVIEW_MIN_GAP_MS = 2_000;

/** The model to read: its network, the weights to use (EMA when kept), its schedule, the digits, its step. */
export interface Reading {
  model: Denoiser;
  weights: tf.Tensor[] | undefined;
  schedule: Schedule;
  data: DeviceData;
  step: number;
}

export class ModelReadings {
  /** the sample-quality meter (null: off, or it failed); previews and the quality history use it */
  scorer: Scorer | null = null;
  /** quality over training, saved with the model */
  readonly quality = new QualityProbe();
  private nextPreviewAt = 0;

  constructor(private readonly emit: (e: SessionEvent) => void) {}

  /** The next preview is due at once (a new, restored or imported model). */
  previewNow(): void {
    this.nextPreviewAt = 0;
  }

  /** ms until the next preview is due. */
  nextPreviewInMs(now: number): number {
    return Math.max(0, this.nextPreviewAt - now);
  }

  /** A preview when one is due, spaced so previews take at most PREVIEW_SHARE of the time. */
  async maybePreview(m: Reading | null): Promise<void> {
    const now = performance.now();
    if (now < this.nextPreviewAt || !m) return;
    const preview = await makePreview(m.model, m.weights, m.schedule, m.data, m.step);
    const scores = await this.score(preview.samples);
    const cost = performance.now() - now;
    this.nextPreviewAt = performance.now() + Math.max(PREVIEW_MIN_GAP_MS, cost / PREVIEW_SHARE);
    this.emit({ type: 'preview', ...preview, ...(scores ? { scores } : {}) });
  }

  /** Every few hundred steps (time-boxed), a fixed-seed batch read by the meter: quality over training. */
  async maybeReadQuality(m: Reading | null): Promise<void> {
    const scorer = this.scorer;
    if (!scorer || !m || !this.quality.due(m.step)) return;
    try {
      const point = await this.quality.read(scorer, m.model, m.weights, m.schedule, m.step);
      this.emit({ type: 'quality', point });
    } catch (err) {
      this.meterFailed(err);
    }
  }

  /** The meter's reading, or none (and a notice, once) when the classifier cannot be loaded. */
  private async score(images: Float32Array): Promise<DigitScores | null> {
    if (!this.scorer) return null;
    try {
      return await this.scorer(images, false);
    } catch (err) {
      this.meterFailed(err);
      return null;
    }
  }

  /** The classifier could not be loaded or run: the meter stays off for this session, and says so once. */
  private meterFailed(err: unknown): void {
    this.scorer = null;
    this.emit({ type: 'notice', level: 'warn', message: `The sample-quality meter is unavailable: ${(err as Error).message}` });
  }
}
