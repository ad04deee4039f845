/**
 * The noise schedule of DDPM (Ho et al. 2020, §2 and §4) and every per-timestep constant derived from it.
 *
 * Pure TypeScript (no tfjs), so the UI can import it directly.
 *
 * Index convention (the notes' `torch.linspace(0.0001, 0.02, T)`): every array has length T and
 * index i holds timestep t = i + 1. The paper's t runs 1 … T; t = 0 means x_0 itself, with ᾱ_0 := 1.
 * All values are computed in float64 and stored as Float32Array.
 */

/** The β schedules: the paper's linear one, and the cosine one of Nichol & Dhariwal (2021). */
export const SCHEDULE_KINDS = ['linear', 'cosine'] as const;
/** Which β schedule (one of SCHEDULE_KINDS). */
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** Configuration of a schedule. */
export interface ScheduleConfig {
  /** 'linear' (the paper's default) or 'cosine'. */
  kind: ScheduleKind;
  /** Number of diffusion steps T (the paper uses 1000). */
  T: number;
  /** β_1 of the linear schedule; default 1e−4 · 1000/T (see linearEndpoints). Ignored by the cosine schedule. */
  betaStart?: number;
  /** β_T of the linear schedule; default 0.02 · 1000/T (see linearEndpoints). Ignored by the cosine schedule. */
  betaEnd?: number;
}

/** Smallest allowed number of steps T. */
export const T_MIN = 2;
/** Largest allowed number of steps T. */
export const T_MAX = 4000;

/** β_1 of the linear schedule at T = 1000 (Ho et al. §4). */
export const BETA_START_DEFAULT = 1e-4;
/** β_T of the linear schedule at T = 1000 (Ho et al. §4). */
export const BETA_END_DEFAULT = 0.02;
/** The T at which the linear schedule's endpoints are the paper's; other T scale them by this/T. */
export const LINEAR_REFERENCE_T = 1000;
/** Largest β_t of either schedule: a step of the forward chain never destroys the signal entirely. */
export const MAX_BETA = 0.999;
/** Offset s of the cosine schedule (Nichol & Dhariwal 2021, eq. 17). */
export const COSINE_S = 0.008;
/** Upper clip of β_t in the cosine schedule, to avoid a singularity near t = T. */
export const COSINE_MAX_BETA = MAX_BETA;

/** All per-timestep constants; each array has length T, index i ↔ timestep t = i + 1. */
export interface Schedule {
  kind: ScheduleKind;
  T: number;
  /** β_t, the forward-process variance (eq. 2). */
  betas: Float32Array;
  /** α_t = 1 − β_t. */
  alphas: Float32Array;
  /** ᾱ_t = ∏_{s≤t} α_s (eq. 4). */
  alphaBars: Float32Array;
  /** ᾱ_{t−1}, with ᾱ_0 = 1. */
  alphaBarsPrev: Float32Array;
  /** √ᾱ_t, scale of x_0 in q(x_t|x_0) (eq. 4). */
  sqrtAlphaBars: Float32Array;
  /** √(1 − ᾱ_t), scale of ε in q(x_t|x_0) (eq. 4). */
  sqrtOneMinusAlphaBars: Float32Array;
  /** 1/√α_t (eq. 11, Algorithm 2). */
  sqrtRecipAlphas: Float32Array;
  /** (1 − α_t)/√(1 − ᾱ_t), the coefficient of ε_θ in Algorithm 2 (eq. 11). */
  epsCoef: Float32Array;
  /** β̃_t = (1 − ᾱ_{t−1})/(1 − ᾱ_t) · β_t (eq. 7); 0 at t = 1. */
  posteriorVariance: Float32Array;
  /** √ᾱ_{t−1} β_t/(1 − ᾱ_t), the coefficient of x_0 in μ̃_t (eq. 7). */
  posteriorMeanCoef1: Float32Array;
  /** √α_t (1 − ᾱ_{t−1})/(1 − ᾱ_t), the coefficient of x_t in μ̃_t (eq. 7). */
  posteriorMeanCoef2: Float32Array;
  /** SNR(t) = ᾱ_t/(1 − ᾱ_t). */
  snr: Float32Array;
  /** ln SNR(t). */
  logSnr: Float32Array;
}

/** Plain numbers for one timestep t (for UI readouts). */
export interface ScheduleValues {
  t: number;
  beta: number;
  alpha: number;
  alphaBar: number;
  alphaBarPrev: number;
  posteriorVariance: number;
  posteriorMeanCoef1: number;
  posteriorMeanCoef2: number;
  snr: number;
  sqrtAlphaBar: number;
  sqrtOneMinusAlphaBar: number;
}

