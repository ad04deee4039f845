import * as tf from '@tensorflow/tfjs';
import { natsToBitsPerDim, priorKL, sigmaSquared, type SigmaKind } from '../diffusion/bound';
import { qSample } from '../diffusion/forwardOps';
import { discretizedGaussianNLL, perExampleSquaredError, weightedLoss } from '../diffusion/loss';
import { predictMeanFromEps } from '../diffusion/posterior';
import type { Schedule } from '../diffusion/schedule';
import type { Denoiser } from '../model';
import type { DeviceData } from './deviceData';
import type { BoundEstimate, LtEstimate } from './protocol';

/** Held-out digits per estimate and per batch. */
export const ESTIMATE_EXAMPLES = 256;
const BATCH = 64;
/** The decoder's variance at t = 1 when σ² = β̃ (β̃_1 = 0): use β_1, as for σ² = β. */
function decoderVariance(s: Schedule, kind: SigmaKind): number {
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
 * Monte Carlo of one term over held-out digits [i0, i0 + n): L_{t−1} (eq. 12) for t ≥ 2, or the
 * decoder term L_0 = −log p_θ(x_0|x_1) (eq. 13) for t = 1. Fresh ε per example, seeded.
 */
export async function termAt(
  model: Denoiser, weights: tf.Tensor[] | undefined, s: Schedule, data: DeviceData,
  t: number, kind: SigmaKind, n: number, seed: number,
): Promise<Term> {
  const nats = new Float32Array(n);
  const sqErr = new Float32Array(n);
  for (let i0 = 0; i0 < n; i0 += BATCH) {
    const b = Math.min(BATCH, n - i0);
    const [value, err] = tf.tidy(() => {
      const x0 = data.heldOutSlice(i0 % data.heldOut.shape[0], b);
      const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', seed + i0);
      const xt = qSample(x0, t, eps, s) as tf.Tensor4D;
      const pred = model.apply(xt, tf.fill([b], t), weights);
      const e = perExampleSquaredError(eps, pred);
      if (t >= 2) return [weightedLoss(eps, pred, t, s, kind), e];
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

function meanAndSE(values: Float32Array): [number, number] {
  const n = values.length;
  let m = 0;
  for (const v of values) m += v;
  m /= n;
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return [m, n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN];
}

/** L_{t−1} at t with its standard error (t = 1: L_0). */
export async function estimateLt(
  model: Denoiser, weights: tf.Tensor[] | undefined, s: Schedule, data: DeviceData, t: number, kind: SigmaKind,
): Promise<LtEstimate> {
  if (!Number.isInteger(t) || t < 1 || t > s.T) throw new RangeError(`t must be 1 … ${s.T}, got ${t}`);
  const term = await termAt(model, weights, s, data, t, kind, ESTIMATE_EXAMPLES, 1234 + t);
  const [sqErr, sqErrSE] = meanAndSE(term.sqErr);
  const [nats, natsSE] = meanAndSE(term.nats);
  return { n: ESTIMATE_EXAMPLES, sqErr, sqErrSE, nats, natsSE, bitsPerDim: natsToBitsPerDim(nats), bitsPerDimSE: natsToBitsPerDim(natsSE) };
}

/**
 * The whole bound L_T + Σ_{t=2}^{T} L_{t−1} + L_0 (eq. 5) in bits/dim: L_T in closed form, L_0 by
 * Monte Carlo, and the sum by stratified Monte Carlo over `strata` evenly spread timesteps (each
 * term scaled by the number of timesteps it stands for). `step` runs each piece (under the engine's
 * lock, so training interleaves) and may throw to cancel; `onProgress` gets the fraction done.
 */
export async function estimateBound(
  model: Denoiser, weights: tf.Tensor[] | undefined, s: Schedule, data: DeviceData, kind: SigmaKind,
  opts: { strata: number; n: number; run: <R>(fn: () => Promise<R>) => Promise<R>; onProgress: (f: number) => void },
): Promise<BoundEstimate> {
  const { n } = opts;
  // 1. L_T: D_KL(q(x_T|x_0) ‖ N(0, I)), closed form per digit
  let lt = 0;
  const clean = data.heldOutSlice(0, n);
  const pixels = await clean.data();
  clean.dispose();
  for (let i = 0; i < n; i++) lt += priorKL(pixels.subarray(i * 784, (i + 1) * 784) as Float32Array, s);
  lt /= n;
  // 2. Σ_{t≥2} L_{t−1}: stratum k covers timesteps (lo, hi]; its middle stands for hi − lo of them
  const k = Math.min(opts.strata, s.T - 1);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const lo = 2 + Math.floor((j * (s.T - 1)) / k);
    const hi = 2 + Math.floor(((j + 1) * (s.T - 1)) / k);
    const t = Math.floor((lo + hi - 1) / 2);
    const term = await opts.run(() => termAt(model, weights, s, data, t, kind, n, 99 + t));
    sum += meanAndSE(term.nats)[0] * (hi - lo);
    opts.onProgress((j + 1) / (k + 1));
  }
  // 3. L_0 (eq. 13)
  const l0 = meanAndSE((await opts.run(() => termAt(model, weights, s, data, 1, kind, n, 7))).nats)[0];
  opts.onProgress(1);
  const LT = natsToBitsPerDim(lt);
  const sumLt = natsToBitsPerDim(sum);
  const L0 = natsToBitsPerDim(l0);
  return { LT, sumLt, L0, total: LT + sumLt + L0 };
}
