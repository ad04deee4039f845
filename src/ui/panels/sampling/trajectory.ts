/**
 * The recorded reverse trajectory, kept on the main thread as the 8-bit images the worker sends
 * (diffusion/stepCodes.ts says how they are coded), so that scrubbing never asks the worker for
 * anything. Pure: no React, no tfjs.
 *
 * Positions: position 0 is the start x (x_T, or the forward panel's x_t); position p ≥ 1 is the p-th
 * recorded step, holding everything about the step that produced its x (from tFrom to t).
 */
import type { SampleFrame } from '../../../engine/protocol';
import { IMAGE_RANGE, PART_NAMES, PIXELS, quantise, type PartName } from '../../../diffusion/stepCodes';

/** One recorded step, quantised. */
export interface StoredStep {
  /** 1-based number of the step in the run */
  step: number;
  tFrom: number;
  t: number;
  coef: SampleFrame['coef'];
  ms: number;
  /** each part for all chains, [n · 784] codes over partRange(part, coef.sigma) */
  parts: Record<PartName, Uint8Array>;
  /**
   * x_tFrom, the step's input, when it is not the x of the position before (which only happens when
   * steps are thinned out, see `chooseStride`); null otherwise
   */
  xFrom: Uint8Array | null;
  /** a guided step: ε_θ(x_t, t, y) and ε_θ(x_t, t, ∅) over EPS_RANGE, the digit y and the scale w */
  guided: { cond: Uint8Array; uncond: Uint8Array; label: number; w: number } | null;
}

/** The two extra parts of a guided step (ε(y) and ε(∅)). */
export const GUIDED_PARTS = 2;

/** Default memory budget of one trajectory: 64 MiB. A 1000-step DDPM run of 16 chains takes 62.7 MB. */
export const TRAJECTORY_BUDGET_BYTES = 64 * 1024 * 1024;

/** Bytes of the stored images of one step for n chains: five parts (seven when guided), plus x_tFrom when thinned. */
export function bytesPerStep(n: number, stride: number, extraParts = 0): number {
  return (PART_NAMES.length + extraParts + (stride === 1 ? 0 : 1)) * n * PIXELS;
}

/** Steps a run of `nfe` steps keeps with this stride: every stride-th, the last, and the newest. */
export function keptSteps(nfe: number, stride: number): number {
  if (nfe <= 0) return 0;
  const onStride = Math.floor(nfe / stride);
  const lastExtra = nfe % stride === 0 ? 0 : 1;
  // While running, one off-stride newest step is held as well (see TrajectoryStore.append).
  const newest = stride > 1 ? 1 : 0;
  return Math.min(nfe, onStride + lastExtra + newest);
}

/** Upper bound on the image bytes of a whole run: the start plus every kept step. */
export function estimateBytes(nfe: number, n: number, stride = 1, extraParts = 0): number {
  return n * PIXELS + keptSteps(nfe, stride) * bytesPerStep(n, stride, extraParts);
}

/** The smallest stride (1 = keep every step) whose run fits the budget. */
export function chooseStride(nfe: number, n: number, budget = TRAJECTORY_BUDGET_BYTES, extraParts = 0): number {
  let stride = 1;
  while (stride < nfe && estimateBytes(nfe, n, stride, extraParts) > budget) stride++;
  return stride;
}

/**
 * The reverse trajectory of n chains: appended to frame by frame, read by position. With stride 1
 * (every run of up to ~1000 steps) every step is kept and position p is the p-th step; a longer run
 * keeps every stride-th step, the last step and the newest one, so memory stays within the budget.
 */
export class TrajectoryStore {
  readonly n: number;
  readonly ts: readonly number[];
  readonly nfe: number;
  readonly stride: number;
  /** the start x, [n · 784] over [−1, 1] */
  readonly start: Uint8Array;
  private readonly steps: StoredStep[] = [];
  /** whether the newest stored step is off-stride (replaced by the next append) */
  private provisional = false;
  /** x after the newest step (stored or not), for the next step's x_tFrom */
  private lastX: Uint8Array;
  /** steps taken so far */
  stepsDone = 0;
  /** sum of the frames' worker time, ms */
  workerMs = 0;

  /** `guided`: the run's steps carry both predictions of classifier-free guidance (two more parts each) */
  constructor(start: Float32Array, n: number, ts: readonly number[], budget = TRAJECTORY_BUDGET_BYTES, guided = false) {
    if (start.length !== n * PIXELS) throw new RangeError(`start must hold ${n}·784 values, got ${start.length}`);
    this.n = n;
    this.ts = ts;
    this.nfe = Math.max(0, ts.length - 1);
    this.stride = chooseStride(this.nfe, n, budget, guided ? GUIDED_PARTS : 0);
    this.start = quantise(start, IMAGE_RANGE);
    this.lastX = this.start;
  }