/** Throws a RangeError unless T is an integer in [T_MIN, T_MAX]. */
export function validateT(T: number): void {
  if (!Number.isInteger(T) || T < T_MIN || T > T_MAX) {
    throw new RangeError(`T must be an integer from ${T_MIN} to ${T_MAX}, got ${T}`);
  }
}

/** Throws a RangeError unless t is an integer timestep in [lo, s.T]. */
export function validateTimestep(s: { T: number }, t: number, lo = 1): void {
  if (!Number.isInteger(t) || t < lo || t > s.T) {
    throw new RangeError(`timestep t must be an integer from ${lo} to ${s.T}, got ${t}`);
  }
}

/** β_t = linspace(betaStart, betaEnd, T), computed like torch.linspace (β_1 = start, β_T = end exactly). */
export function linearBetas(T: number, betaStart: number, betaEnd: number): Float64Array {
  const betas = new Float64Array(T);
  const step = (betaEnd - betaStart) / (T - 1);
  const half = Math.floor(T / 2);
  for (let i = 0; i < T; i++) {
    // torch.linspace fills the first half from the start and the second half from the end.
    betas[i] = i < half ? betaStart + i * step : betaEnd - (T - 1 - i) * step;
  }
  return betas;
}

/**
 * The linear schedule's β_1 and β_T at T: both endpoints scale by 1000/T (the rule of the improved-DDPM
 * code), β_1 = 1e−4 · 1000/T and β_T = 0.02 · 1000/T, so that ᾱ_T ≈ 4e−5 whatever T is and x_T is noise
 * (unscaled, T = 50 would leave ᾱ_T = 0.60). At T = 1000 they are the paper's. For T < 50 the scaled β_T
 * would pass 1; both are clipped to MAX_BETA.
 */
export function linearEndpoints(T: number): { betaStart: number; betaEnd: number } {
  validateT(T);
  const scale = LINEAR_REFERENCE_T / T;
  return { betaStart: Math.min(BETA_START_DEFAULT * scale, MAX_BETA), betaEnd: Math.min(BETA_END_DEFAULT * scale, MAX_BETA) };
}

/**
 * Cosine β_t (Nichol & Dhariwal 2021, eq. 17): ᾱ_t = f(t)/f(0), f(t) = cos²(((t/T + s)/(1 + s))·π/2),
 * β_t = min(1 − ᾱ_t/ᾱ_{t−1}, 0.999).
 */
