/**
 * The sample-quality meter's engine side: the digit classifier, loaded lazily (on the first score,
 * never at start-up) from the app's own origin, on the active backend, and the statistics of a batch.
 */
import * as tf from '@tensorflow/tfjs';
import { classifierFromArtifacts, DIGIT_CLASSES, type DigitClassifier } from '../model/classifier';
import { IMAGE_PIXELS } from '../model';
import { filesToArtifacts } from './checkpoint';
import { fetchModelFiles } from '../data/modelFiles';
import { CONFIDENT, type DigitScores } from './protocol';

/** Relative to the page. */
export const CLASSIFIER_URL = 'models/classifier/model.json';

/** The scores of n images from their class probabilities [n · 10]. */
export function summarizeScores(probs: ArrayLike<number>, n: number, classifierAccuracy: number): DigitScores {
  const digits = new Uint8Array(n);
  const confidence = new Float32Array(n);
  const histogram = new Array<number>(DIGIT_CLASSES).fill(0);
  let confident = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < DIGIT_CLASSES; k++) if (probs[i * DIGIT_CLASSES + k] > probs[i * DIGIT_CLASSES + best]) best = k;
    const p = probs[i * DIGIT_CLASSES + best];
    digits[i] = best;
    confidence[i] = p;
    if (p >= CONFIDENT) {
      confident++;
      histogram[best]++;
    }
  }
  return { digits, confidence, confident, histogram, classifierAccuracy };
}

export class DigitMeter {
  private loading: Promise<DigitClassifier> | null = null;

  constructor(private readonly baseUrl: string) {}

  /** The classifier, downloaded once; a failed download is tried again on the next call. */
  classifier(): Promise<DigitClassifier> {
    this.loading ??= fetchModelFiles(new URL(CLASSIFIER_URL, this.baseUrl), 'digit classifier').then(
      ({ files }) => classifierFromArtifacts(filesToArtifacts(files)),
      (err: Error) => {
        this.loading = null;
        throw err;
      },
    );
    return this.loading;
  }

  /** Scores images [n · 784] (values outside [−1, 1] are clipped first, as the display does). */
  async score(images: Float32Array): Promise<DigitScores> {
    const n = images.length / IMAGE_PIXELS;
    if (!Number.isInteger(n) || n < 1) throw new Error(`score: expected n · ${IMAGE_PIXELS} values, got ${images.length}`);
    const classifier = await this.classifier();
    const probs = tf.tidy(() => classifier.apply(tf.clipByValue(tf.tensor2d(images, [n, IMAGE_PIXELS]), -1, 1)).probs);
    const values = await probs.data();
    probs.dispose();
    return summarizeScores(values, n, classifier.about.heldOutAccuracy);
  }
}
