/**
 * Book-keeping of the loss on the CPU side of the worker: the full per-step history (grown in
 * chunks, 100,000 steps are 400 kB) and the loss against t in bins, as a decaying average so that
 * the chart follows the model as it learns.
 */
import type * as tf from '@tensorflow/tfjs';

/** One step's per-example losses, still on the device until they are read, and their timesteps. */
export interface PendingLosses {
  perExample: tf.Tensor1D;
  t: Int32Array;
}

export class LossHistory {
  private data = new Float32Array(4096);
  private n = 0;

  get length(): number {
    return this.n;
  }

  push(values: ArrayLike<number>): void {
    if (this.n + values.length > this.data.length) {
      const grown = new Float32Array(Math.max(this.data.length * 2, this.n + values.length));
      grown.set(this.data.subarray(0, this.n));
      this.data = grown;
    }
    for (let i = 0; i < values.length; i++) this.data[this.n++] = values[i];
  }

  /** A copy of the history. */
  toArray(): Float32Array {
    return this.data.slice(0, this.n);
  }

  /** Replace the history (after a restore or an import). */
  reset(values: ArrayLike<number> = []): void {
    this.n = 0;
    this.push(values);
  }
}

/** How much of a bin's average each batch keeps (the rest is the batch's losses that fell in the bin). */
export const LOSS_BY_T_DECAY = 0.98;

export class LossByTBins {
  readonly edges: number[];
  private readonly sum: Float64Array;
  private readonly weight: Float64Array;

  /** `bins` equal-width bins over t = 1 … T; `decay` per batch forgets old losses. */
  constructor(
    readonly T: number,
    bins = 20,
    private readonly decay = LOSS_BY_T_DECAY,
  ) {
    const b = Math.min(bins, T);
    this.edges = Array.from({ length: b }, (_, i) => 1 + Math.floor((i * T) / b));
    this.sum = new Float64Array(b);
    this.weight = new Float64Array(b);
  }

  private binOf(t: number): number {
    const b = this.edges.length;
    return Math.min(b - 1, Math.floor(((t - 1) * b) / this.T));
  }

  /** Add one batch: the loss of each example and its timestep. */
  add(losses: ArrayLike<number>, ts: ArrayLike<number>): void {
    for (let i = 0; i < this.sum.length; i++) {
      this.sum[i] *= this.decay;
      this.weight[i] *= this.decay;
    }
    for (let i = 0; i < losses.length; i++) {
      if (!Number.isFinite(losses[i])) continue;
      const b = this.binOf(ts[i]);
      this.sum[b] += losses[i];
      this.weight[b] += 1;
    }
  }

  means(): number[] {
    return Array.from(this.sum, (s, i) => (this.weight[i] > 0 ? s / this.weight[i] : NaN));
  }
}

/**
 * The losses of a run of steps of B examples each, read back (values: every example's loss in step
 * order, ts: its timestep): each step's mean, the L_simple of that step.
 */
export function stepMeans(values: Float32Array, steps: number, B: number): Float32Array {
  const losses = new Float32Array(steps);
  for (let i = 0; i < steps; i++) {
    let s = 0;
    for (let k = 0; k < B; k++) s += values[i * B + k];
    losses[i] = s / B;
  }
  return losses;
}
