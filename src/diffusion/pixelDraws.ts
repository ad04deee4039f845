/**
 * Many independent draws of ONE pixel of x_t, for the histogram that shows q(x_t|x_0) (eq. 4)
 * moving and spreading as t grows. Pure TypeScript (no tfjs), fast enough to rerun while t is scrubbed.
 */
import { MULBERRY32_STEP, mulberry32Mix } from './rng';
import type { Schedule } from './schedule';
import { alphaBarAt, validateTimestep } from './schedule';

/** Mean and variance of a Gaussian. */
export interface Moments {
  mean: number;
  variance: number;
}

/** Number of layers of the ziggurat. */
const ZIGGURAT_LAYERS = 128;
/** Right edge r of the base layer (Marsaglia & Tsang 2000, 128 layers). */
const ZIGGURAT_R = 3.442619855899;
/** Area v of every layer (Marsaglia & Tsang 2000, 128 layers). */
const ZIGGURAT_V = 9.91256303526217e-3;
const TWO_31 = 2147483648;

/** Tables of the ziggurat: k (integer thresholds), w (scales), f (density at the layer edges). */
const zigK = new Float64Array(ZIGGURAT_LAYERS);
const zigW = new Float64Array(ZIGGURAT_LAYERS);
const zigF = new Float64Array(ZIGGURAT_LAYERS);
{
  let d = ZIGGURAT_R;
  let prev = d;
  const q = ZIGGURAT_V / Math.exp(-0.5 * d * d);
  zigK[0] = (d / q) * TWO_31;
  zigK[1] = 0;
  zigW[0] = q / TWO_31;
  zigW[ZIGGURAT_LAYERS - 1] = d / TWO_31;
  zigF[0] = 1;
  zigF[ZIGGURAT_LAYERS - 1] = Math.exp(-0.5 * d * d);
  for (let i = ZIGGURAT_LAYERS - 2; i >= 1; i--) {
    d = Math.sqrt(-2 * Math.log(ZIGGURAT_V / d + Math.exp(-0.5 * d * d)));
    zigK[i + 1] = (d / prev) * TWO_31;
    prev = d;
    zigF[i] = Math.exp(-0.5 * d * d);
    zigW[i] = d / TWO_31;
  }
}

/** One step of Mulberry32 (rng.ts) on a state held in a typed array: a signed 32-bit integer. */
function nextInt(state: Int32Array): number {
  const s = (state[0] + MULBERRY32_STEP) | 0;
  state[0] = s;
  return mulberry32Mix(s);
}

/** A uniform number in (0, 1]. */
function uniform(state: Int32Array): number {
  return ((nextInt(state) >>> 0) + 1) / 4294967296;
}

/** The rare slow path of the ziggurat: the wedge of layer i, or the tail beyond r for the base layer. */
function zigguratSlow(hz: number, i: number, state: Int32Array): number {
  for (;;) {
    const x = hz * zigW[i];
    if (i === 0) {
      let tx: number, ty: number;
      do {
        tx = -Math.log(uniform(state)) / ZIGGURAT_R;
        ty = -Math.log(uniform(state));
      } while (ty + ty < tx * tx);
      return hz > 0 ? ZIGGURAT_R + tx : -ZIGGURAT_R - tx;
    }
    if (zigF[i] + uniform(state) * (zigF[i - 1] - zigF[i]) < Math.exp(-0.5 * x * x)) return x;
    hz = nextInt(state);
    i = hz & (ZIGGURAT_LAYERS - 1);
    if (Math.abs(hz) < zigK[i]) return hz * zigW[i];
  }
}

/** The state of a seeded N(0, 1) source for {@link fillStandardNormal}. */
export function normalState(seed: number): Int32Array {
  return new Int32Array([seed | 0]);
}

/**
 * Fills `out` with independent N(0, 1) samples and advances `state`: the ziggurat method of
 * Marsaglia & Tsang (2000) on the 32-bit Mulberry32 generator, fast enough for millions of draws per
 * frame (about 99 % of draws cost one integer, one comparison and one multiplication).
 */
export function fillStandardNormal(out: Float64Array, state: Int32Array): Float64Array {
  const n = out.length;
  let s = state[0];
  for (let j = 0; j < n; j++) {
    // 1. Mulberry32, with its state in a local integer
    s = (s + MULBERRY32_STEP) | 0;
    const hz = mulberry32Mix(s);
    // 2. the layer from the low 7 bits; inside its rectangle, the value is hz·w_i
    const i = hz & (ZIGGURAT_LAYERS - 1);
    if (Math.abs(hz) < zigK[i]) {
      out[j] = hz * zigW[i];
    } else {
      state[0] = s;
      out[j] = zigguratSlow(hz, i, state);
      s = state[0];
    }
  }
  state[0] = s;
  return out;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`number of draws must be a non-negative integer, got ${n}`);
}

