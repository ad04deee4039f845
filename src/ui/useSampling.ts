/**
 * The reverse chain as the sampling panel drives it: start a run in the worker, take one step, run to
 * x_0 in small batches (pausable, cancellable), and scrub the recorded trajectory without recomputing.
 *
 * The worker holds one sampling chain and advances it on each 'sampleSteps' request, so the requests of
 * this hook are sent one at a time, in order, and every frame that comes back is recorded, even after a
 * pause: the recording and the worker's chain never disagree. A run id (for 'sampleStart') and a loop id
 * (for "Run to x₀") make sure a superseded run or a paused loop can never write into the current one.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EngineClient } from '../engine/client';
import type { ModelSource, SampleFrame, SamplerSpec } from '../engine/protocol';
import type { Guidance } from '../diffusion/guidance';
import { TrajectoryStore } from './panels/sampling/trajectory';
import type { DenoiseStart, SamplingRun } from './panels/sampling/samplingRun';
import { nextBatchCount, pacingDelayMs } from './panels/sampling/samplingText';

/** Chains sampled at once (the panel's 4 × 4 grid). */
export const SAMPLING_CHAINS = 16;

export type SamplingPhase = 'idle' | 'starting' | 'stepping' | 'running';

export type { DenoiseStart, SamplingRun };

export interface SamplingState {
  phase: SamplingPhase;
  run: SamplingRun | null;
  /** the position shown, 0 … run.store.length − 1 */
  position: number;
  /** bumps whenever the recorded trajectory grows */
  version: number;
  error: string | null;
}

export interface SamplingActions {
  /** start a new run: x_T ~ N(0, I) from the seed, or the given x_t for every chain */
  sample(req: { seed: number; sampler: SamplerSpec; start: DenoiseStart | null; source: ModelSource; guidance?: Guidance | null }): void;
  stepOnce(): void;
  /** run the rest of the chain in batches, animating (or pause, when running) */
  runToEnd(): void;
  pause(): void;
  /** stop the run for good; what was recorded stays for scrubbing */
  cancel(): void;
  setPosition(p: number): void;
}

export interface SamplingOptions {
  /** prefers-reduced-motion: the shown position does not follow every step, it jumps at the end */
  reducedMotion: boolean;
  /** speed limit of "Run to x₀", or null for as fast as possible */
  stepsPerSecond: number | null;
  /** read finished samples with the digit classifier (off: meter=0) */
  meter: boolean;
}

interface Internal extends SamplingState {
  client: EngineClient | null;
}

const INITIAL: Internal = { phase: 'idle', run: null, position: 0, version: 0, error: null, client: null };

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** Whether the run can take more steps. */
export function canStep(run: SamplingRun | null): boolean {
  return !!run && !run.cancelled && !run.finished && !run.store.done;
}

