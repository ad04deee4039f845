/// <reference lib="webworker" />
/**
 * The engine worker: the only place that runs tfjs. It answers typed requests from
 * engine/client.ts (see protocol.ts) so that the main thread only draws and never freezes.
 */
import { chooseBackend } from './backend';
import { clearIndexedDB } from './checkpoint';
import { DeviceData } from './deviceData';
import { autosave, exportFiles, importFiles, restoreAutosave } from './persist';
import { estimateBound, estimateLt } from './evaluate';
import { DigitMeter, fetchClassifier } from './meter';
import type { Scorer } from './quality';
import { ReverseChain } from './sampling';
import { engineMemory, TrainingSession } from './session';
import { loadPretrained, type LoadedPretrained } from './pretrained';
import type { BackendReport, EngineEvent, EngineRequest, EngineResults, ModelSource, RequestMessage, ShippedModel, WorkerMessage } from './protocol';
import type { Schedule } from '../diffusion/schedule';
import type { Denoiser } from '../model';
import type * as tf from '@tensorflow/tfjs';

declare const self: DedicatedWorkerGlobalScope;

let backend: Promise<BackendReport> | null = null;
let data: DeviceData | null = null;
let sampling: ReverseChain | null = null;
let meter: DigitMeter | null = null;
/** the shipped models, once loaded */
const shipped: Partial<Record<ShippedModel, LoadedPretrained>> = {};
const cancelled = new Set<number>();

function needData(): DeviceData {
  if (!data) throw new Error('The digits are not loaded yet');
  return data;
}

function post(msg: WorkerMessage): void {
  self.postMessage(msg);
}

const session = new TrainingSession(
  () => data,
  (e: EngineEvent) => post(e),
);
const scorer: Scorer = (images, distance) => {
  if (!meter) return Promise.reject(new Error('The engine has not started'));
  return meter.score(images, distance ? data : null);
};
session.scorer = scorer;
session.onAutosave = () =>
  autosave(session).catch((err: Error) =>
    post({ kind: 'event', type: 'notice', level: 'warn', message: `Autosave failed: ${err.message}` }),
  );

function needModel(): void {
  if (!session.model) throw new Error('No model yet: choose one first');
}

/** A model to evaluate: its network, the weights to use (EMA when kept), its schedule and its step. */
interface Evaluated {
  model: Denoiser;
  weights: tf.Tensor[] | undefined;
  schedule: Schedule;
  step: number;
  ema: boolean;
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

type Handlers = { [K in EngineRequest['type']]: (req: Extract<EngineRequest, { type: K }>) => Promise<EngineResults[K]> };

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
      post({ kind: 'event', type: 'history', step: info.step, losses: session.history.toArray(), info, quality: session.quality.points });
      if (data) void session.preview(true);
    }
    return info;
  },
  train: async (req) => {
    needModel();
    if (req.run) session.start();
    else await session.pause();
    return { running: session.running };
  },
  step: async () => {
    needModel();
    const r = await session.stepOnce();
    void session.preview();
    return r;
  },
  reset: async () => {
    const info = await session.rebuild(session.config);
    await clearIndexedDB();
    return info;
  },
  save: async () => {
    await autosave(session);
    return { step: session.step };
  },
  export: async () => {
    needModel();
    return exportFiles(session);
  },
  import: async (req) => {
    const info = await importFiles(session, req.files);
    post({ kind: 'event', type: 'history', step: info.step, losses: session.history.toArray(), info, quality: session.quality.points });
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
  estimateLt: (req) =>
    session.locked(() => {
      const m = modelFor(req.source);
      return estimateLt(m.model, m.weights, m.schedule, needData(), req.t, req.sigma);
    }),
  estimateBound: async (req) => {
    const m = modelFor(req.source);
    const run = <R,>(fn: () => Promise<R>) =>
      session.locked(() => {
        if (cancelled.has(req.estimateId)) throw new Error('Cancelled');
        if (modelFor(req.source).model !== m.model) throw new Error('The model changed during the estimate');
        return fn();
      });
    try {
      return await estimateBound(m.model, m.weights, m.schedule, needData(), req.sigma, {
        strata: req.strata,
        n: req.n,
        run,
        onProgress: (fraction) => post({ kind: 'event', type: 'boundProgress', estimateId: req.estimateId, fraction }),
      });
    } finally {
      cancelled.delete(req.estimateId);
    }
  },
  cancelEstimate: async (req) => {
    cancelled.add(req.estimateId);
    return { cancelled: true };
  },
  sampleStart: (req) =>
    session.locked(async () => {
      const m = modelFor(req.source);
      sampling?.dispose();
      sampling = null;
      const run = new ReverseChain(req, m.schedule);
      sampling = run;
      return run.describe(m.step, m.ema);
    }),
  sampleSteps: async (req) => {
    const frames = [];
    // Each step takes the lock on its own, so training (if running) interleaves with sampling.
    for (let i = 0; i < Math.max(1, req.count); i++) {
      const frame = await session.locked(async () => {
        const run = sampling;
        if (!run || run.done) return null;
        const m = modelFor(run.source);
        return run.step(m.model, m.weights);
      });
      if (!frame) break;
      frames.push(frame);
    }
    if (!sampling) throw new Error('Press Sample first');
    return { frames, done: sampling.done };
  },
  memory: async () => engineMemory(),
  meter: async (req) => {
    session.scorer = req.on ? scorer : null;
    return { on: req.on };
  },
  nearest: async (req) => {
    if (!meter) throw new Error('The engine has not started');
    await backend;
    return meter.nearest(needData(), req.image, req.k);
  },
  score: async (req) => {
    if (!meter) throw new Error('The engine has not started');
    await backend;
    return meter.score(req.images, data, req.target);
  },
  guidancePoint: async (req) => {
    if (!meter) throw new Error('The engine has not started');
    let modelStep = 0;
    const run = await session.locked(async () => {
      const m = modelFor(req.source);
      modelStep = m.step;
      return new ReverseChain({
        type: 'sampleStart', source: req.source, seed: req.seed, n: req.n, start: null,
        sampler: { kind: 'ddim', eta: 0, steps: req.steps, clip: true }, guidance: { label: req.label, w: req.w },
      }, m.schedule);
    });
    try {
      let last: Float32Array | null = null;
      // one step per turn of the lock, so training and the sampling panel interleave
      while (!run.done) {
        last = await session.locked(async () => {
          const m = modelFor(req.source);
          return (await run.step(m.model, m.weights)).x;
        });
      }
      const images = last as Float32Array;
      const scores = await meter.score(images, data, req.label);
      return { w: req.w, modelStep, scores: scores.guidance!, images };
    } finally {
      run.dispose();
    }
  },
};

self.onmessage = async (ev: MessageEvent<RequestMessage>) => {
  const { id, ...req } = ev.data;
  try {
    const handler = handlers[req.type] as (r: EngineRequest) => Promise<EngineResults[EngineRequest['type']]>;
    if (!handler) throw new Error(`unknown request "${(req as { type: string }).type}"`);
    const result = await handler(req as EngineRequest);
    post({ kind: 'reply', id, ok: true, result });
  } catch (err) {
    post({ kind: 'reply', id, ok: false, error: (err as Error).message || String(err) });
  }
};
