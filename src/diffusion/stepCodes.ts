/**
 * A reverse step's images as bytes: the worker codes each step once, sends the bytes (transferred,
 * not copied), and the sampling panel keeps and draws them as they are. Pure: no tfjs.
 *
 * Quantisation (one byte per pixel, code q ∈ 0…255, value v = lo + q/255 · (hi − lo)):
 *   x_t, x̂_0, μ_θ  over [−1, 1]      (the data range; values outside are clamped, as the display clamps them)
 *   ε_θ            over [−3, 3]      (a standard normal stays inside 99.7 % of the time)
 *   σ_t z          over [−3σ, 3σ]    with σ the step's own σ_t (so z is stored over [−3, 3]); a step
 *                                    without noise (σ = 0) stores zeros over [−1, 1]
 * Because every part maps its range linearly onto the codes, an image is displayed by mapping the code
 * back onto [−1, 1] (black = lo, white = hi): see `toDisplay`.
 */

/** Pixels of one 28×28 image. */
export const PIXELS = 784;
/** Codes per byte − 1. */
const LEVELS = 255;

/** The parts of a reverse step that the store keeps. */
export const PART_NAMES = ['eps', 'x0Hat', 'mean', 'noise', 'x'] as const;
export type PartName = (typeof PART_NAMES)[number];

export interface Range {
  lo: number;
  hi: number;
}

/** Range of x_t, x̂_0 and μ_θ: the data range. */
export const IMAGE_RANGE: Range = { lo: -1, hi: 1 };
/** Range of ε_θ: ±3 standard deviations of N(0, 1). */
export const EPS_RANGE: Range = { lo: -3, hi: 3 };
/** z is kept over ±3, i.e. σ_t z over ±3σ_t. */
export const NOISE_Z_LIMIT = 3;

/** The stored range of σ_t z for a step with this σ_t. */
export function noiseRange(sigma: number): Range {
  if (!(sigma > 0) || !Number.isFinite(sigma)) return IMAGE_RANGE;
  return { lo: -NOISE_Z_LIMIT * sigma, hi: NOISE_Z_LIMIT * sigma };
}

/** The stored range of each part of a step with this σ_t. */
export function partRange(part: PartName, sigma: number): Range {
  if (part === 'eps') return EPS_RANGE;
  if (part === 'noise') return noiseRange(sigma);
  return IMAGE_RANGE;
}

/** Half of one quantisation step: the largest round-trip error for a value inside the range. */
export function halfStep(r: Range): number {
  return (r.hi - r.lo) / (2 * LEVELS);
}

/** v ∈ [lo, hi] ↦ round((v − lo)/(hi − lo) · 255), clamped to 0…255 (NaN ↦ the middle code). */
export function quantise(src: Float32Array, r: Range, out: Uint8Array = new Uint8Array(src.length)): Uint8Array {
  if (out.length !== src.length) throw new RangeError(`out must have length ${src.length}, got ${out.length}`);
  const scale = LEVELS / (r.hi - r.lo);
  for (let i = 0; i < src.length; i++) {
    const q = Math.round((src[i] - r.lo) * scale);
    // Uint8Array stores NaN as 0; send it to the middle instead so it shows grey, not black.
    out[i] = Number.isNaN(q) ? 128 : q < 0 ? 0 : q > LEVELS ? LEVELS : q;
  }
  return out;
}

/** q ↦ lo + q/255 · (hi − lo): the stored value of each pixel. */
export function dequantise(q: Uint8Array, r: Range, out: Float32Array = new Float32Array(q.length)): Float32Array {
  if (out.length !== q.length) throw new RangeError(`out must have length ${q.length}, got ${out.length}`);
  const scale = (r.hi - r.lo) / LEVELS;
  for (let i = 0; i < q.length; i++) out[i] = r.lo + q[i] * scale;
  return out;
}

/** q ↦ 2q/255 − 1: the image for DigitCanvas, with the part's range drawn from black (lo) to white (hi). */
export function toDisplay(q: Uint8Array, out: Float32Array = new Float32Array(q.length)): Float32Array {
  return dequantise(q, IMAGE_RANGE, out);
}

/** The parts of one step for n chains, [n · 784] values each. */
export type StepValues = Record<PartName, Float32Array>;
/** The same parts as codes over partRange(part, σ). */
export type StepCodes = Record<PartName, Uint8Array>;

/** Code every part of a step whose noise has this σ. */
export function codeStep(values: StepValues, sigma: number): StepCodes {
  const codes = {} as StepCodes;
  for (const part of PART_NAMES) codes[part] = quantise(values[part], partRange(part, sigma));
  return codes;
}
