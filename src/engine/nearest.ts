/**
 * The memorisation check: the training digits nearest to a sample, by Euclidean distance in pixels
 * (x_0 ∈ [−1, 1]) and in the digit classifier's features, with the distance at which real held-out
 * digits usually find their nearest training digit (what "not a copy" looks like).
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_PIXELS } from '../model';
import { CLASSIFIER_FEATURES } from '../model/classifier';
import type { DeviceData } from './deviceData';
import type { NearestResult } from './protocol';

/** Held-out digits whose nearest-neighbour distances give the typical distance (their median). */
const TYPICAL_PROBES = 100;

/** For each row of `queries` [q, d], the k smallest Euclidean distances to the rows of `base` [n, d] and their indices. */
export async function nearestRows(queries: tf.Tensor2D, base: tf.Tensor2D, k: number): Promise<{ indices: Int32Array; distances: Float32Array }> {
  const { values, indices } = tf.tidy(() => {
    // ‖a − b‖² = ‖a‖² + ‖b‖² − 2 a·b, clamped at 0 against round-off
    const qq = tf.sum(tf.square(queries), 1, true);
    const bb = tf.reshape(tf.sum(tf.square(base), 1), [1, -1]);
    const sq = tf.relu(tf.sub(tf.add(qq, bb), tf.mul(2, tf.matMul(queries, base, false, true))));
    const top = tf.topk(tf.neg(sq), k);
    return { values: tf.sqrt(tf.neg(top.values)), indices: top.indices };
  });
  try {
    const [d, i] = await Promise.all([values.data(), indices.data()]);
    return { indices: i as Int32Array, distances: d as Float32Array };
  } finally {
    tf.dispose([values, indices]);
  }
}

function median(values: ArrayLike<number>): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The k rows of `base` nearest to `query` and the median nearest distance of the `probes`; disposes all three. */
async function nearestWithTypical(base: tf.Tensor2D, query: tf.Tensor2D, probes: tf.Tensor2D, k: number): Promise<NearestResult> {
  try {
    const found = await nearestRows(query, base, k);
    const typical = await nearestRows(probes, base, 1);
    return { indices: Array.from(found.indices), distances: Array.from(found.distances), typical: median(typical.distances) };
  } finally {
    tf.dispose([base, query, probes]);
  }
}

/** Nearest training digits to `image` [784] by pixels, and the typical nearest distance of held-out digits. */
export function nearestByPixels(data: DeviceData, image: Float32Array, k: number): Promise<NearestResult> {
  return nearestWithTypical(
    tf.reshape(data.train, [data.trainCount, IMAGE_PIXELS]) as tf.Tensor2D,
    tf.tensor2d(image, [1, IMAGE_PIXELS]),
    tf.tidy(() => tf.reshape(data.heldOutSlice(0, TYPICAL_PROBES), [TYPICAL_PROBES, IMAGE_PIXELS]) as tf.Tensor2D),
    k,
  );
}

/** The same in the classifier's features, given those of the training split [n · 64] and of the held-out probes. */
export function nearestByFeatures(trainFeatures: Float32Array, probeFeatures: Float32Array, feature: Float32Array, k: number): Promise<NearestResult> {
  const d = CLASSIFIER_FEATURES;
  return nearestWithTypical(
    tf.tensor2d(trainFeatures, [trainFeatures.length / d, d]),
    tf.tensor2d(feature, [1, d]),
    tf.tensor2d(probeFeatures, [probeFeatures.length / d, d]),
    k,
  );
}

export { TYPICAL_PROBES };
