import * as tf from '@tensorflow/tfjs';
import { natsToBitsPerDim, priorKL, sigmaSquared, type SigmaKind } from '../diffusion/bound';
import { qSample } from '../diffusion/forwardOps';
import { discretizedGaussianNLL, perExampleSquaredError, weightedLoss } from '../diffusion/loss';
import { predictMeanFromEps } from '../diffusion/posterior';
import type { Schedule } from '../diffusion/schedule';
import { mulberry32 } from '../diffusion/rng';
import type { Denoiser } from '../model';
import type { DeviceData } from './deviceData';
import { nextTask } from './jobs';
import type { BoundEstimate, LtEstimate } from './protocol';

/** Held-out digits per estimate and per batch. */
export const ESTIMATE_EXAMPLES = 256;
const BATCH = 64;

/**
 * The decoder's variance σ_1² in L_0 (eq. 13): σ_1² itself when σ² = β_t, and β_1 when σ² = β̃_t
 * (β̃_1 = 0 would make the decoder a point mass). Named beside every L_0 the panel shows.
 */
export function decoderVariance(s: Schedule, kind: SigmaKind): number {
  const v = sigmaSquared(s, 1, kind);
  return v > 0 ? v : s.betas[0];
}

interface Term {
  /** per-example values in nats */
  nats: Float32Array;
  /** per-example ‖ε − ε_θ‖² */
  sqErr: Float32Array;
}

/**
 * Monte Carlo of one term over n held-out digits, starting at digit `first` (wrapping around):
 * L_{t−1} (eq. 12) for t ≥ 2, or the decoder term L_0 = −log p_θ(x_0|x_1) (eq. 13) for t = 1.
 * `t` is one timestep for all, or one per example (an array of n, all ≥ 2). Fresh ε per example, seeded.
 */
export async function termAt(
  model: Denoiser, weights: tf.Tensor[] | undefined, s: Schedule, data: DeviceData,
  t: number | Int32Array, kind: SigmaKind, n: number, seed: number, first = 0, superseded?: () => boolean,
): Promise<Term> {
  const nats = new Float32Array(n);
  const sqErr = new Float32Array(n);
  const heldOut = data.heldOut.shape[0];
  for (let i0 = 0; i0 < n; i0 += BATCH) {
    if (superseded) {
      // let a newer request arrive (a batch runs in one task on the CPU backends), then give way to it
      await nextTask();
      if (superseded()) throw new Superseded();
    }
    const b = Math.min(BATCH, n - i0);
    const ts = typeof t === 'number' ? Int32Array.from({ length: b }, () => t) : t.subarray(i0, i0 + b);
    const [value, err] = tf.tidy(() => {
      const indices = Int32Array.from({ length: b }, (_, k) => (first + i0 + k) % heldOut);
      const x0 = tf.gather(data.heldOut, tf.tensor1d(indices, 'int32'));
      const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', seed + i0);
      const xt = qSample(x0, ts, eps, s) as tf.Tensor4D;
      const pred = model.apply(xt, tf.tensor1d(Float32Array.from(ts)), weights);
      const e = perExampleSquaredError(eps, pred);
      if (t !== 1) return [weightedLoss(eps, pred, ts, s, kind), e];
      const mean = predictMeanFromEps(xt, pred, 1, s);
      return [discretizedGaussianNLL(x0, mean, decoderVariance(s, kind)), e];
    });
    const [v, e] = await Promise.all([value.data(), err.data()]);
    tf.dispose([value, err]);
    nats.set(v, i0);
    sqErr.set(e, i0);
  }
  return { nats, sqErr };
}

/** Sample mean and its standard error, √(s²/n). */
export function meanAndSE(values: ArrayLike<number>): [number, number] {
  const n = values.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i];
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - m) ** 2;
  return [m, n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN];
}

/** Why an estimate was dropped: a newer one was asked for before it finished. */
export class Superseded extends Error {
  constructor() {
    super('superseded by a newer estimate, or cancelled');
    this.name = 'Superseded';
  }
}

/**
 * L_{t−1} at t with its standard error (t = 1: L_0). `superseded`, when given, is asked before each
 * batch; once it says yes the estimate stops with Superseded.
 */
