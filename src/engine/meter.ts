/**
 * The sample-quality meter's engine side: the digit classifier, loaded lazily (on the first score,
 * never at start-up) from the app's own origin, on the active backend, and the statistics of a batch.
 */
import * as tf from '@tensorflow/tfjs';
import { CLASSIFIER_FEATURES, classifierFromArtifacts, DIGIT_CLASSES, type DigitClassifier } from '../model/classifier';
import type { DeviceData } from './deviceData';
import { frechetDistance, meanAndCovariance } from './frechet';
import { IMAGE_PIXELS } from '../model';
import { filesToArtifacts } from './checkpoint';
import { fetchModelFiles } from '../data/modelFiles';
import { nearestByFeatures, nearestByPixels, TYPICAL_PROBES } from './nearest';
import { CONFIDENT, type DigitScores, type NearestResult } from './protocol';

/** Relative to the page. */
export const CLASSIFIER_URL = 'models/classifier/model.json';

/** Downloads the exported classifier from the app's origin. */
export async function fetchClassifier(baseUrl: string): Promise<DigitClassifier> {
  const { files } = await fetchModelFiles(new URL(CLASSIFIER_URL, baseUrl), 'digit classifier');
  return classifierFromArtifacts(filesToArtifacts(files));
}

/** Images through the classifier at once (the held-out set goes through in batches of this size). */
const BATCH = 250;

type Gaussian = ReturnType<typeof meanAndCovariance>;

/** The scores of n images from their class probabilities [n · 10] (the Fréchet distances are added by the meter). */
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
  return { digits, confidence, confident, histogram, classifierAccuracy, fd: null, fdFloor: null };
}

/**
 * Mean Euclidean distance between two different rows of `features` [n · d] (0 for fewer than two): how
 * varied a set of images is in the classifier's eyes.
 */
export function meanPairwiseDistance(features: ArrayLike<number>, n: number, d: number): number {
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = features[i * d + k] - features[j * d + k];
        s += diff * diff;
      }
      sum += Math.sqrt(s);
    }
  }
  return sum / ((n * (n - 1)) / 2);
}

export class DigitMeter {
  private loading: Promise<DigitClassifier> | null = null;
  /** feature statistics of the held-out digits, and the floors per batch size, for one dataset */
  private reference: {
    data: DeviceData;
    heldOut: Promise<Float32Array>;
    stats: Promise<Gaussian>;
    floors: Map<number, Promise<number>>;
    /** features of the training split, once the memorisation check asked for them */
    train: Promise<Float32Array> | null;
    /** mean pairwise feature distance of the held-out examples of each digit asked for */
    variety: Map<number, Promise<number>>;
  } | null = null;

  /** `load` gives the classifier (fetchClassifier in the app); it is called on first use only. */
  constructor(private readonly load: () => Promise<DigitClassifier>) {}

  /** The classifier, loaded once; a failed load is tried again on the next call. */
  classifier(): Promise<DigitClassifier> {
    this.loading ??= this.load().catch((err: Error) => {
      this.loading = null;
      throw err;
    });
    return this.loading;
  }

  /** Class probabilities [n · 10] and features [n · 64] of images [n, …] in [−1, 1] (clipped first). */
  private async run(classifier: DigitClassifier, images: tf.Tensor): Promise<{ probs: Float32Array; features: Float32Array }> {
    const n = images.shape[0];
    const { probs, features } = tf.tidy(() => classifier.apply(tf.clipByValue(tf.reshape(images, [n, IMAGE_PIXELS]), -1, 1) as tf.Tensor2D));
    try {
      const [p, f] = await Promise.all([probs.data(), features.data()]);
      return { probs: p as Float32Array, features: f as Float32Array };
    } finally {
      tf.dispose([probs, features]);
    }
  }

  /** Features [total · 64] of `total` images taken `BATCH` at a time from `slice(i, n)` (which the caller's tensors own). */
  private async featuresOf(total: number, slice: (i: number, n: number) => tf.Tensor): Promise<Float32Array> {
    const classifier = await this.classifier();
    const all = new Float32Array(total * CLASSIFIER_FEATURES);
    for (let i = 0; i < total; i += BATCH) {
      const x = slice(i, Math.min(BATCH, total - i));
      try {
        all.set((await this.run(classifier, x)).features, i * CLASSIFIER_FEATURES);
      } finally {
        x.dispose();
      }
    }
    return all;
  }

  private statsOf(data: DeviceData): NonNullable<DigitMeter['reference']> {
    if (this.reference?.data !== data) {
      const heldOut = this.featuresOf(data.heldOut.shape[0], (i, n) => data.heldOutSlice(i, n));
      const stats = heldOut.then((f) => meanAndCovariance(f, data.heldOut.shape[0], CLASSIFIER_FEATURES));
      this.reference = { data, heldOut, stats, floors: new Map(), train: null, variety: new Map() };
    }
    return this.reference;
  }

