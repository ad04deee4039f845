/**
 * The part of the app state a teacher would share, mirrored in the URL hash, e.g.
 * `#panel=forward&t=250&schedule=linear&T=1000`. Parsing never throws: unknown keys and malformed
 * or out-of-range values are dropped or clamped, each with a notice the page shows. Values are only
 * ever used as data (numbers and members of fixed lists), never inserted as HTML.
 *
 * Every key is one row of HASH_KEYS (its name in the link, how its value is read, when it is
 * written); parseHash and encodeHash both walk that table. The lists the engine also uses are
 * imported from where the engine reads them (state/choices.ts and diffusion/), never re-declared.
 */
import { BACKEND_ORDER, MODEL_KINDS, MODEL_SIZES, SAMPLER_KINDS, type BackendName, type ModelKind, type ModelSize, type SamplerKind } from './choices';
import { decodeDrawing } from './drawing';
import { SIGMA_KINDS, type SigmaKind } from '../diffusion/bound';
import { DEFAULT_GUIDANCE, GUIDANCE_MAX, GUIDANCE_STEP } from '../diffusion/guidance';
import { SCHEDULE_KINDS, T_MAX, T_MIN, type ScheduleKind } from '../diffusion/schedule';

/** The panels, in page order. */
export const PANELS = ['forward', 'training', 'derivation', 'sampling'] as const;
/** One of the panels. */
export type Panel = (typeof PANELS)[number];
/** The languages of the prose. */
export const LANGS = ['en', 'ko'] as const;
/** A language of the prose. */
export type Lang = (typeof LANGS)[number];
/** The β schedules a link can name (diffusion/schedule.ts's list). */
export const SCHEDULES = SCHEDULE_KINDS;
/** A β schedule. */
export type ScheduleName = ScheduleKind;
/** The backends a link can force: the engine's list (state/choices.ts), WebAssembly included. */
export const BACKENDS = BACKEND_ORDER;
/** A backend a link can force. */
export type BackendChoice = BackendName;

/** Fewest DDIM steps offered (or T, when T is smaller). */
export const DDIM_MIN_STEPS = 10;
/** Largest seed kept (seeds are unsigned 32-bit). */
const SEED_MAX = 0xffffffff;
/** The digits a conditional model can be asked to draw. */
const DIGITS = Array.from({ length: 10 }, (_, d) => d);

/** Everything a link carries; each field is one row of HASH_KEYS. */
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
  model: ModelKind;
  /** its size: 'tiny' for slow devices (and quick browser tests) */
  size: ModelSize;
  /** the reverse sampler: Algorithm 2 (DDPM) or DDIM */
  sampler: SamplerKind;
  /** DDPM's σ_t²: β_t or β̃_t */
  sigma: SigmaKind;
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

/** An inclusive range of numbers. */
export interface Range { min: number; max: number }

/** Where t lives: 0 … T. */
const timestepRange = (T: number): Range => ({ min: 0, max: T });
/** Where DDIM's steps live: 10 … T (or T … T when T is smaller than 10). */
const ddimStepsRange = (T: number): Range => ({ min: Math.min(DDIM_MIN_STEPS, T), max: T });

/** How a value of type V is read from the link (every value is written as itself; booleans as 0 or 1). */
export type Codec<V> =
  /** one of a fixed list; `hint` ends the notice for anything else */
  | { kind: 'choice'; members: readonly V[]; hint: string }
  | (number extends V ? NumberCodec : never)
  | (boolean extends V ? { kind: 'bit' | 'flag' } : never)
  | (string extends V ? { kind: 'drawing' } : never);

/**
 * A number: 'whole' is clamped to a range that depends at most on the dataset's size, and may also be
 * the word `word` (digit=drawn); 'wholeUpToT' is clamped once the link's T is known, after every key is
 * read; 'decimal' is 0 … max, up to six decimals (a minus sign is not accepted), rounded to a multiple
 * of `step` when one is set.
 */
export type NumberCodec =
  | { kind: 'whole'; range: (digitCount: number) => Range; word?: string }
  | { kind: 'wholeUpToT'; range: (T: number) => Range }
  | { kind: 'decimal'; max: number; step?: number };

/** One key of the link: its name there, its value when absent, how its value is read, and when a link carries it. */
export interface HashKey<V> {
  name: string;
  default: V;
  codec: Codec<V>;
  /** whether encodeHash writes it; when absent, whenever it differs from the default */
  written?: (s: HashState) => boolean;
}

