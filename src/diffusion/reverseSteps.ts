/**
 * The arithmetic of the reverse chain that needs no tensors: which timesteps a run visits, and the σ
 * and coefficients of each step, for DDPM (Algorithm 2) and DDIM (Song et al. 2021). The tensor steps
 * (sampler.ts), the worker's chain, the command-line sampler and the sampling panel all take them from
 * here. Pure: no tfjs.
 */
import { sigmaSquared, type SigmaKind } from './bound';
import { alphaBarAt, type Schedule } from './schedule';

/** How the reverse chain is sampled. */
export type SamplerSpec = (
  | { kind: 'ddpm'; /** σ_t² = β_t or β̃_t (Algorithm 2) */ sigma: SigmaKind }
  | { kind: 'ddim'; /** 0 = deterministic … 1 = DDPM-like */ eta: number; /** network evaluations, 1 … T */ steps: number }
) & { /** clip x̂_0 to [−1, 1] and step from μ̃_t(x_t, clip(x̂_0)) (the paper's code); off when absent */ clip?: boolean };

/**
 * k timesteps for DDIM, evenly spaced from T down: τ_j = T − ⌊j T / k⌋, j = 0 … k − 1.
 * Descending, distinct, first = T, last ≥ 1; the step after the last goes to t = 0.
 */
export function ddimTimesteps(T: number, k: number): number[] {
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`T must be a positive integer, got ${T}`);
  if (!Number.isInteger(k) || k < 1 || k > T) {
    throw new RangeError(`number of DDIM steps must be an integer from 1 to ${T}, got ${k}`);
  }
  const steps: number[] = [];
  for (let j = 0; j < k; j++) steps.push(T - Math.floor((j * T) / k));
  return steps;
}

/** Network evaluations a run from timestep `start` takes: every t for DDPM; DDIM's steps, 1 … start. */
export function plannedNfe(sampler: SamplerSpec, start: number): number {
  return sampler.kind === 'ddpm' ? start : Math.min(Math.max(1, Math.round(sampler.steps)), start);
}

/** The timesteps a run visits, from its start down to 0 (DDPM: every one; DDIM: its sub-sequence, then 0). */
export function chainTimesteps(start: number, sampler: SamplerSpec): number[] {
  if (sampler.kind === 'ddpm') return Array.from({ length: start + 1 }, (_, i) => start - i);
  return [...ddimTimesteps(start, plannedNfe(sampler, start)), 0];
}

/** σ of a DDIM step from t to tPrev: η √((1 − ᾱ_{t'})/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_{t'}) (Song et al. eq. 16). */
export function ddimSigma(s: Schedule, t: number, tPrev: number, eta: number): number {
  const alphaBar = alphaBarAt(s, t);
  const alphaBarPrev = alphaBarAt(s, tPrev);
  return eta * Math.sqrt((1 - alphaBarPrev) / (1 - alphaBar)) * Math.sqrt(1 - alphaBar / alphaBarPrev);
}

/**
 * The σ a step from t to tPrev applies to its z: DDPM √σ_t² (β_t or β̃_t), and 0 on the last step
 * (Algorithm 2 sets z = 0 at t = 1); DDIM σ of eq. 16, which is 0 at tPrev = 0 and for η = 0.
 */
export function stepSigma(s: Schedule, sampler: SamplerSpec, t: number, tPrev: number): number {
  if (sampler.kind === 'ddim') return ddimSigma(s, t, tPrev, sampler.eta);
  return tPrev === 0 ? 0 : Math.sqrt(sigmaSquared(s, t, sampler.sigma));
}

/** Algorithm 2's coefficients at t: 1/√α_t, (1 − α_t)/√(1 − ᾱ_t), and the step's σ (stepSigma). */
export interface StepCoefficients {
  recipSqrtAlpha: number;
  epsCoef: number;
  sigma: number;
}

/** The coefficients of the step from t to tPrev, as the sampling panel shows them. */
export function stepCoefficients(s: Schedule, sampler: SamplerSpec, t: number, tPrev: number): StepCoefficients {
  return { recipSqrtAlpha: s.sqrtRecipAlphas[t - 1], epsCoef: s.epsCoef[t - 1], sigma: stepSigma(s, sampler, t, tPrev) };
}
