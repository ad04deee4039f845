/**
 * The engine's request handlers, apart from the worker's plumbing so that they can be driven (and
 * tested) directly: models, data, checkpoints, quick estimates, and the jobs that run long work.
 * Every operation that touches weights runs under the training session's lock.
 */
import { chooseBackend } from './backend';
import { clearIndexedDB } from './checkpoint';
import { DeviceData } from './deviceData';
import { estimateBound, estimateLt, Superseded } from './evaluate';
import { JobRunner, type JobBody, type JobContext } from './jobs';
import { DigitMeter, fetchClassifier } from './meter';
import { autosave, exportFiles, importFiles, restoreAutosave } from './persist';
import { loadPretrained, type LoadedPretrained } from './pretrained';
import type { BackendReport, BoundJob, EngineEvent, EngineRequest, EngineResults, JobEvent, ModelSource, SessionEvent, ShippedModel, TrainJob } from './protocol';
import type { Scorer } from './quality';
import { openSampleJob, type Evaluated } from './sampleJob';
import { TrainingSession } from './session';

type Handlers = { [K in EngineRequest['type']]: (req: Extract<EngineRequest, { type: K }>) => Promise<EngineResults[K]> };

/** The engine: `handle` answers one request; events go to `post` (with the buffers to transfer). */
export function createEngine(post: (msg: EngineEvent | JobEvent, transfer?: Transferable[]) => void) {
  let backend: Promise<BackendReport> | null = null;
  let data: DeviceData | null = null;
  let meter: DigitMeter | null = null;
  /** the shipped models, once loaded */
  const shipped: Partial<Record<ShippedModel, LoadedPretrained>> = {};
  const jobs = new JobRunner(post);
  /** the training job running now: the session's progress goes to it */
  let trainJob: JobContext | null = null;
  /** the number of the newest estimateLt request (a cancellation counts as one) */
  let newestEstimate = 0;
  /** estimateLt requests not yet answered */
  let pendingEstimates = 0;

  const route = (e: SessionEvent) => {
    if (e.type === 'progress' || e.type === 'trainingPhase' || e.type === 'quality') trainJob?.progress(e);
    else post({ kind: 'event', ...e });
  };
  const session = new TrainingSession(() => data, route);
  const scorer: Scorer = (images, distance) => needMeter().score(images, distance ? data : null);
  session.readings.scorer = scorer;
  session.onAutosave = () => autosave(session).catch((err: Error) => route({ type: 'notice', level: 'warn', message: `Autosave failed: ${err.message}` }));

  function needData(): DeviceData {
    if (!data) throw new Error('The digits are not loaded yet');
    return data;
  }
  function needMeter(): DigitMeter {
    if (!meter) throw new Error('The engine has not started');
    return meter;
  }
  function needModel(): void {
    if (!session.model) throw new Error('No model yet: choose one first');
  }
  function modelFor(source: ModelSource = 'yours'): Evaluated {
    if (source !== 'yours') {
      const loaded = shipped[source];
      if (!loaded) throw new Error(`The ${source === 'conditional' ? 'conditional ' : ''}pretrained model is not loaded yet`);
      // its parameters are the EMA weights it was exported with
      return { model: loaded.model, weights: undefined, schedule: loaded.schedule, step: loaded.info.step, ema: true };
    }
    needModel();
    const ema = session.trainer?.emaWeights() ?? undefined;
    return { model: session.model!, weights: ema, schedule: session.schedule, step: session.step, ema: ema !== undefined };
  }
  const history = () => {
    const info = session.info();
    route({ type: 'history', step: info.step, losses: session.history.toArray(), info, quality: session.readings.quality.points });
  };

  /** Training as a job: the loop until stopped, or one step. One at a time. */
  function openTrainJob(spec: TrainJob, ctx: JobContext): JobBody {
    needModel();
    // a job that was asked to stop may still be ending (reading its last losses, saving): the new one waits for it
    if (trainJob && !trainJob.stopped) throw new Error('Training is already running');
    trainJob = ctx;
    const end = () => {
      if (trainJob === ctx) trainJob = null;
    };
    const run = async () => {
      try {
        if (spec.once) {
          await session.settle(); // a loop that was stopped may still be ending
          const r = await session.stepOnce();
          void session.preview();
          return r;
        }
        await session.train(() => ctx.stopped);
        const losses = session.history.toArray();
        return { step: session.step, loss: losses.length ? losses[losses.length - 1] : NaN };
      } finally {
        end();
      }
    };
    return { started: { step: session.step }, run, onStop: () => void session.pause().catch(() => undefined) };
  }

  /** The bound as a job: each term takes the lock on its own; a stop or a new model ends it. */
  function openBoundJob(spec: BoundJob, ctx: JobContext): JobBody {
    const m = modelFor(spec.source);
    const run = <R,>(fn: () => Promise<R>) =>
      session.locked(() => {
        if (ctx.stopped) throw new Error('Stopped');
        if (modelFor(spec.source).model !== m.model) throw new Error('The model changed during the estimate');
        return fn();
      });
    return {
      started: null,
      run: () => estimateBound(m.model, m.weights, m.schedule, needData(), spec.sigma, { strata: spec.strata, n: spec.n, run, onProgress: (fraction) => ctx.progress({ fraction }) }),
    };
  }

  const handlers: Handlers = {
    init: (req) => {
      // Initialise once; later calls get the same report.
      meter ??= new DigitMeter(() => fetchClassifier(req.baseUrl));
      backend ??= chooseBackend(req.forceBackend);
      return backend;
    },
    setData: async (req) => {
      await backend;
      data?.dispose();
      data = new DeviceData(req.labels, req.pixels);
      return { train: data.trainCount, heldOut: data.heldOut.shape[0] };
    },
    configure: async (req) => {
      const info = await session.rebuild(req.config);
      await clearIndexedDB();
      return info;
    },
    restore: async () => {
      const info = await restoreAutosave(session);
      if (info) {
        history();
        if (data) void session.preview(true);
      }
      return info;
    },
    reset: async () => {
      const info = await session.rebuild(session.config);
      await clearIndexedDB();
      return info;
    },
    export: async () => {
      needModel();
      return exportFiles(session);
    },
    import: async (req) => {
      const info = await importFiles(session, req.files);
      history();
      void session.preview(true);
      return info;
    },
    loadPretrained: async (req) => {
      await backend;
      const which = req.which ?? 'pretrained';
      const loaded = loadPretrained(req.files);
      if (loaded.info.conditional !== (which === 'conditional')) {
        loaded.model.dispose();
        throw new Error(which === 'conditional' ? 'This model is not conditioned on the digit.' : 'This pretrained model is conditioned on the digit.');
      }
      await session.locked(() => {
        shipped[which]?.model.dispose();
        shipped[which] = loaded;
      });
      return loaded.info;
    },
    // Only the newest estimate is worth its second of compute (a slow drag of t asks for one at each
    // pause): an older one still waiting or running stops with Superseded, which its asker no longer reads.
    estimateLt: (req) => {
      const mine = ++newestEstimate;
      pendingEstimates++;
      const superseded = () => mine !== newestEstimate;
      return session
        .locked(() => {
          if (superseded()) throw new Superseded();
          const m = modelFor(req.source);
          return estimateLt(m.model, m.weights, m.schedule, needData(), req.t, req.sigma, superseded);
        })
        .finally(() => pendingEstimates--);
    },
    // t moved on before the estimate came back (a drag resumed after a pause): the worker stops it
    // between batches rather than computing for a second beside the page's frames
    cancelEstimates: async () => {
      newestEstimate++;
      return { cancelled: pendingEstimates > 0 };
    },
    start: (req) =>
      jobs.start((ctx) => {
        const job = req.job;
        if (job.kind === 'train') return openTrainJob(job, ctx);
        if (job.kind === 'bound') return openBoundJob(job, ctx);
        return openSampleJob(job, ctx, { locked: (fn) => session.locked(fn), modelFor, score: (images, target) => needMeter().score(images, data, target) });
      }) as Promise<EngineResults['start']>,
    stop: async (req) => ({ stopped: jobs.stop(req.jobId) }),
    control: async (req) => ({ applied: jobs.control(req.jobId, req.control) }),
    meter: async (req) => {
      session.readings.scorer = req.on ? scorer : null;
      return { on: req.on };
    },
    nearest: async (req) => {
      await backend;
      return needMeter().nearest(needData(), req.image, req.k);
    },
  };

  /** Answer one request (rejects with the reason it cannot be done). */
  function handle(req: EngineRequest): Promise<EngineResults[EngineRequest['type']]> {
    const handler = handlers[req.type] as ((r: EngineRequest) => Promise<EngineResults[EngineRequest['type']]>) | undefined;
    if (!handler) return Promise.reject(new Error(`unknown request "${(req as { type: string }).type}"`));
    return handler(req);
  }

  return { handle, session, jobs };
}