const always = () => true;
const choice = <V>(members: readonly V[], hint = `use ${members.join(' or ')}`): Codec<V> => ({ kind: 'choice', members, hint });
const whole = (range: (digitCount: number) => Range, word?: string): NumberCodec => ({ kind: 'whole', range, word });
const seedRange = () => ({ min: 0, max: SEED_MAX });

/** Every key of the link, one per field of HashState, in the order encodeHash writes them. */
export const HASH_KEYS: { readonly [F in keyof HashState]: HashKey<HashState[F]> } = {
  panel: { name: 'panel', default: 'forward', codec: choice(PANELS, `the panels are ${PANELS.join(', ')}`), written: always },
  t: { name: 't', default: 250, codec: { kind: 'wholeUpToT', range: timestepRange }, written: always },
  schedule: { name: 'schedule', default: 'linear', codec: choice(SCHEDULES), written: always },
  T: { name: 'T', default: 1000, codec: whole(() => ({ min: T_MIN, max: T_MAX })), written: always },
  digit: { name: 'digit', default: 0, codec: whole((digitCount) => ({ min: 0, max: digitCount - 1 }), 'drawn'), written: always },
  drawing: { name: 'drawing', default: null, codec: { kind: 'drawing' }, written: (s) => s.digit === 'drawn' && !!s.drawing },
  seed: { name: 'seed', default: 1, codec: whole(seedRange), written: always },
  sampleSeed: { name: 'sampleSeed', default: 7, codec: whole(seedRange), written: always },
  backend: { name: 'backend', default: null, codec: choice(BACKENDS, `use ${BACKENDS.slice(0, -1).join(', ')} or ${BACKENDS[BACKENDS.length - 1]}`) },
  model: { name: 'model', default: 'unet', codec: choice(MODEL_KINDS) },
  size: { name: 'size', default: 'default', codec: choice(MODEL_SIZES) },
  sampler: { name: 'sampler', default: 'ddpm', codec: choice(SAMPLER_KINDS) },
  sigma: { name: 'sigma', default: 'beta', codec: choice(SIGMA_KINDS) },
  eta: { name: 'eta', default: 0, codec: { kind: 'decimal', max: 1 } },
  steps: { name: 'steps', default: 50, codec: { kind: 'wholeUpToT', range: ddimStepsRange } },
  clip: { name: 'clip', default: true, codec: { kind: 'bit' } },
  meter: { name: 'meter', default: true, codec: { kind: 'bit' } },
  digitClass: { name: 'class', default: 'any', codec: choice([...DIGITS, 'any' as const], 'use a digit 0–9 or any') },
  w: { name: 'w', default: DEFAULT_GUIDANCE, codec: { kind: 'decimal', max: GUIDANCE_MAX, step: GUIDANCE_STEP } },
  conditional: { name: 'cond', default: false, codec: { kind: 'bit' } },
  lang: { name: 'lang', default: 'en', codec: choice(LANGS) },
  embed: { name: 'embed', default: false, codec: { kind: 'flag' } },
};

type Field = keyof HashState;
/** The fields in the table's order. */
const FIELDS = Object.keys(HASH_KEYS) as Field[];
/** The defaults: the notes' linear schedule with T = 1000, t = 250 (the paper's example point). */
export const DEFAULT_STATE = Object.fromEntries(FIELDS.map((field) => [field, HASH_KEYS[field].default])) as Record<Field, unknown> as HashState;
/** The field each key of the link carries. */
const FIELD_OF_NAME = new Map(FIELDS.map((field) => [HASH_KEYS[field].name, field]));

/** What parseHash makes of a link. */
export interface ParsedHash {
  /** only the keys that were present and usable */
  values: Partial<HashState>;
  /** one sentence per ignored or adjusted value */
  notices: string[];
}

/** A value read from the link (absent when it was dropped), and a sentence when it was dropped or adjusted. */
type Read = { value?: unknown; notice?: string };

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

/** n, or the nearest end of the range with a notice quoting the link's text. */
function clampInto({ min, max }: Range, name: string, raw: string, n: number): Read {
  if (n >= min && n <= max) return { value: n };
  const c = Math.min(max, Math.max(min, n));
  return { value: c, notice: `${name}=${shown(raw)} is outside ${min}–${max}; using ${c}.` };
}

