/**
 * Classifier-free guidance (Ho & Salimans 2022), the parts that need no tensors: the range of the
 * guidance scale w, the scales the trade-off chart sweeps, and the combination on plain arrays.
 * The UI imports this file; the engine's tensor version is engine/guidedEps.ts.
 */

/** The largest guidance scale the panel and the link offer. */
export const GUIDANCE_MAX = 8;
/** The scale a learner starts with: w = 2 gives digits the classifier reads as asked nearly always. */
export const DEFAULT_GUIDANCE = 2;
/** The guidance slider's step; a link's w is rounded to it. */
export const GUIDANCE_STEP = 0.5;
/** The scales of the trade-off chart, on one fixed seed. */
export const GUIDANCE_SWEEP = [0, 0.5, 1, 2, 4, 8] as const;

/** What the sampler is asked to draw: a digit 0–9 (or null: any digit, the unconditional model) and w. */
export interface Guidance {
  label: number | null;
  w: number;
}

/** Throws a RangeError unless the guidance is a digit 0–9 or null, with a finite w ≥ −1. */
export function validateGuidance(g: Guidance): void {
  if (g.label !== null && !(Number.isInteger(g.label) && g.label >= 0 && g.label <= 9)) {
    throw new RangeError(`the digit to draw must be 0–9 (or any), got ${String(g.label)}`);
  }
  if (!(Number.isFinite(g.w) && g.w >= -1)) throw new RangeError(`the guidance scale w must be a number ≥ −1, got ${g.w}`);
}

/**
 * ε̃ = (1 + w) ε_θ(x_t, t, y) − w ε_θ(x_t, t, ∅) (Ho & Salimans 2022, eq. 6), element by element, in
 * the same order of operations as the tensor version: w = 0 gives ε(y) and w = −1 gives ε(∅) exactly.
 */
export function guideArrays(cond: ArrayLike<number>, uncond: ArrayLike<number>, w: number): Float32Array {
  if (cond.length !== uncond.length) throw new RangeError(`both predictions must have the same size, got ${cond.length} and ${uncond.length}`);
  const out = new Float32Array(cond.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.fround(Math.fround((1 + w) * cond[i]) - Math.fround(w * uncond[i]));
  return out;
}
