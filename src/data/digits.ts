import type { DigitSet } from './format';

/** Pixel p ∈ {0…255} ↦ x ∈ [−1, 1] by 2·(p/255) − 1, as in the paper's data scaling. */
export function toSigned(p: number): number {
  return (p / 255) * 2 - 1;
}

/** Digit i as x_0 ∈ [−1, 1]^{784} (row-major 28×28). */
export function digitX0(set: DigitSet, i: number, out?: Float32Array): Float32Array {
  const n = set.rows * set.cols;
  if (!Number.isInteger(i) || i < 0 || i >= set.count) {
    throw new RangeError(`Digit index must be an integer from 0 to ${set.count - 1}, got ${i}`);
  }
  const x = out ?? new Float32Array(n);
  const base = i * n;
  for (let k = 0; k < n; k++) x[k] = toSigned(set.pixels[base + k]);
  return x;
}

/** A batch of x_0 ∈ [−1, 1] stacked as [indices.length · 784], for tensors of shape [B, 28, 28, 1] or [B, 784]. */
export function batchX0(set: DigitSet, indices: ArrayLike<number>): Float32Array {
  const n = set.rows * set.cols;
  const out = new Float32Array(indices.length * n);
  for (let b = 0; b < indices.length; b++) digitX0(set, indices[b], out.subarray(b * n, (b + 1) * n));
  return out;
}

/** The first `perClass` indices of each label 0…9, in label order (for digit pickers and fixed preview sets). */
export function indicesByClass(set: DigitSet, perClass: number): number[] {
  const buckets: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < set.count; i++) {
    const b = buckets[set.labels[i]];
    if (b.length < perClass) b.push(i);
  }
  return buckets.flat();
}