/** The value of key `name` written as `raw` (a 'wholeUpToT' number is clamped later, by parseHash). */
function readValue(codec: Codec<unknown>, name: string, raw: string, digitCount: number): Read {
  const ignored = (why: string): Read => ({ notice: `Ignored ${name}=${shown(raw)}: ${why}.` });
  switch (codec.kind) {
    case 'choice': {
      const value = codec.members.find((m) => String(m) === raw);
      return value === undefined ? ignored(codec.hint) : { value };
    }
    case 'whole':
    case 'wholeUpToT': {
      if (codec.kind === 'whole' && raw === codec.word) return { value: raw };
      const n = parseIntStrict(raw);
      if (n === null) return ignored('not a whole number');
      return codec.kind === 'whole' ? clampInto(codec.range(digitCount), name, raw, n) : { value: n };
    }
    case 'decimal': {
      const { max, step } = codec;
      const n = parseDecimal(raw);
      if (n === null) return ignored(`use a number from 0 to ${max}`);
      if (step === undefined || n > max || n % step === 0) return clampInto({ min: 0, max }, name, raw, n);
      const r = Math.round(n / step) * step;
      return { value: r, notice: `${name}=${shown(raw)} is between the slider’s steps of ${step}; using ${r}.` };
    }
    case 'bit':
      return raw === '0' || raw === '1' ? { value: raw === '1' } : ignored('use 0 or 1');
    case 'flag':
      return { value: raw === '1' || raw === 'true' };
    case 'drawing':
      return decodeDrawing(raw) ? { value: raw } : { notice: 'Ignored the drawing in the link: it is damaged or incomplete.' };
  }
}

/** Parse a location hash (with or without the leading '#'). */
export function parseHash(hash: string, digitCount = 10_000): ParsedHash {
  const values: Partial<Record<Field, unknown>> = {};
  const notices: string[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    return { values: {}, notices: ['The link’s settings could not be read and were ignored.'] };
  }
  // The link's text of each value whose range needs T, which may come later in the link.
  const rawUpToT: Partial<Record<Field, string>> = {};
  for (const [name, raw] of params) {
    const field = FIELD_OF_NAME.get(name);
    if (field === undefined) {
      notices.push(`Ignored the unknown setting ${shown(name)}.`);
      continue;
    }
    const { codec } = HASH_KEYS[field];
    const read = readValue(codec, name, raw, digitCount);
    if (read.notice !== undefined) notices.push(read.notice);
    if (read.value === undefined) continue;
    values[field] = read.value;
    if (codec.kind === 'wholeUpToT') rawUpToT[field] = raw;
  }
  // A drawn digit needs its drawing.
  if (values.digit === 'drawn' && !values.drawing) {
    notices.push('The link asks for a drawn digit but carries no usable drawing; showing a dataset digit instead.');
    delete values.digit;
  }
  // t and DDIM's steps, against the link's T (in the table's order).
  const T = (values.T as number | undefined) ?? DEFAULT_STATE.T;
  for (const field of FIELDS) {
    const { name, codec } = HASH_KEYS[field];
    const raw = rawUpToT[field];
    if (codec.kind !== 'wholeUpToT' || raw === undefined) continue;
    const read = clampInto(codec.range(T), name, raw, values[field] as number);
    if (read.notice !== undefined) notices.push(read.notice);
    values[field] = read.value;
  }
  return { values: values as Partial<HashState>, notices };
}

/** n moved into the range. */
const clamp = (n: number, { min, max }: Range) => Math.min(max, Math.max(min, n));

/**
 * The full state from parsed values: defaults fill the gaps, and a default t follows the link's T
 * (a quarter of the way, like t = 250 of T = 1000) so that t always lies in 0 … T.
 */
export function completeState(values: Partial<HashState>): HashState {
  const state = { ...DEFAULT_STATE, ...values };
  if (values.t === undefined) state.t = Math.round(state.T / 4);
  state.t = clamp(state.t, timestepRange(state.T));
  state.steps = clamp(state.steps, ddimStepsRange(state.T));
  return state;
}

/** The state as a hash, in the table's order: the keys a link always carries, and the others where they differ from the default. */
export function encodeHash(s: HashState): string {
  const p = new URLSearchParams();
  for (const field of FIELDS) {
    const { name, written = (x: HashState) => x[field] !== DEFAULT_STATE[field] } = HASH_KEYS[field];
    const value = s[field];
    if (written(s)) p.set(name, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  return `#${p.toString()}`;
}