  /**
   * The memorisation check for one image [784]: the k nearest training digits by pixels and by features
   * (the features of the whole training split are computed on the first call, then kept).
   */
  async nearest(data: DeviceData, image: Float32Array, k: number): Promise<{ pixels: NearestResult; features: NearestResult }> {
    const ref = this.statsOf(data);
    ref.train ??= this.featuresOf(data.trainCount, (i, n) => tf.slice(data.train, [i, 0, 0, 0], [n, 28, 28, 1]));
    const pixels = await nearestByPixels(data, image, k);
    const classifier = await this.classifier();
    const x = tf.tensor2d(image, [1, IMAGE_PIXELS]);
    let feature: Float32Array;
    try {
      feature = (await this.run(classifier, x)).features;
    } finally {
      x.dispose();
    }
    const probes = (await ref.heldOut).subarray(0, TYPICAL_PROBES * CLASSIFIER_FEATURES);
    return { pixels, features: await nearestByFeatures(await ref.train, probes, feature, k) };
  }

  /** The Fréchet distance of n real training digits (evenly spaced through the split) to the held-out ones. */
  private floor(data: DeviceData, n: number): Promise<number> {
    const ref = this.statsOf(data);
    let floor = ref.floors.get(n);
    if (!floor) {
      floor = (async () => {
        const classifier = await this.classifier();
        const stride = Math.floor(data.trainCount / n);
        const idx = tf.tensor1d(Int32Array.from({ length: n }, (_, i) => i * stride), 'int32');
        const real = tf.gather(data.train, idx);
        idx.dispose();
        try {
          const { features } = await this.run(classifier, real);
          return frechetDistance(meanAndCovariance(features, n, CLASSIFIER_FEATURES), await ref.stats, CLASSIFIER_FEATURES);
        } finally {
          real.dispose();
        }
      })();
      ref.floors.set(n, floor);
    }
    return floor;
  }

  /** Mean feature distance between two held-out real examples of a digit (computed once per digit). */
  private realVariety(data: DeviceData, digit: number): Promise<number> {
    const ref = this.statsOf(data);
    let v = ref.variety.get(digit);
    if (!v) {
      v = ref.heldOut.then((features) => {
        const rows = [...data.heldOutLabels.keys()].filter((i) => data.heldOutLabels[i] === digit);
        const picked = new Float32Array(rows.length * CLASSIFIER_FEATURES);
        rows.forEach((r, k) => picked.set(features.subarray(r * CLASSIFIER_FEATURES, (r + 1) * CLASSIFIER_FEATURES), k * CLASSIFIER_FEATURES));
        return meanPairwiseDistance(picked, rows.length, CLASSIFIER_FEATURES);
      });
      ref.variety.set(digit, v);
    }
    return v;
  }

  /**
   * Scores images [n · 784]; with the digits loaded, also the Fréchet distance and its floor. Given the
   * digit they were asked to be, also how many are read as it and how varied they are (GuidanceScores).
   */
  async score(images: Float32Array, data: DeviceData | null, target?: number): Promise<DigitScores> {
    const n = images.length / IMAGE_PIXELS;
    if (!Number.isInteger(n) || n < 1) throw new Error(`score: expected n · ${IMAGE_PIXELS} values, got ${images.length}`);
    const classifier = await this.classifier();
    const x = tf.tensor2d(images, [n, IMAGE_PIXELS]);
    let out: { probs: Float32Array; features: Float32Array };
    try {
      out = await this.run(classifier, x);
    } finally {
      x.dispose();
    }
    const scores = summarizeScores(out.probs, n, classifier.about.heldOutAccuracy);
    if (data && n >= 2) {
      const ref = this.statsOf(data);
      scores.fd = frechetDistance(meanAndCovariance(out.features, n, CLASSIFIER_FEATURES), await ref.stats, CLASSIFIER_FEATURES);
      scores.fdFloor = await this.floor(data, n);
    }
    if (target !== undefined) {
      if (!(Number.isInteger(target) && target >= 0 && target < DIGIT_CLASSES)) throw new RangeError(`the target digit must be 0–9, got ${target}`);
      scores.guidance = {
        digit: target,
        accuracy: scores.digits.filter((d) => d === target).length / n,
        variety: meanPairwiseDistance(out.features, n, CLASSIFIER_FEATURES),
        realVariety: data ? await this.realVariety(data, target) : null,
      };
    }
    return scores;
  }
}