  /** true once the chain reached t = 0 */
  get done(): boolean {
    return this.stepsDone >= this.nfe || (this.steps.length > 0 && this.steps[this.steps.length - 1].t === 0);
  }

  /** positions that can be shown: the start plus the stored steps */
  get length(): number {
    return this.steps.length + 1;
  }

  /** Record one step from the worker (its codes are kept as they are). */
  append(frame: SampleFrame): void {
    const size = this.n * PIXELS;
    for (const part of PART_NAMES) {
      if (frame.parts[part].length !== size) throw new RangeError(`frame.${part} must hold ${size} values, got ${frame.parts[part].length}`);
    }
    const step = this.stepsDone + 1;
    if (this.provisional) {
      this.steps.pop();
      this.provisional = false;
    }
    const prev = this.steps.length ? this.steps[this.steps.length - 1].step : 0;
    const { parts } = frame;
    this.steps.push({
      step,
      tFrom: frame.tFrom,
      t: frame.t,
      coef: { ...frame.coef },
      ms: frame.ms,
      parts,
      xFrom: prev === step - 1 ? null : this.lastX,
      guided: frame.guided ?? null,
    });
    this.provisional = !(step % this.stride === 0 || frame.t === 0 || step >= this.nfe);
    this.lastX = parts.x;
    this.stepsDone = step;
    this.workerMs += frame.ms;
  }

  /** Clamp any number to a valid position. */
  clampPosition(p: number): number {
    if (!Number.isFinite(p)) return 0;
    return Math.min(this.length - 1, Math.max(0, Math.round(p)));
  }

  /** The step that produced position p (null for the start). */
  stepAt(p: number): StoredStep | null {
    const pos = this.clampPosition(p);
    return pos === 0 ? null : this.steps[pos - 1];
  }

  /** The timestep of position p. */
  tAt(p: number): number {
    const s = this.stepAt(p);
    return s ? s.t : (this.ts[0] ?? 0);
  }

  /** The step number (index into ts) of position p: 0 for the start. */
  stepIndexAt(p: number): number {
    return this.stepAt(p)?.step ?? 0;
  }

  /** The newest position whose step number is at most k (k beyond the computed steps ↦ the newest). */
  positionOfStep(k: number): number {
    let lo = 0;
    let hi = this.steps.length;
    // binary search over the stored steps, ascending by step number
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.steps[mid - 1].step <= k) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The timesteps of all positions, in order. */
  positionTs(): number[] {
    return [this.ts[0] ?? 0, ...this.steps.map((s) => s.t)];
  }

  /** One chain's codes of x at position p. */
  xCodes(p: number, chain: number): Uint8Array {
    const s = this.stepAt(p);
    return this.slice(s ? s.parts.x : this.start, chain);
  }

  /** One chain's codes of a part of the step that produced position p (null at the start). */
  partCodes(p: number, chain: number, part: PartName): Uint8Array | null {
    const s = this.stepAt(p);
    return s ? this.slice(s.parts[part], chain) : null;
  }

  /** One chain's codes of a guided step's ε(y) and ε(∅) at position p, with y and w (null otherwise). */
  guidedCodes(p: number, chain: number): { cond: Uint8Array; uncond: Uint8Array; label: number; w: number } | null {
    const g = this.stepAt(p)?.guided;
    return g ? { cond: this.slice(g.cond, chain), uncond: this.slice(g.uncond, chain), label: g.label, w: g.w } : null;
  }

  /** One chain's codes of the step's input x_tFrom at position p (null at the start). */
  xFromCodes(p: number, chain: number): Uint8Array | null {
    const pos = this.clampPosition(p);
    const s = this.stepAt(pos);
    if (!s) return null;
    return s.xFrom ? this.slice(s.xFrom, chain) : this.xCodes(pos - 1, chain);
  }

  /** Bytes held by the stored images (an x_tFrom is the x of a step no longer stored, so never shared). */
  bytes(): number {
    let total = this.start.byteLength;
    for (const s of this.steps) {
      for (const part of PART_NAMES) total += s.parts[part].byteLength;
      if (s.xFrom) total += s.xFrom.byteLength;
      if (s.guided) total += s.guided.cond.byteLength + s.guided.uncond.byteLength;
    }
    return total;
  }

  private slice(all: Uint8Array, chain: number): Uint8Array {
    if (!Number.isInteger(chain) || chain < 0 || chain >= this.n) throw new RangeError(`chain must be 0…${this.n - 1}, got ${chain}`);
    return all.subarray(chain * PIXELS, (chain + 1) * PIXELS);
  }
}
