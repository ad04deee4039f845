/**
 * The training panel's view of the engine: starts a model (restoring the autosave when there is one),
 * runs training as a job and applies its progress and the model's news to a Store through the reducer
 * of trainingState.ts, and offers the actions. All work happens in the worker.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Store, useStore } from '../../store';
import type { DigitSet } from '../../../data/format';
import type { EngineClient, Job } from '../../../engine/client';
import type { CheckpointFiles, JobEvent, ModelInfo, TrainConfig } from '../../../engine/protocol';
import { fetchPretrained, PRETRAINED_URLS } from '../../pretrained';
import { addNotice, INITIAL_TRAINING, reduceTrainingEvent, type TrainingState } from './trainingState';

export type { PreviewSnapshot, TrainingState } from './trainingState';

export function useTraining(client: EngineClient | null, set: DigitSet | null, initial: TrainConfig) {
  // the panel's state lives in a store that the engine's events update (read with useSyncExternalStore)
  const [store] = useState(() => new Store<TrainingState>(INITIAL_TRAINING));
  const state = useStore(store);
  const setState = store.update;
  /** the training job running now (null once it ended, or was stopped without waiting for it) */
  const job = useRef<Job<'train'> | null>(null);
  /** a training job is being started (and whether a pause came meanwhile: it stops as soon as it has started) */
  const starting = useRef<boolean | 'stop'>(false);
  /** what to do when a job ends, by its id (a Pause the learner pressed waits for the loop's last losses) */
  const onEnd = useRef(new Map<number, () => void>());

  // 1. the model's news (previews, notices, its history after a restore)
  useEffect(() => {
    if (!client) return;
    return client.subscribe((e) => setState((s) => reduceTrainingEvent(s, e)));
  }, [client, setState]);

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
      ({ info, note }) => live && setState((s) => {
        const ready = { ...s, status: 'ready' as const, info, step: info.step };
        return note ? addNotice(ready, 'info', note) : ready;
      }),
      (err: Error) => live && setState((s) => ({ ...s, status: 'error', message: err.message })),
    );
    return () => {
      live = false;
    };
    // `initial` is read once, when the engine first gets its data.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, set]);

  // 3. a training job's events: progress goes through the reducer; its end (or failure) stops "running"
  const onJobEvent = useCallback((e: JobEvent<'train'>) => {
    if (e.type === 'progress') return setState((s) => reduceTrainingEvent(s, e.progress));
    onEnd.current.get(e.jobId)?.();
    onEnd.current.delete(e.jobId);
    if (job.current?.id !== e.jobId) return;
    job.current = null;
    setState((s) => {
      const stopped = { ...s, running: false, phase: null };
      return e.type === 'error' ? addNotice(stopped, 'error', `Training stopped: ${e.error}`) : stopped;
    });
  }, [setState]);

  // 4. pausing for a reason the learner did not give (hidden tab, scrolled away, another panel trains), or
  //    before a reset: "running" ends at once, and the job's last losses still arrive
  const pause = useCallback((message: string | null) => {
    const j = job.current;
    if (starting.current) starting.current = 'stop';
    else if (!j) return;
    job.current = null;
    j?.stop();
    setState((s) => {
      const paused = { ...s, running: false, phase: null };
      return message ? addNotice(paused, 'info', message) : paused;
    });
  }, [setState]);

  // 5. a hidden tab pauses training (browsers throttle hidden tabs anyway); the learner resumes it
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') pause('Training paused because the tab was hidden. Press Train to continue.');
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [pause]);

  const busy = useCallback(async <R,>(label: string, fn: () => Promise<R>): Promise<R | undefined> => {
    setState((s) => ({ ...s, busy: label }));
    try {
      return await fn();
    } catch (err) {
      setState((s) => addNotice(s, 'error', (err as Error).message));
      return undefined;
    } finally {
      setState((s) => ({ ...s, busy: null }));
    }
  }, [setState]);

  const actions = {
    train: (on: boolean) => {
      if (!client) return;
      const running = job.current;
      if (!on) {
        // Pause pressed: "pausing…" until the loop has stopped and its last losses are in
        return running ? busy('pausing', () => new Promise<void>((resolve) => {
          onEnd.current.set(running.id, resolve);
          running.stop();
        })) : undefined;
      }
      if (running) return;
      setState((s) => ({ ...s, running: true, phase: { kind: 'stepping', since: Date.now() } }));
      return busy('starting', async () => {
        starting.current = true;
        try {
          const started = await client.start({ kind: 'train' }, onJobEvent);
          if ((starting.current as boolean | 'stop') === 'stop') started.stop();
          else job.current = started;
        } catch (err) {
          setState((s) => ({ ...s, running: false, phase: null }));
          throw err;
        } finally {
          starting.current = false;
        }
      });
    },
    step: () => client && busy('stepping', () => client.run({ kind: 'train', once: true }, { onProgress: (p) => setState((s) => reduceTrainingEvent(s, p)) })),
    reset: (config?: TrainConfig) =>
      client &&
      busy('resetting', async () => {
        pause(null);
        const info = config ? await client.request({ type: 'configure', config }) : await client.request({ type: 'reset' });
        setState((s) => ({ ...INITIAL_TRAINING, status: s.status, notices: s.notices, info, history: { values: s.history.values, length: 0 } }));
      }),
    exportModel: () => (client ? busy('exporting', () => client.request({ type: 'export' })) : Promise.resolve(undefined)),
    importFiles: (files: CheckpointFiles) =>
      client && busy('importing', async () => {
        // a refused file changes nothing (training goes on); an accepted one pauses it, and the job ends
        await client.request({ type: 'import', files });
        setState((s) => ({ ...s, pretrained: null }));
      }),
    /**
     * Loads a shipped pretrained model into the session (it replaces the current model): the one
     * conditioned on the digit when `conditional`, else the default U-Net.
     */
    loadPretrained: (conditional = false) =>
      client ? busy(`loading the pretrained${conditional ? ' conditional' : ''} model`, async () => {
        const { files, about } = await fetchPretrained(PRETRAINED_URLS[conditional ? 'conditional' : 'pretrained']);
        await client.request({ type: 'import', files });
        const loaded = { ...about, conditional };
        setState((s) => ({ ...s, pretrained: loaded }));
        return loaded;
      }) : Promise.resolve(undefined),
    pause: (message: string) => pause(message),
    dismiss: (id: number) => setState((s) => ({ ...s, notices: s.notices.filter((n) => n.id !== id) })),
  };
  return [state, actions] as const;
}
