/**
 * Terms of the variational bound L = L_T + Σ_{t>1} L_{t−1} + L_0 (eqs. 5, 12, 22) on plain numbers (no tfjs).
 * All values are in nats unless said otherwise.
 */
import type { Schedule } from './schedule';
import { validateTimestep } from './schedule';

/** The reverse-process variances of §3.2: σ_t² = β_t and σ_t² = β̃_t. */
export const SIGMA_KINDS = ['beta', 'betaTilde'] as const;
/** Reverse-process variance choice (one of SIGMA_KINDS). */
export type SigmaKind = (typeof SIGMA_KINDS)[number];

/** Number of dimensions of one MNIST image (28 × 28). */
export const MNIST_DIM = 784;

/** σ_t² of p_θ(x_{t−1}|x_t) = N(μ_θ, σ_t² I) (§3.2): β_t, or β̃_t of eq. 7. */
export function sigmaSquared(s: Schedule, t: number, kind: SigmaKind): number {
  validateTimestep(s, t);
  return kind === 'beta' ? s.betas[t - 1] : s.posteriorVariance[t - 1];
}

/**
 * Weight of ‖ε − ε_θ‖² in L_{t−1} (eq. 12): λ_t = β_t² / (2σ_t² α_t (1 − ᾱ_t)).
 * At t = 1 with σ_t² = β̃_1 = 0 the weight is infinite (returns Infinity): the Gaussian KL is
 * undefined there, and the bound uses the decoder term L_0 = −log p_θ(x_0|x_1) (eq. 13) instead.
 */
export function lossWeight(s: Schedule, t: number, kind: SigmaKind): number {
  const sigma2 = sigmaSquared(s, t, kind);
  if (sigma2 === 0) return Infinity;
  const i = t - 1;
  const beta = s.betas[i];
  return (beta * beta) / (2 * sigma2 * s.alphas[i] * (1 - s.alphaBars[i]));
}

/**
 * The constant C of eq. 8/12, the part of D_KL(N(μ̃, β̃_t I) ‖ N(μ_θ, σ_t² I)) that does not depend on θ:
 * C = (D/2)(ln(σ_t²/β̃_t) + β̃_t/σ_t² − 1), which is 0 for σ_t² = β̃_t. Defined for t ≥ 2.
 */
export function klConstant(s: Schedule, t: number, kind: SigmaKind, D = MNIST_DIM): number {
  validateTimestep(s, t);
  if (t < 2) throw new RangeError(`klConstant is defined for t ≥ 2 (t = 1 is the decoder term L_0), got ${t}`);
  if (kind === 'betaTilde') return 0;
  const sigma2 = s.betas[t - 1];
  const betaTilde = s.posteriorVariance[t - 1];
  return (D / 2) * (Math.log(sigma2 / betaTilde) + betaTilde / sigma2 - 1);
}

/**
 * KL divergence between two 1-D Gaussians in nats:
 * D_KL(N(μ₁, v₁) ‖ N(μ₂, v₂)) = ½ (ln(v₂/v₁) + (v₁ + (μ₁ − μ₂)²)/v₂ − 1).
 */
export function klGaussian(mu1: number, var1: number, mu2: number, var2: number): number {
  const d = mu1 - mu2;
  return 0.5 * (Math.log(var2 / var1) + (var1 + d * d) / var2 - 1);
}

/**
 * The prior term L_T = D_KL(q(x_T|x_0) ‖ N(0, I)) (eq. 5/22) in nats, summed over the pixels of x_0:
 * with q(x_T|x_0) = N(√ᾱ_T x_0, (1 − ᾱ_T) I) (eq. 4),
 * L_T = ½ Σ_k (ᾱ_T x_{0,k}² + (1 − ᾱ_T) − ln(1 − ᾱ_T) − 1).
 */
export function priorKL(x0: Float32Array, s: Schedule): number {
  const alphaBarT = s.alphaBars[s.T - 1];
  const variance = 1 - alphaBarT;
  const perPixelConstant = variance - Math.log(variance) - 1;
  let sumSquares = 0;
  for (let k = 0; k < x0.length; k++) sumSquares += x0[k] * x0[k];
  return 0.5 * (alphaBarT * sumSquares + x0.length * perPixelConstant);
}

/** Converts nats per image to bits per dimension: nats / (D ln 2). */
export function natsToBitsPerDim(nats: number, D = MNIST_DIM): number {
  return nats / (D * Math.LN2);
}
