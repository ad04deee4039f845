/**
 * The messages an embedding page (the host) and an embedded panel exchange over `postMessage`.
 * Every message is a plain object whose `type` starts with "ddpm:". Messages without that prefix are
 * not ours and are ignored without a word (a host page may carry other traffic); ours are checked
 * field by field, and a bad one is answered with a "ddpm:error" that says what was wrong.
 * Documented for hosts in README.md ("Embedding a panel").
 */
import type { Panel } from './hash';

export const HOST_PROTOCOL_VERSION = 1;
export const MESSAGE_PREFIX = 'ddpm:';

/** Host → panel. */
export type HostCommand =
  /** show timestep t (rounded, and clamped to 0 … T) */
  | { type: 'ddpm:set-t'; t: number }
  /** play or pause the sweep of t */
  | { type: 'ddpm:sweep'; playing: boolean }
  /** start or pause training */
  | { type: 'ddpm:train'; running: boolean }
  /** ask for a "ddpm:state" reply */
  | { type: 'ddpm:get-state' };

/** The sample-quality meter's latest reading of the training model (its quality history). */
export interface QualityReading {
  step: number;
  /** share of a fixed-seed batch that is confidently a digit */
  confident: number;
  fd: number | null;
  fdFloor: number | null;
}

/** What the panel reports about itself in "ddpm:ready" and "ddpm:state". */
export interface GuestSnapshot {
  version: number;
  panel: Panel;
  t: number;
  T: number;
  sweeping: boolean;
  /** the training step, or null when this embed has no model (the forward panel) */
  step: number | null;
  training: boolean;
  /** whether ddpm:train works now (the training panel, once its model is ready) */
  trainable: boolean;
}

/** Panel → host. */
export type GuestEvent =
  | ({ type: 'ddpm:ready' } & GuestSnapshot)
  | ({ type: 'ddpm:state' } & GuestSnapshot)
  /** t changed (by the learner, the sweep or the host); throttled */
  | { type: 'ddpm:t'; t: number; T: number }
  /** the training step changed; `loss` is the smoothed loss, `quality` the meter's latest reading */
  | { type: 'ddpm:step'; step: number; loss: number | null; training: boolean; quality: QualityReading | null }
  /** a "ddpm:" message was refused */
  | { type: 'ddpm:error'; message: string; received: string };

export type ParsedMessage = { ok: true; command: HostCommand } | { ok: false; error: string; received: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short, plain-text description of a received value, for error replies. */
function describe(v: unknown): string {
  if (isRecord(v) && typeof v.type === 'string') return v.type.slice(0, 40);
  return typeof v;
}

/** Parse one message; null when it is not a "ddpm:" message at all. */
export function parseHostMessage(data: unknown): ParsedMessage | null {
  if (!isRecord(data) || typeof data.type !== 'string' || !data.type.startsWith(MESSAGE_PREFIX)) return null;
  const received = describe(data);
  const fail = (error: string): ParsedMessage => ({ ok: false, error, received });
  switch (data.type) {
    case 'ddpm:set-t':
      if (typeof data.t !== 'number' || !Number.isFinite(data.t)) return fail('ddpm:set-t needs a finite number t.');
      return { ok: true, command: { type: 'ddpm:set-t', t: data.t } };
    case 'ddpm:sweep':
      if (typeof data.playing !== 'boolean') return fail('ddpm:sweep needs playing: true or false.');
      return { ok: true, command: { type: 'ddpm:sweep', playing: data.playing } };
    case 'ddpm:train':
      if (typeof data.running !== 'boolean') return fail('ddpm:train needs running: true or false.');
      return { ok: true, command: { type: 'ddpm:train', running: data.running } };
    case 'ddpm:get-state':
      return { ok: true, command: { type: 'ddpm:get-state' } };
    default:
      return fail(`Unknown message type; use ddpm:set-t, ddpm:sweep, ddpm:train or ddpm:get-state.`);
  }
}

/** t as the panel will show it: rounded and clamped to 0 … T. */
export function clampT(t: number, T: number): number {
  return Math.min(T, Math.max(0, Math.round(t)));
}
