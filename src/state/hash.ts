/**
 * The part of the app state a teacher would share, mirrored in the URL hash, e.g.
 * `#panel=forward&t=250&schedule=linear&T=1000`. Parsing never throws: unknown keys and malformed
 * or out-of-range values are dropped or clamped, each with a notice the page shows. Values are only
 * ever used as data (numbers and members of fixed lists), never inserted as HTML.
 */
import { decodeDrawing } from './drawing';
import { DEFAULT_GUIDANCE, GUIDANCE_MAX, GUIDANCE_STEP } from '../diffusion/guidance';

export const PANELS = ['forward', 'training', 'derivation', 'sampling'] as const;
export type Panel = (typeof PANELS)[number];
export const SCHEDULES = ['linear', 'cosine'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export const LANGS = ['en', 'ko'] as const;
export const MODELS = ['unet', 'mlp'] as const;
export const SIZES = ['default', 'tiny'] as const;
export const SAMPLERS = ['ddpm', 'ddim'] as const;
export const SIGMAS = ['beta', 'betaTilde'] as const;
export type Lang = (typeof LANGS)[number];
export type BackendChoice = (typeof BACKENDS)[number];

/** Fewest DDIM steps offered (or T, when T is smaller). */
export const DDIM_MIN_STEPS = 10;

/** Bounds of T, as makeSchedule accepts them. */
export const T_RANGE = { min: 2, max: 4000 } as const;
/** Largest seed kept (seeds are unsigned 32-bit). */
const SEED_MAX = 0xffffffff;

export interface HashState {
  panel: Panel;
  /** timestep shown by the forward and derivation panels, 0 … T */
  t: number;
  schedule: ScheduleName;
  T: number;
  /** dataset index of x_0, or 'drawn' for the user's drawing */
  digit: number | 'drawn';
  /** the user's drawing (encoded by state/drawing.ts) when digit is 'drawn' */
  drawing: string | null;
  /** seed of the fixed noise ε of the forward panel */
  seed: number;
  /** seed of x_T and of every z of the reverse-sampling panel */
  sampleSeed: number;
  /** a forced compute backend, or null for the automatic choice */
  backend: BackendChoice | null;
  /** the denoiser to train when no saved model is resumed */
  model: (typeof MODELS)[number];
  /** its size: 'tiny' for slow devices (and quick browser tests) */
  size: (typeof SIZES)[number];
  /** the reverse sampler: Algorithm 2 (DDPM) or DDIM */
  sampler: (typeof SAMPLERS)[number];
  /** DDPM's σ_t²: β_t or β̃_t */
  sigma: (typeof SIGMAS)[number];
  /** DDIM's η ∈ [0, 1] */
  eta: number;
  /** DDIM's number of steps, 10 … T */
  steps: number;
  /** clip x̂_0 to [−1, 1] in each sampling step (the paper's code, clip_denoised) */
  clip: boolean;
  /** the sample-quality meter (labels under samples, the quality chart); on unless meter=0 */
  meter: boolean;
  /** the digit a conditional model is asked to draw, or 'any' (its unconditional prediction) */
  digitClass: number | 'any';
  /** the guidance scale w of classifier-free guidance, 0 … GUIDANCE_MAX */
  w: number;
  /** train a model conditioned on the digit (for guidance) when no saved model is resumed */
  conditional: boolean;
  /** language of the prose (the mathematics is the same): English or Korean, as in the notes */
  lang: Lang;
  /** render only the named panel, for iframes in course notes */
  embed: boolean;
}

/** The defaults: the notes' linear schedule with T = 1000, t = 250 (the paper's example point). */
export const DEFAULT_STATE: HashState = {
  panel: 'forward',
  t: 250,
  schedule: 'linear',
  T: 1000,
  digit: 0,
  drawing: null,
  seed: 1,
  sampleSeed: 7,
  backend: null,
  model: 'unet',
  size: 'default',
  sampler: 'ddpm',
  sigma: 'beta',
  eta: 0,
  steps: 50,
  clip: true,
  meter: true,
  digitClass: 'any',
  w: DEFAULT_GUIDANCE,
  conditional: false,
  lang: 'en',
  embed: false,
};

export interface ParsedHash {
  /** only the keys that were present and usable */
  values: Partial<HashState>;
  /** one sentence per ignored or adjusted value */
  notices: string[];
}

const MAX_SHOWN = 40;
/** Quote a user-supplied value for a notice, shortened, as plain text. */
function shown(v: string): string {
  const s = v.length > MAX_SHOWN ? `${v.slice(0, MAX_SHOWN)}…` : v;
  return `“${s}”`;
}

/** A whole number written in digits (a huge one becomes ±Infinity, which the callers clamp); else null. */
function parseIntStrict(raw: string): number | null {
  if (!/^-?\d+$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/** A non-negative decimal such as 0.5 or 2 (at most 6 decimals); else null. */
function parseDecimal(raw: string): number | null {
  const n = /^\s*\d{0,3}(\.\d{1,6})?\s*$/.test(raw) && raw.trim() !== '' && raw.trim() !== '.' ? Number(raw) : NaN;
  return Number.isFinite(n) ? n : null;
}

function oneOf<T extends string>(list: readonly T[], raw: string): T | null {
  return (list as readonly string[]).includes(raw) ? (raw as T) : null;
}

/** Parse a location hash (with or without the leading '#'). */
export function parseHash(hash: string, digitCount = 10_000): ParsedHash {
  const values: Partial<HashState> = {};
  const notices: string[] = [];
  const rawOf: Record<string, string> = {};
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    return { values, notices: ['The link’s settings could not be read and were ignored.'] };
  }
  const intIn = (key: string, raw: string, min: number, max: number): number | null => {
    const n = parseIntStrict(raw);
    if (n === null) {
      notices.push(`Ignored ${key}=${shown(raw)}: not a whole number.`);
      return null;
    }
    if (n < min || n > max) {
      const c = Math.min(max, Math.max(min, n));
      notices.push(`${key}=${shown(raw)} is outside ${min}–${max}; using ${c}.`);
      return c;
    }
    return n;
  };
  for (const [key, raw] of params) {
    switch (key) {
      case 'panel': {
        const p = oneOf(PANELS, raw);
        if (p) values.panel = p;
        else notices.push(`Ignored panel=${shown(raw)}: the panels are ${PANELS.join(', ')}.`);
        break;
      }
      case 'schedule': {
        const s = oneOf(SCHEDULES, raw);
        if (s) values.schedule = s;
        else notices.push(`Ignored schedule=${shown(raw)}: use linear or cosine.`);
        break;
      }
      case 'backend': {
        const b = oneOf(BACKENDS, raw);
        if (b) values.backend = b;
        else notices.push(`Ignored backend=${shown(raw)}: use webgpu, webgl or cpu.`);
        break;
      }
      case 'T': {
        const n = intIn('T', raw, T_RANGE.min, T_RANGE.max);
        if (n !== null) values.T = n;
        break;
      }
      case 't': {
        // Checked against T once both are known (below); here only the form.
        const n = parseIntStrict(raw);
        if (n === null) notices.push(`Ignored t=${shown(raw)}: not a whole number.`);
        else {
          values.t = n;
          rawOf.t = raw;
        }
        break;
      }
      case 'digit': {
        if (raw === 'drawn') values.digit = 'drawn';
        else {
          const n = intIn('digit', raw, 0, digitCount - 1);
          if (n !== null) values.digit = n;
        }
        break;
      }
      case 'sampleSeed': {
        const n = intIn('sampleSeed', raw, 0, SEED_MAX);
        if (n !== null) values.sampleSeed = n;
        break;
      }
      case 'drawing': {
        if (decodeDrawing(raw)) values.drawing = raw;
        else notices.push('Ignored the drawing in the link: it is damaged or incomplete.');
        break;
      }
      case 'seed': {
        const n = intIn('seed', raw, 0, SEED_MAX);
        if (n !== null) values.seed = n;
        break;
      }
      case 'model': {
        const m = oneOf(MODELS, raw);
        if (m) values.model = m;
        else notices.push(`Ignored model=${shown(raw)}: use unet or mlp.`);
        break;
      }
      case 'size': {
        const z = oneOf(SIZES, raw);
        if (z) values.size = z;
        else notices.push(`Ignored size=${shown(raw)}: use default or tiny.`);
        break;
      }
      case 'lang': {
        const l = oneOf(LANGS, raw);
        if (l) values.lang = l;
        else notices.push(`Ignored lang=${shown(raw)}: use en or ko.`);
        break;
      }
      case 'sampler': {
        const k = oneOf(SAMPLERS, raw);
        if (k) values.sampler = k;
        else notices.push(`Ignored sampler=${shown(raw)}: use ddpm or ddim.`);
        break;
      }
      case 'sigma': {
        const k = oneOf(SIGMAS, raw);
        if (k) values.sigma = k;
        else notices.push(`Ignored sigma=${shown(raw)}: use beta or betaTilde.`);
        break;
      }
      case 'eta':
      case 'w': {
        const max = key === 'eta' ? 1 : GUIDANCE_MAX;
        const n = parseDecimal(raw);
        if (n === null) notices.push(`Ignored ${key}=${shown(raw)}: use a number from 0 to ${max}.`);
        else if (n > max) {
          notices.push(`${key}=${shown(raw)} is outside 0–${max}; using ${max}.`);
          values[key] = max;
        } else if (key === 'w' && n % GUIDANCE_STEP !== 0) {
          const r = Math.round(n / GUIDANCE_STEP) * GUIDANCE_STEP;
          notices.push(`w=${shown(raw)} is between the slider’s steps of ${GUIDANCE_STEP}; using ${r}.`);
          values.w = r;
        } else values[key] = n;
        break;
      }
      case 'class': {
        const n = raw === 'any' ? 'any' : /^\d$/.test(raw) ? Number(raw) : null;
        if (n === null) notices.push(`Ignored class=${shown(raw)}: use a digit 0–9 or any.`);
        else values.digitClass = n;
        break;
      }
      case 'cond': {
        if (raw === '0' || raw === '1') values.conditional = raw === '1';
        else notices.push(`Ignored cond=${shown(raw)}: use 0 or 1.`);
        break;
      }
      case 'clip':
      case 'meter': {
        if (raw === '0' || raw === '1') values[key] = raw === '1';
        else notices.push(`Ignored ${key}=${shown(raw)}: use 0 or 1.`);
        break;
      }
      case 'steps': {
        // Checked against T once both are known (below); here only the form.
        const n = parseIntStrict(raw);
        if (n === null) notices.push(`Ignored steps=${shown(raw)}: not a whole number.`);
        else {
          values.steps = n;
          rawOf.steps = raw;
        }
        break;
      }
      case 'embed':
        values.embed = raw === '1' || raw === 'true';
        break;
      default:
        notices.push(`Ignored the unknown setting ${shown(key)}.`);
    }
  }
  // A drawn digit needs its drawing.
  if (values.digit === 'drawn' && !values.drawing) {
    notices.push('The link asks for a drawn digit but carries no usable drawing; showing a dataset digit instead.');
    delete values.digit;
  }
  // t lives in 0 … T.
  if (values.t !== undefined) {
    const T = values.T ?? DEFAULT_STATE.T;
    if (values.t < 0 || values.t > T) {
      const c = Math.min(T, Math.max(0, values.t));
      notices.push(`t=${shown(rawOf.t)} is outside 0–${T}; using ${c}.`);
      values.t = c;
    }
  }
  // DDIM's steps live in 10 … T.
  if (values.steps !== undefined) {
    const T = values.T ?? DEFAULT_STATE.T;
    const min = Math.min(DDIM_MIN_STEPS, T);
    if (values.steps < min || values.steps > T) {
      const c = Math.min(T, Math.max(min, values.steps));
      notices.push(`steps=${shown(rawOf.steps)} is outside ${min}–${T}; using ${c}.`);
      values.steps = c;
    }
  }
  return { values, notices };
}

/**
 * The full state from parsed values: defaults fill the gaps, and a default t follows the link's T
 * (a quarter of the way, like t = 250 of T = 1000) so that t always lies in 0 … T.
 */
export function completeState(values: Partial<HashState>): HashState {
  const state = { ...DEFAULT_STATE, ...values };
  if (values.t === undefined) state.t = Math.round(state.T / 4);
  state.t = Math.min(state.T, Math.max(0, state.t));
  state.steps = Math.min(state.T, Math.max(Math.min(DDIM_MIN_STEPS, state.T), state.steps));
  return state;
}

/** The state as a hash, omitting nothing a shared link needs and nothing that is at its default-only role. */
export function encodeHash(s: HashState): string {
  const p = new URLSearchParams();
  p.set('panel', s.panel);
  p.set('t', String(s.t));
  p.set('schedule', s.schedule);
  p.set('T', String(s.T));
  p.set('digit', String(s.digit));
  if (s.digit === 'drawn' && s.drawing) p.set('drawing', s.drawing);
  p.set('seed', String(s.seed));
  p.set('sampleSeed', String(s.sampleSeed));
  if (s.backend) p.set('backend', s.backend);
  if (s.model !== DEFAULT_STATE.model) p.set('model', s.model);
  if (s.size !== DEFAULT_STATE.size) p.set('size', s.size);
  if (s.sampler !== DEFAULT_STATE.sampler) p.set('sampler', s.sampler);
  if (s.sigma !== DEFAULT_STATE.sigma) p.set('sigma', s.sigma);
  if (s.eta !== DEFAULT_STATE.eta) p.set('eta', String(s.eta));
  if (s.steps !== DEFAULT_STATE.steps) p.set('steps', String(s.steps));
  if (s.clip !== DEFAULT_STATE.clip) p.set('clip', s.clip ? '1' : '0');
  if (!s.meter) p.set('meter', '0');
  if (s.digitClass !== DEFAULT_STATE.digitClass) p.set('class', String(s.digitClass));
  if (s.w !== DEFAULT_STATE.w) p.set('w', String(s.w));
  if (s.conditional) p.set('cond', '1');
  if (s.lang !== 'en') p.set('lang', s.lang);
  if (s.embed) p.set('embed', '1');
  return `#${p.toString()}`;
}
