import { useCallback, useEffect, useRef, useState } from 'react';
import type { DigitSet } from '../data/format';
import type { EngineClient } from '../engine/client';
import type { CheckpointFiles, EngineEvent, ModelInfo, PreviewEvent, ProgressEvent, QualityPoint, TrainConfig } from '../engine/protocol';
import { fetchPretrained, PRETRAINED_URLS, type PretrainedAbout } from './pretrained';
import { DEFAULT_SMOOTHING } from './charts/lossChartData';

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

const INITIAL: TrainingState = {
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

function reduceEvent(s: TrainingState, e: EngineEvent): TrainingState {
  switch (e.type) {
    case 'progress': {
      const lossEma = extendEma(s.lossEma, e.losses);
      const phase = e.running && e.losses.length === 0 ? s.phase : null;
      return { ...s, phase, step: e.step, running: e.running, progress: e, history: appendHistory(s.history, e.losses), lossEma, smoothedLoss: smoothedOf(lossEma) };
    }
    case 'quality':
      return { ...s, quality: [...s.quality.filter((p) => p.step < e.point.step), e.point] };
    case 'trainingPhase':
      return { ...s, phase: { kind: e.phase, since: Date.now() }, preparedMs: e.preparedMs ?? s.preparedMs };
    case 'preview':
      return { ...s, preview: e, snapshots: addSnapshot(s.snapshots, e) };
    case 'notice':
      return { ...s, notices: [...s.notices.slice(-4), { level: e.level, message: e.message, id: ++noticeId }] };
    case 'history': {
      const history = appendHistory({ values: new Float32Array(Math.max(1024, e.losses.length)), length: 0 }, e.losses);
      const lossEma = extendEma(NO_EMA, e.losses);
      return { ...s, info: e.info, step: e.step, history, lossEma, smoothedLoss: smoothedOf(lossEma), snapshots: [], preview: null, quality: e.quality };
    }
    default:
      return s;
  }
}

/**
 * The training panel's view of the engine: starts a model (restoring the autosave when there is one),
 * follows progress events, and offers the actions. All work happens in the worker.
 */
export function useTraining(client: EngineClient | null, set: DigitSet | null, initial: TrainConfig) {
  const [state, setState] = useState<TrainingState>(INITIAL);
  /** a pause was sent and its loop has not yet reported that it stopped */
  const pausing = useRef(false);

  // 1. events from the worker
  useEffect(() => {
    if (!client) return;
    return client.subscribe((e) => {
      // After a pause the learner (or the page) did not ask for, a progress event already on its way
      // still says "running"; it must not undo the pause (the loop's last event says it stopped).
      if (e.type === 'progress' && pausing.current) {
        if (!e.running) pausing.current = false;
        else e = { ...e, running: false };
      }
      setState((s) => reduceEvent(s, e));
    });
  }, [client]);

  // 2. hand over the data, then restore the autosave or start a fresh model
  useEffect(() => {
    if (!client || !set) return;
    let live = true;
    (async () => {
      await client.request({ type: 'setData', labels: set.labels.slice(), pixels: set.pixels.slice() });
      let info: ModelInfo | null = null;
      let note: string | null = null;
      try {
        info = await client.request({ type: 'restore' });
        if (info) note = `Resumed the model saved in this browser at step ${info.step.toLocaleString('en-US')}.`;
      } catch (err) {
        note = `The model saved in this browser could not be restored (${(err as Error).message}); starting a new one.`;
      }
      info ??= await client.request({ type: 'configure', config: initial });
      return { info, note };
    })().then(
      ({ info, note }) =>
        live &&
        setState((s) => ({
          ...s,
          status: 'ready',
          info,
          step: info.step,
          notices: note ? [...s.notices, { level: 'info', message: note, id: ++noticeId }] : s.notices,
        })),
      (err: Error) => live && setState((s) => ({ ...s, status: 'error', message: err.message })),
    );
    return () => {
      live = false;
    };
    // `initial` is read once, when the engine first gets its data.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, set]);

  // 3. pausing for a reason the learner did not give (hidden tab, scrolled away, another panel trains)
  const running = useRef(false);
  useEffect(() => {
    running.current = state.running;
  }, [state.running]);
  const pause = useCallback(
    (message: string) => {
      if (!client || !running.current) return;
      running.current = false;
      pausing.current = true;
      void client.request({ type: 'train', run: false });
      setState((s) => ({ ...s, running: false, notices: [...s.notices.slice(-4), { level: 'info', message, id: ++noticeId }] }));
    },
    [client],
  );

  // 4. a hidden tab pauses training (browsers throttle hidden tabs anyway); the learner resumes it
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') pause('Training paused because the tab was hidden. Press Train to continue.');
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [pause]);

  const run = useCallback(
    async <R,>(label: string, fn: () => Promise<R>): Promise<R | undefined> => {
      setState((s) => ({ ...s, busy: label }));
      try {
        return await fn();
      } catch (err) {
        const message = (err as Error).message;
        setState((s) => ({ ...s, notices: [...s.notices.slice(-4), { level: 'error', message, id: ++noticeId }] }));
        return undefined;
      } finally {
        setState((s) => ({ ...s, busy: null }));
      }
    },
    [],
  );

  const actions = {
    train: (on: boolean) =>
      client &&
      run(on ? 'starting' : 'pausing', async () => {
        if (on) {
          pausing.current = false;
          setState((s) => ({ ...s, phase: { kind: 'stepping', since: Date.now() } }));
        }
        const r = await client.request({ type: 'train', run: on });
        setState((s) => ({ ...s, running: r.running, phase: r.running ? s.phase : null }));
      }),
    step: () => client && run('stepping', () => client.request({ type: 'step' })),
    reset: (config?: TrainConfig) =>
      client &&
      run('resetting', async () => {
        const info = config ? await client.request({ type: 'configure', config }) : await client.request({ type: 'reset' });
        setState((s) => ({ ...s, pretrained: null, phase: null, preparedMs: null, quality: [], info, step: 0, running: false, history: { values: s.history.values, length: 0 }, lossEma: NO_EMA, smoothedLoss: null, progress: null, preview: null, snapshots: [] }));
      }),
    exportModel: () => (client ? run('exporting', () => client.request({ type: 'export' })) : Promise.resolve(undefined)),
    importFiles: (files: CheckpointFiles) =>
      client && run('importing', async () => {
        await client.request({ type: 'import', files });
        setState((s) => ({ ...s, pretrained: null }));
      }),
    /**
     * Loads a shipped pretrained model into the session (it replaces the current model): the one
     * conditioned on the digit when `conditional`, else the default U-Net.
     */
    loadPretrained: (conditional = false) =>
      client ? run(`loading the pretrained${conditional ? ' conditional' : ''} model`, async () => {
        const { files, about } = await fetchPretrained(PRETRAINED_URLS[conditional ? 'conditional' : 'pretrained']);
        await client.request({ type: 'import', files });
        const loaded = { ...about, conditional };
        setState((s) => ({ ...s, pretrained: loaded }));
        return loaded;
      }) : Promise.resolve(undefined),
    pause,
    dismiss: (id: number) => setState((s) => ({ ...s, notices: s.notices.filter((n) => n.id !== id) })),
  };
  return [state, actions] as const;
}