export function cosineBetas(T: number, s = COSINE_S): Float64Array {
  const f = (t: number): number => Math.cos(((t / T + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  const f0 = f(0);
  const betas = new Float64Array(T);
  for (let t = 1; t <= T; t++) {
    const alphaBar = f(t) / f0;
    const alphaBarPrev = f(t - 1) / f0;
    betas[t - 1] = Math.min(1 - alphaBar / alphaBarPrev, COSINE_MAX_BETA);
  }
  return betas;
}

/**
 * Builds the schedule: β_t, then α_t = 1 − β_t, ᾱ_t = ∏ α_s (eq. 4), β̃_t and the posterior
 * coefficients of μ̃_t (eq. 7), and the SNR. Throws RangeError on invalid configuration.
 */
export function makeSchedule(cfg: ScheduleConfig): Schedule {
  const { kind, T } = cfg;
  validateT(T);
  // 1. β_t (eq. 2), in float64
  let betas: Float64Array;
  if (kind === 'linear') {
    const scaled = linearEndpoints(T);
    const betaStart = cfg.betaStart ?? scaled.betaStart;
    const betaEnd = cfg.betaEnd ?? scaled.betaEnd;
    for (const [name, v] of [['betaStart', betaStart], ['betaEnd', betaEnd]] as const) {
      if (!(v > 0 && v < 1)) throw new RangeError(`${name} must be in (0, 1), got ${v}`);
    }
    if (betaStart > betaEnd) {
      throw new RangeError(`betaStart must be ≤ betaEnd, got betaStart ${betaStart} > betaEnd ${betaEnd}`);
    }
    betas = linearBetas(T, betaStart, betaEnd);
  } else if (kind === 'cosine') {
    betas = cosineBetas(T);
  } else {
    throw new RangeError(`schedule kind must be 'linear' or 'cosine', got ${String(kind)}`);
  }

  const out = {
    betas: new Float32Array(T), alphas: new Float32Array(T), alphaBars: new Float32Array(T),
    alphaBarsPrev: new Float32Array(T), sqrtAlphaBars: new Float32Array(T),
    sqrtOneMinusAlphaBars: new Float32Array(T), sqrtRecipAlphas: new Float32Array(T),
    epsCoef: new Float32Array(T), posteriorVariance: new Float32Array(T),
    posteriorMeanCoef1: new Float32Array(T), posteriorMeanCoef2: new Float32Array(T),
    snr: new Float32Array(T), logSnr: new Float32Array(T),
  };
  let alphaBarPrev = 1; // ᾱ_0 := 1
  for (let i = 0; i < T; i++) {
    const beta = betas[i];
    // 2. α_t = 1 − β_t and ᾱ_t = ᾱ_{t−1} α_t (eq. 4)
    const alpha = 1 - beta;
    const alphaBar = alphaBarPrev * alpha;
    const oneMinusAlphaBar = 1 - alphaBar;
    out.betas[i] = beta;
    out.alphas[i] = alpha;
    out.alphaBars[i] = alphaBar;
    out.alphaBarsPrev[i] = alphaBarPrev;
    out.sqrtAlphaBars[i] = Math.sqrt(alphaBar);
    out.sqrtOneMinusAlphaBars[i] = Math.sqrt(oneMinusAlphaBar);
    // 3. coefficients of Algorithm 2 / eq. 11
    out.sqrtRecipAlphas[i] = 1 / Math.sqrt(alpha);
    out.epsCoef[i] = beta / Math.sqrt(oneMinusAlphaBar);
    // 4. posterior q(x_{t−1}|x_t, x_0) = N(μ̃_t, β̃_t I) (eqs. 6, 7)
    out.posteriorVariance[i] = ((1 - alphaBarPrev) / oneMinusAlphaBar) * beta;
    out.posteriorMeanCoef1[i] = (Math.sqrt(alphaBarPrev) * beta) / oneMinusAlphaBar;
    out.posteriorMeanCoef2[i] = (Math.sqrt(alpha) * (1 - alphaBarPrev)) / oneMinusAlphaBar;
    // 5. signal-to-noise ratio
    const snr = alphaBar / oneMinusAlphaBar;
    out.snr[i] = snr;
    out.logSnr[i] = Math.log(snr);
    alphaBarPrev = alphaBar;
  }
  return { kind, T, ...out };
}

/** ᾱ_t for t ∈ [0, T], with ᾱ_0 = 1 (eq. 4). */
export function alphaBarAt(s: Schedule, t: number): number {
  validateTimestep(s, t, 0);
  return t === 0 ? 1 : s.alphaBars[t - 1];
}

/** Every constant at one timestep t ∈ [1, T], as plain numbers (index t − 1). */
export function scheduleAt(s: Schedule, t: number): ScheduleValues {
  validateTimestep(s, t);
  const i = t - 1;
  return {
    t,
    beta: s.betas[i],
    alpha: s.alphas[i],
    alphaBar: s.alphaBars[i],
    alphaBarPrev: s.alphaBarsPrev[i],
    posteriorVariance: s.posteriorVariance[i],
    posteriorMeanCoef1: s.posteriorMeanCoef1[i],
    posteriorMeanCoef2: s.posteriorMeanCoef2[i],
    snr: s.snr[i],
    sqrtAlphaBar: s.sqrtAlphaBars[i],
    sqrtOneMinusAlphaBar: s.sqrtOneMinusAlphaBars[i],
  };
}

/**
 * The timestep of `s` whose ᾱ_t is closest to `alphaBar` (0 when alphaBar ≥ 1, i.e. x_0 itself): the
 * same amount of noise in another schedule. ᾱ_t decreases strictly with t, so a binary search finds it.
 */
export function timestepWithAlphaBar(s: Schedule, alphaBar: number): number {
  if (alphaBar >= 1) return 0;
  let lo = 0;
  let hi = s.T - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.alphaBars[mid] > alphaBar) lo = mid + 1;
    else hi = mid;
  }
  // lo is the first index with ᾱ ≤ alphaBar; the one before may be closer
  if (lo > 0 && Math.abs(s.alphaBars[lo - 1] - alphaBar) < Math.abs(s.alphaBars[lo] - alphaBar)) lo -= 1;
  return lo + 1;
}

/** True when two schedules are the same (kind and T). */
export function sameSchedule(a: { kind: ScheduleKind; T: number }, b: { kind: ScheduleKind; T: number }): boolean {
  return a.kind === b.kind && a.T === b.T;
}

/**
 * The forward panel's timestep t (of `shown`) as a timestep of a model's schedule: t itself when the
 * schedules agree, otherwise the model's timestep with the same noise level ᾱ (at least 1 when t ≥ 1).
 */
export function modelTimestep(shown: Schedule, t: number, model: Schedule): number {
  if (sameSchedule(shown, model)) return t;
  if (t <= 0) return 0;
  return Math.max(1, timestepWithAlphaBar(model, alphaBarAt(shown, t)));
}