export async function estimateLt(
  model: Denoiser, weights: tf.Tensor[] | undefined, s: Schedule, data: DeviceData, t: number, kind: SigmaKind, superseded?: () => boolean,
): Promise<LtEstimate> {
  if (!Number.isInteger(t) || t < 1 || t > s.T) throw new RangeError(`t must be 1 … ${s.T}, got ${t}`);
  const term = await termAt(model, weights, s, data, t, kind, ESTIMATE_EXAMPLES, 1234 + t, 0, superseded);
  const [sqErr, sqErrSE] = meanAndSE(term.sqErr);
  const [nats, natsSE] = meanAndSE(term.nats);
  return { n: ESTIMATE_EXAMPLES, sqErr, sqErrSE, nats, natsSE, bitsPerDim: natsToBitsPerDim(nats), bitsPerDimSE: natsToBitsPerDim(natsSE) };
}

/**
 * The K strata of the timesteps 2 … T for Σ_{t=2}^{T} L_{t−1}: stratum j holds t ∈ [lo_j, hi_j), as
 * even as whole numbers allow.
 */
export function boundStrata(T: number, strata: number): { lo: number; hi: number }[] {
  const k = Math.max(1, Math.min(strata, T - 1));
  return Array.from({ length: k }, (_, j) => ({
    lo: 2 + Math.floor((j * (T - 1)) / k),
    hi: 2 + Math.floor(((j + 1) * (T - 1)) / k),
  }));
}

/**
 * The whole bound L_T + Σ_{t=2}^{T} L_{t−1} + L_0 (eq. 5) in bits/dim, with standard errors:
 * - L_T in closed form (priorKL), averaged over all held-out digits;
 * - Σ L_{t−1} by stratified Monte Carlo: in stratum [lo, hi) each of n draws takes its own
 *   t ~ Uniform{lo … hi−1}, a held-out digit and ε, so (hi − lo) × the stratum's mean is unbiased
 *   for the stratum's sum, with variance (hi − lo)² s²/n (one fixed t per stratum would be biased);
 * - L_0 (eq. 13) by plain Monte Carlo over n digits, with the decoder variance of decoderVariance.
 * Successive strata use successive held-out digits, so an estimate sees up to strata × n of them.
 * `run` runs each piece (under the engine's lock, so training interleaves) and may throw to cancel.
 */
export async function estimateBound(
  model: Denoiser, weights: tf.Tensor[] | undefined, s: Schedule, data: DeviceData, kind: SigmaKind,
  opts: { strata: number; n: number; seed?: number; run: <R>(fn: () => Promise<R>) => Promise<R>; onProgress: (f: number) => void },
): Promise<BoundEstimate> {
  const { n } = opts;
  const seed = opts.seed ?? 99;
  const heldOut = data.heldOut.shape[0];
  // 1. L_T: D_KL(q(x_T|x_0) ‖ N(0, I)), closed form per digit
  const pixels = await data.heldOut.data();
  let lt = 0;
  for (let i = 0; i < heldOut; i++) lt += priorKL(pixels.subarray(i * 784, (i + 1) * 784) as Float32Array, s);
  lt /= heldOut;
  // 2. Σ_{t≥2} L_{t−1}, stratified, with t drawn uniformly inside each stratum
  const strata = boundStrata(s.T, opts.strata);
  const random = mulberry32(seed);
  let sum = 0;
  let sumVariance = 0;
  for (const [j, { lo, hi }] of strata.entries()) {
    const ts = Int32Array.from({ length: n }, () => lo + Math.min(hi - lo - 1, Math.floor(random() * (hi - lo))));
    const term = await opts.run(() => termAt(model, weights, s, data, ts, kind, n, seed + 7919 * (j + 1), (j * n) % heldOut));
    const [mean, se] = meanAndSE(term.nats);
    sum += mean * (hi - lo);
    sumVariance += (se * (hi - lo)) ** 2;
    opts.onProgress((j + 1) / (strata.length + 1));
  }
  // 3. L_0 (eq. 13)
  const l0Term = await opts.run(() => termAt(model, weights, s, data, 1, kind, n, seed + 7, (strata.length * n) % heldOut));
  const [l0, l0SE] = meanAndSE(l0Term.nats);
  opts.onProgress(1);
  const bits = natsToBitsPerDim;
  return {
    LT: bits(lt),
    sumLt: bits(sum),
    sumLtSE: bits(Math.sqrt(sumVariance)),
    L0: bits(l0),
    L0SE: bits(l0SE),
    total: bits(lt + sum + l0),
    totalSE: bits(Math.sqrt(sumVariance + l0SE * l0SE)),
    sigma: kind,
    decoderVariance: decoderVariance(s, kind),
    strata: strata.length,
    n,
  };
}
