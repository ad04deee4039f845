/**
 * Per-timestep schedule constants as tensors shaped for broadcasting against a batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from './schedule';

/** One timestep for the whole batch, or one per example. */
export type Timesteps = number | ArrayLike<number>;

/** The timesteps of a batch as an array of length `batch` (a single t is repeated). */
export function timestepsOf(t: Timesteps, batch: number): number[] {
  if (typeof t === 'number') return new Array<number>(batch).fill(t);
  if (t.length !== batch) {
    throw new RangeError(`expected ${batch} timesteps (one per example), got ${t.length}`);
  }
  return Array.from(t);
}

function broadcastShape(batch: number, rank: number): number[] {
  if (!Number.isInteger(rank) || rank < 1) throw new RangeError(`rank must be an integer ≥ 1, got ${rank}`);
  return [batch, ...new Array<number>(rank - 1).fill(1)];
}

/**
 * Gathers values[t − 1] (array index i ↔ timestep t = i + 1) for each example into a tensor of
 * shape [batch, 1, …, 1] with `rank` dimensions, to broadcast against [B, 784] or [B, 28, 28, 1].
 */
export function coefTensor(values: Float32Array, t: Timesteps, batch: number, rank: number): tf.Tensor {
  const ts = timestepsOf(t, batch);
  const data = new Float32Array(batch);
  for (let b = 0; b < batch; b++) {
    const tb = ts[b];
    if (!Number.isInteger(tb) || tb < 1 || tb > values.length) {
      throw new RangeError(`timestep t must be an integer from 1 to ${values.length}, got ${tb}`);
    }
    data[b] = values[tb - 1];
  }
  return tf.tensor(data, broadcastShape(batch, rank));
}

/**
 * A function f(ᾱ_t) for each example as a [batch, 1, …, 1] tensor, where t may be 0 (ᾱ_0 = 1, eq. 4).
 * With the default f this is ᾱ_t itself; e.g. f = Math.sqrt gives √ᾱ_t.
 */
export function alphaBarCoefTensor(
  s: Schedule, t: Timesteps, batch: number, rank: number, f: (alphaBar: number) => number = (a) => a,
): tf.Tensor {
  const ts = timestepsOf(t, batch);
  const data = new Float32Array(batch);
  for (let b = 0; b < batch; b++) {
    const tb = ts[b];
    if (!Number.isInteger(tb) || tb < 0 || tb > s.T) {
      throw new RangeError(`timestep t must be an integer from 0 to ${s.T}, got ${tb}`);
    }
    data[b] = f(tb === 0 ? 1 : s.alphaBars[tb - 1]);
  }
  return tf.tensor(data, broadcastShape(batch, rank));
}
