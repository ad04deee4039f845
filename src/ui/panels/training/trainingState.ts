/**
 * The training panel's state and its reducer: the loss history (a buffer that grows in place) and
 * its smoothed value, the latest progress and preview, the preview strip's snapshots, notices, and
 * the quality history. Pure: no React, no engine.
 */
import type { ProgressEvent, PreviewEvent, QualityPoint, SessionEvent, ModelInfo } from '../../../engine/protocol';
import type { PretrainedAbout } from '../../pretrained';
import { DEFAULT_SMOOTHING } from '../../charts/lossSmoothing';

/** Snapshots kept in the strip; when full, every other one is dropped so the strip spans all of training. */
const MAX_SNAPSHOTS = 16;

export interface PreviewSnapshot {
  step: number;
  samples: Float32Array;
}

/** The running sums of the bias-corrected EMA of the loss: smoothed = m / w. */
interface LossEma {
  m: number;
  w: number;
}
const NO_EMA: LossEma = { m: 0, w: 0 };

export interface TrainingState {
  status: 'waiting' | 'ready' | 'error';
  message: string | null;
  info: ModelInfo | null;
  running: boolean;
  /** an operation (step, reset, import, …) is under way */
  busy: string | null;
  step: number;
  /** loss per step; only the first `length` values are valid (the buffer grows in place) */
  history: { values: Float32Array; length: number };
  smoothedLoss: number | null;
  lossEma: LossEma;
  progress: ProgressEvent | null;
  preview: PreviewEvent | null;
  snapshots: PreviewSnapshot[];
  notices: { level: 'info' | 'warn' | 'error'; message: string; id: number }[];
  /** the shipped pretrained model, once loaded into the session (null: the learner's own model) */
  pretrained: PretrainedAbout | null;
  /** a started run that has not yet reported a step: compiling GPU programs, or inside its first step */
  phase: { kind: 'preparing' | 'stepping'; since: number } | null;
  /** how long compiling the GPU programs took, ms (once per model) */
  preparedMs: number | null;
  /** quality over training: the meter's readings of a fixed-seed batch */
  quality: QualityPoint[];
}

export const INITIAL_TRAINING: TrainingState = {
  status: 'waiting',
  message: null,
  info: null,
  running: false,
  busy: null,
  step: 0,
  history: { values: new Float32Array(1024), length: 0 },
  smoothedLoss: null,
  lossEma: NO_EMA,
  progress: null,
  preview: null,
  snapshots: [],
  notices: [],
  pretrained: null,
  phase: null,
  preparedMs: null,
  quality: [],
};

let noticeId = 0;

/** A notice with a fresh id, the newest five kept. */
export function addNotice(s: TrainingState, level: 'info' | 'warn' | 'error', message: string): TrainingState {
  return { ...s, notices: [...s.notices.slice(-4), { level, message, id: ++noticeId }] };
}

function appendHistory(h: TrainingState['history'], losses: Float32Array): TrainingState['history'] {
  let values = h.values;
  if (h.length + losses.length > values.length) {
    values = new Float32Array(Math.max(values.length * 2, h.length + losses.length));
    values.set(h.values.subarray(0, h.length));
  }
  values.set(losses, h.length);
  return { values, length: h.length + losses.length };
}


/**
 * Extend the EMA by new losses only, so a progress event costs O(new steps), not O(history): the same
 * average as the loss chart's smoothed curve (emaSeries, with its α), of which this is the last value.
 */
function extendEma(ema: LossEma, losses: ArrayLike<number>): LossEma {
  const a = DEFAULT_SMOOTHING;
  let { m, w } = ema;
  for (let i = 0; i < losses.length; i++) {
    if (!Number.isFinite(losses[i])) continue;
    m = a * m + (1 - a) * losses[i];
    w = a * w + (1 - a);
  }
  return { m, w };
}

const smoothedOf = (ema: LossEma): number | null => (ema.w > 0 ? ema.m / ema.w : null);

function addSnapshot(list: PreviewSnapshot[], p: PreviewEvent): PreviewSnapshot[] {
  if (list.length && list[list.length - 1].step === p.step) return list;
  let next = [...list, { step: p.step, samples: p.samples }];
  if (next.length > MAX_SNAPSHOTS) next = next.filter((_, i) => i % 2 === 0 || i === next.length - 1);
  return next;
}

/**
 * The training panel's reducer: one event of the session (a training job's progress, or the model's
 * news) applied to the state. Pure.
 */
export function reduceTrainingEvent(s: TrainingState, e: SessionEvent): TrainingState {
  switch (e.type) {
    case 'progress': {
      const lossEma = extendEma(s.lossEma, e.losses);
      // a run's first events may carry no losses yet: it is still preparing
      const phase = s.running && e.losses.length === 0 ? s.phase : null;
      return { ...s, phase, step: e.step, progress: e, history: appendHistory(s.history, e.losses), lossEma, smoothedLoss: smoothedOf(lossEma) };
    }
    case 'quality':
      return { ...s, quality: [...s.quality.filter((p) => p.step < e.point.step), e.point] };
    case 'trainingPhase':
      return { ...s, phase: { kind: e.phase, since: Date.now() }, preparedMs: e.preparedMs ?? s.preparedMs };
    case 'preview':
      return { ...s, preview: e, snapshots: addSnapshot(s.snapshots, e) };
    case 'notice':
      return addNotice(s, e.level, e.message);
    case 'history': {
      const history = appendHistory({ values: new Float32Array(Math.max(1024, e.losses.length)), length: 0 }, e.losses);
      const lossEma = extendEma(NO_EMA, e.losses);
      return { ...s, info: e.info, step: e.step, history, lossEma, smoothedLoss: smoothedOf(lossEma), snapshots: [], preview: null, quality: e.quality };
    }
    default:
      return s;
  }
}

