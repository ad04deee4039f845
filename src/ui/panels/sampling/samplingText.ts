/**
 * Pure helpers of the sampling panel: the texts about network evaluations and timing, the size of the
 * next batch of steps, the filmstrip's positions and the live coefficients. No React, no tfjs.
 */
import type { SamplerSpec } from '../../../engine/protocol';
import { DDIM_MIN_STEPS, DEFAULT_STATE, type HashState } from '../../../state/hash';
import { plannedNfe } from '../../../diffusion/reverseSteps';

export { DDIM_MIN_STEPS };

/** The allowed DDIM step counts for a schedule of T steps: 10 … T (or T … T when T < 10). */
export function ddimStepsRange(T: number): { min: number; max: number } {
  return { min: Math.min(DDIM_MIN_STEPS, T), max: T };
}

/** Clamp a typed DDIM step count to the allowed range (NaN → the minimum). */
export function clampDdimSteps(steps: number, T: number): number {
  const { min, max } = ddimStepsRange(T);
  if (!Number.isFinite(steps)) return min;
  return Math.min(max, Math.max(min, Math.round(steps)));
}

/** Clamp η to [0, 1] (NaN → 0). */
export function clampEta(eta: number): number {
  if (!Number.isFinite(eta)) return 0;
  return Math.min(1, Math.max(0, eta));
}

/** "1 network evaluation" / "1,000 network evaluations". */
export function evaluationsText(nfe: number): string {
  return `${nfe.toLocaleString('en-US')} network evaluation${nfe === 1 ? '' : 's'}`;
}

/** Short name of a sampler, e.g. "DDPM, σₜ² = β̃ₜ" or "DDIM, 50 steps, η = 0". */
export function samplerName(s: SamplerSpec): string {
  if (s.kind === 'ddpm') return `DDPM, σₜ² = ${s.sigma === 'beta' ? 'βₜ' : 'β̃ₜ'}`;
  return `DDIM, ${s.steps.toLocaleString('en-US')} step${s.steps === 1 ? '' : 's'}, η = ${formatEta(s.eta)}`;
}

/** η with up to two decimals and no trailing zeros: 0, 0.5, 0.25, 1. */
export function formatEta(eta: number): string {
  return String(Math.round(eta * 100) / 100);
}

/**
 * What a run from pure noise with this sampler costs, before it starts: one network evaluation per
 * step, T for DDPM (Algorithm 2) and the sub-sequence's length for DDIM.
 */
export function plannedCostText(s: SamplerSpec, T: number): string {
  const nfe = plannedNfe(s, T);
  if (s.kind === 'ddpm') return `A DDPM run from x_T takes ${evaluationsText(nfe)}: one per step, t = ${T} … 1.`;
  const ratio = T / nfe;
  const fewer = nfe < T ? `, ${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}× fewer than DDPM’s ${T.toLocaleString('en-US')}` : ', as many as DDPM';
  return `A DDIM run of ${nfe.toLocaleString('en-US')} steps takes ${evaluationsText(nfe)}${fewer}.`;
}

/** 0.8 ms, 12 ms, 1.3 s, 2 min 5 s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The timing sentence of a run: steps done, worker time (sum of the frames' ms) and wall time. */
export function timingText(stepsDone: number, nfe: number, workerMs: number, wallMs: number): string {
  const steps = `${stepsDone.toLocaleString('en-US')} of ${evaluationsText(nfe)}`;
  if (stepsDone === 0) return `${steps} done.`;
  return `${steps} done: ${formatDuration(workerMs)} in the worker (${formatDuration(workerMs / stepsDone)} per step), ${formatDuration(wallMs)} wall time.`;
}

/** About `frames` evenly spaced positions out of 0 … length − 1, always including both ends. */
export function filmstripPositions(length: number, frames = 10): number[] {
  if (length <= 0) return [];
  if (length <= frames) return Array.from({ length }, (_, p) => p);
  const out: number[] = [];
  for (let k = 0; k < frames; k++) {
    const p = Math.round((k * (length - 1)) / (frames - 1));
    if (out[out.length - 1] !== p) out.push(p);
  }
  return out;
}

/** A coefficient for the live equation: 4 significant digits, plain decimals (no exponent for KaTeX). */
export function formatCoef(v: number): string {
  if (!Number.isFinite(v)) return '?';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const digits = Math.max(0, Math.min(8, 3 - Math.floor(Math.log10(a))));
  return v.toFixed(digits);
}

/** 2nd, 3rd, 4th, 11th, 21st … */
export function ordinal(k: number): string {
  const tens = k % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[k % 10] ?? 'th';
  return `${k.toLocaleString('en-US')}${suffix}`;
}

/** The note shown when a long run keeps only some steps. */
export function thinningText(stride: number): string {
  return stride > 1 ? `To stay within memory, every ${ordinal(stride)} step is kept (plus the newest and the last).` : '';
}

/** A uniformly random unsigned 32-bit seed. */
export function randomSeed(rand: () => number = Math.random): number {
  return Math.floor(rand() * 0x1_0000_0000) >>> 0;
}

/** The sampler settings as the panel holds them (both samplers' values are kept while switching). */
export interface SamplerChoice {
  kind: 'ddpm' | 'ddim';
  /** DDPM's σ_t²: β_t or β̃_t */
  sigma: 'beta' | 'betaTilde';
  /** DDIM's η ∈ [0, 1] */
  eta: number;
  /** DDIM's number of steps, 10 … T */
  steps: number;
  /** clip x̂_0 to [−1, 1] in every step */
  clip: boolean;
}

/** The sampler kept in the link's state. */
export function samplerChoiceOf(s: Pick<HashState, 'sampler' | 'sigma' | 'eta' | 'steps' | 'clip'>): SamplerChoice {
  return { kind: s.sampler, sigma: s.sigma, eta: s.eta, steps: s.steps, clip: s.clip };
}

/** The link-state fields of a sampler choice. */
export function samplerPatch(c: SamplerChoice): Pick<HashState, 'sampler' | 'sigma' | 'eta' | 'steps' | 'clip'> {
  return { sampler: c.kind, sigma: c.sigma, eta: c.eta, steps: c.steps, clip: c.clip };
}

/** Defaults: Algorithm 2 with σ_t² = β_t, as in the paper's experiments; DDIM η = 0 with 50 steps. */
export const DEFAULT_SAMPLER_CHOICE: SamplerChoice = samplerChoiceOf(DEFAULT_STATE);

/** The request's sampler for these settings, with η and the step count clamped for this T. */
export function toSamplerSpec(c: SamplerChoice, T: number): SamplerSpec {
  if (c.kind === 'ddpm') return { kind: 'ddpm', sigma: c.sigma, clip: c.clip };
  return { kind: 'ddim', eta: clampEta(c.eta), steps: clampDdimSteps(c.steps, T), clip: c.clip };
}