/** The density of one pixel of x_t given x_0 (eq. 4): mean √ᾱ_t x_0, variance 1 − ᾱ_t; t ∈ [0, T]. */
export function pixelDensity(x0: number, t: number, s: Schedule): Moments {
  const alphaBar = alphaBarAt(s, t);
  return { mean: Math.sqrt(alphaBar) * x0, variance: 1 - alphaBar };
}

/**
 * n independent draws of one pixel of x_t ~ q(x_t|x_0) in closed form (eq. 4):
 * x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, ε ~ N(0, 1). At t = 0 every draw equals x_0.
 */
export function drawPixelClosedForm(x0: number, t: number, s: Schedule, n: number, seed: number): Float32Array {
  checkCount(n);
  const { mean, variance } = pixelDensity(x0, t, s);
  const out = new Float32Array(n);
  if (t === 0) return out.fill(x0);
  const sd = Math.sqrt(variance);
  const eps = fillStandardNormal(new Float64Array(n), normalState(seed));
  for (let j = 0; j < n; j++) out[j] = mean + sd * eps[j];
  return out;
}

/**
 * n independent draws of one pixel of x_t by running the forward chain (eq. 2) step by step:
 * x_k = √(1 − β_k) x_{k−1} + √β_k z_k, z_k ~ N(0, 1), for k = 1 … t, starting from x_0.
 * Its law equals eq. 4; this is the slow way the closed form short-cuts. Cost O(n·t).
 * Steps run in the outer loop and draws in the inner one, over a float64 state of n values.
 */
export function drawPixelChain(x0: number, t: number, s: Schedule, n: number, seed: number): Float32Array {
  checkCount(n);
  validateTimestep(s, t, 0);
  const state = new Float64Array(n).fill(x0);
  const rng = normalState(seed);
  const z = new Float64Array(n);
  const betas = s.betas;
  for (let k = 1; k <= t; k++) {
    // 1. coefficients of q(x_k|x_{k−1}) (eq. 2)
    const beta = betas[k - 1];
    const keep = Math.sqrt(1 - beta);
    const noise = Math.sqrt(beta);
    // 2. fresh noise z_k ~ N(0, 1) and one step for every draw
    fillStandardNormal(z, rng);
    for (let j = 0; j < n; j++) state[j] = keep * state[j] + noise * z[j];
  }
  return Float32Array.from(state);
}

/** Sample mean and unbiased sample variance (0 for fewer than two values). */
export function sampleMoments(values: ArrayLike<number>): Moments {
  const n = values.length;
  if (n === 0) return { mean: NaN, variance: NaN };
  let sum = 0;
  for (let j = 0; j < n; j++) sum += values[j];
  const mean = sum / n;
  let squares = 0;
  for (let j = 0; j < n; j++) {
    const d = values[j] - mean;
    squares += d * d;
  }
  return { mean, variance: n > 1 ? squares / (n - 1) : 0 };
}

/** Counts of a histogram with equal bins on [lo, hi]. */
export interface Histogram {
  lo: number;
  hi: number;
  binWidth: number;
  /** counts[i]: values in [lo + i·w, lo + (i+1)·w); the last bin also holds hi itself. */
  counts: Uint32Array;
  /** counts[i] / (total · w): a density, so Σ density·w is the fraction of values inside [lo, hi]. */
  density: Float64Array;
  /** number of values inside [lo, hi] */
  inside: number;
  /** number of values outside [lo, hi] (NaN counts as outside) */
  outside: number;
  /** number of values */
  total: number;
}

/** Histogram of `values` in `bins` equal bins on [lo, hi], with density-normalised heights. */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): Histogram {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new RangeError(`histogram range must be finite with lo < hi, got [${lo}, ${hi}]`);
  }
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const binWidth = (hi - lo) / bins;
  const counts = new Uint32Array(bins);
  const total = values.length;
  let inside = 0;
  for (let j = 0; j < total; j++) {
    const v = values[j];
    if (!(v >= lo && v <= hi)) continue; // outside, or NaN
    const bin = Math.min(Math.floor((v - lo) / binWidth), bins - 1);
    counts[bin]++;
    inside++;
  }
  const density = new Float64Array(bins);
  if (total > 0) for (let i = 0; i < bins; i++) density[i] = counts[i] / (total * binWidth);
  return { lo, hi, binWidth, counts, density, inside, outside: total - inside, total };
}