export function useSampling(client: EngineClient | null, options: SamplingOptions): [SamplingState, SamplingActions] {
  const [internal, setInternal] = useState<Internal>(INITIAL);
  const runRef = useRef<SamplingRun | null>(null);
  const runCounter = useRef(0);
  const loopCounter = useRef(0);
  const follow = useRef(true);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const clientRef = useRef(client);
  const optionsRef = useRef(options);
  useEffect(() => {
    clientRef.current = client;
    optionsRef.current = options;
  });
  // Stop any loop when the panel goes away.
  useEffect(
    () => () => {
      loopCounter.current++;
      runCounter.current++;
    },
    [],
  );

  /** Send requests one at a time, in order (the worker's chain advances with each). */
  const enqueue = useCallback(<T,>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.current.then(fn, fn);
    queue.current = p.catch(() => undefined);
    return p;
  }, []);

  /** Record frames of the current run and redraw; the shown position follows when asked. */
  const record = useCallback((run: SamplingRun, frames: SampleFrame[], done: boolean, tookMs: number, moveTo: 'end' | 'follow' | 'stay') => {
    for (const f of frames) run.store.append(f);
    run.wallMs += tookMs;
    if (done) run.finished = true;
    if (done && frames.length > 0) run.final = frames[frames.length - 1].x;
    if (done && frames.length > 0 && run.scores === undefined && optionsRef.current.meter) {
      // the meter reads the finished digits (the classifier downloads on the first run)
      run.scores = null;
      const bump = () => setInternal((s) => (s.run === run ? { ...s, version: s.version + 1 } : s));
      const target = run.guidance?.label ?? undefined;
      run.client.request({ type: 'score', images: frames[frames.length - 1].x, target }).then(
        (scores) => {
          run.scores = scores;
          bump();
        },
        (err) => {
          run.scoreError = message(err);
          bump();
        },
      );
    }
    setInternal((s) => {
      if (s.run !== run) return s;
      const end = run.store.length - 1;
      const position = moveTo === 'end' || (moveTo === 'follow' && follow.current) ? end : s.position;
      return { ...s, version: s.version + 1, position };
    });
  }, []);

  const fail = useCallback((run: SamplingRun | null, err: unknown) => {
    // a run of an engine that was replaced has nothing to report
    if (run && run.client !== clientRef.current) return;
    setInternal((s) => (run && s.run !== run ? s : { ...s, phase: 'idle', error: message(err) }));
  }, []);

  const actions = useMemo<SamplingActions>(() => {
    const current = () => (runRef.current && runRef.current.client === clientRef.current ? runRef.current : null);

    const sample: SamplingActions['sample'] = ({ seed, sampler, start, source, guidance }) => {
      const engine = clientRef.current;
      if (!engine) return;
      const id = ++runCounter.current;
      loopCounter.current++;
      setInternal((s) => ({ ...s, phase: 'starting', error: null }));
      const from = start ? { t: start.t, x0: start.x0.slice() } : null;
      enqueue(() =>
        engine.request({
          type: 'sampleStart', source, seed: seed >>> 0, n: SAMPLING_CHAINS, sampler, start: start ? { xt: start.xt, t: start.t } : null,
          ...(guidance ? { guidance } : {}),
        }),
      ).then(
        (res) => {
          if (id !== runCounter.current) return;
          let store: TrajectoryStore;
          try {
            store = new TrajectoryStore(res.x, SAMPLING_CHAINS, res.ts, undefined, guidance?.label != null && guidance.w !== 0);
          } catch (err) {
            fail(null, err);
            return;
          }
          const run: SamplingRun = {
            id, client: engine, sampler, seed, from, guidance: guidance ?? null, nfe: res.nfe, modelStep: res.modelStep, ema: res.ema, store,
            wallMs: 0, finished: res.nfe === 0, cancelled: false,
          };
          runRef.current = run;
          follow.current = true;
          setInternal((s) => ({ ...s, client: engine, run, phase: 'idle', position: 0, version: s.version + 1, error: null }));
        },
        (err) => {
          if (id === runCounter.current) fail(null, err);
        },
      );
    };

    const stepOnce = () => {
      const run = current();
      if (!run || !canStep(run)) return;
      loopCounter.current++;
      setInternal((s) => ({ ...s, phase: 'stepping', error: null }));
      const t0 = performance.now();
      enqueue(() => run.client.request({ type: 'sampleSteps', count: 1 })).then(
        (res) => {
          if (runRef.current !== run) return;
          record(run, res.frames, res.done, performance.now() - t0, 'end');
          follow.current = true;
          setInternal((s) => (s.run === run && s.phase === 'stepping' ? { ...s, phase: 'idle' } : s));
        },
        (err) => fail(run, err),
      );
    };

    const runLoop = async (run: SamplingRun, loop: number) => {
      let msPerStep: number | null = null;
      const live = () => loop === loopCounter.current && runRef.current === run;
      while (live() && canStep(run)) {
        const remaining = run.nfe - run.store.stepsDone;
        const { stepsPerSecond, reducedMotion } = optionsRef.current;
        const count = nextBatchCount(msPerStep, remaining, stepsPerSecond);
        const t0 = performance.now();
        let res: { frames: SampleFrame[]; done: boolean };
        try {
          res = await enqueue(() => run.client.request({ type: 'sampleSteps', count }));
        } catch (err) {
          if (runRef.current === run) fail(run, err);
          return;
        }
        if (runRef.current !== run) return;
        const took = performance.now() - t0;
        // Frames of a paused loop are still recorded (the worker's chain has advanced), but do not move the view.
        record(run, res.frames, res.done, took, live() && !reducedMotion ? 'follow' : 'stay');
        if (res.frames.length === 0 && !res.done) {
          fail(run, new Error('The engine returned no steps; the run stopped.'));
          return;
        }
        const workerMs = res.frames.reduce((a, f) => a + f.ms, 0);
        msPerStep = res.frames.length ? Math.max(workerMs, 1e-3) / res.frames.length : msPerStep;
        const delay = pacingDelayMs(res.frames.length, took, optionsRef.current.stepsPerSecond);
        if (delay > 0 && live()) await sleep(delay);
      }
      if (!live()) return;
      // Finished: show x_0 (with reduced motion this is the one jump).
      setInternal((s) => (s.run === run ? { ...s, phase: 'idle', position: run.store.length - 1 } : s));
      follow.current = true;
    };

    const runToEnd = () => {
      const run = current();
      if (!run || !canStep(run)) return;
      const loop = ++loopCounter.current;
      follow.current = true;
      setInternal((s) => ({ ...s, phase: 'running', error: null, position: optionsRef.current.reducedMotion ? s.position : run.store.length - 1 }));
      void runLoop(run, loop);
    };

    const stop = (cancel: boolean) => {
      const run = current();
      loopCounter.current++;
      if (run && cancel) run.cancelled = true;
      setInternal((s) => {
        if (s.phase !== 'running' && !cancel) return s;
        // With reduced motion the view did not follow: show where the run stopped.
        const position = run && optionsRef.current.reducedMotion && s.run === run ? run.store.length - 1 : s.position;
        return { ...s, phase: 'idle', position, version: s.version + 1 };
      });
    };

    const setPosition = (p: number) => {
      const run = current();
      if (!run) return;
      const pos = run.store.clampPosition(p);
      follow.current = pos === run.store.length - 1;
      setInternal((s) => (s.run === run ? { ...s, position: pos } : s));
    };

    return { sample, stepOnce, runToEnd, pause: () => stop(false), cancel: () => stop(true), setPosition };
  }, [enqueue, record, fail]);

  // A run belongs to the engine that computed it: a new engine (or none) shows no run.
  const live = internal.client === client ? internal : { ...INITIAL, error: internal.error };
  const state: SamplingState = {
    phase: live.run ? live.phase : internal.phase === 'starting' ? 'starting' : 'idle',
    run: live.run,
    position: live.position,
    version: live.version,
    error: live.error,
  };
  return [state, actions];
}
