/**
 * The typed protocol between the UI (engine/client.ts) and the engine worker (engine/worker.ts).
 *
 * Requests carry an id and are answered once by a reply with the same id. Long work runs as a job:
 * `start` answers with the job's id and what it opened with; the job then streams events tagged with
 * that id (`progress`, `frame`, and one `done` or `error` at the end) until it ends or `stop` ends it.
 * The model's own news (a preview, a notice, its history after a restore) flows as unasked events.
 * Only structured-cloneable data crosses: numbers, strings, plain objects, typed arrays.
 * This file and the records it re-exports hold types and constants only, so the UI may import them
 * without pulling in tfjs.
 */
import type { SigmaKind } from '../diffusion/bound';
import type { BackendName, BackendReport } from './backendTypes';
import type { ChainSpec, ModelSource, PretrainedInfo, SampleDone, SampleFrame, SampleStartResult, ShippedModel } from './sampleTypes';
import type { BoundEstimate, LtEstimate, NearestResult } from './scoreTypes';
import type { CheckpointFiles, ModelEvent, ModelInfo, TrainConfig, TrainProgress } from './trainTypes';

export * from './backendTypes';
export * from './sampleTypes';
export * from './scoreTypes';
export * from './trainTypes';

/** Algorithm 1 on the learner's model: until stopped, or exactly one optimisation step (`once`, the Step button). */
export interface TrainJob {
  kind: 'train';
  once?: boolean;
}

/** How a sampling job advances: run to x_0, take one step and wait, or wait; paced to at most `pace` steps a second. */
export interface SampleControl {
  mode: 'run' | 'step' | 'wait';
  /** steps per second, or null for as fast as it can */
  pace: number | null;
}

/** A reverse chain run in the worker. */
export interface SampleJob extends ChainSpec, SampleControl {
  kind: 'sample';
  /** post every step as a frame (the panel), or only the end (the guidance trade-off) */
  frames: boolean;
  /** read x_0 with the meter at the end (given the digit the samples were asked to be), or not */
  score: { target?: number } | null;
}

/** The whole bound L_T + Σ L_{t−1} + L_0 (eq. 5), by stratified Monte Carlo, reporting its progress. */
export interface BoundJob {
  kind: 'bound';
  sigma: SigmaKind;
  strata: number;
  /** draws per stratum (and for L_0) */
  n: number;
  source?: ModelSource;
}

export type JobSpec = TrainJob | SampleJob | BoundJob;
export type JobKind = JobSpec['kind'];

/** What each kind of job answers `start` with, reports, and ends with. */
export interface JobTypes {
  train: { started: { step: number }; progress: TrainProgress; frame: never; done: { step: number; loss: number } };
  sample: { started: SampleStartResult; progress: never; frame: SampleFrame; done: SampleDone };
  bound: { started: null; progress: { fraction: number }; frame: never; done: BoundEstimate };
}

/** One event of a job's stream; after `done` or `error` nothing more comes for that id. */
export type JobEvent<K extends JobKind = JobKind> = { kind: 'job'; jobId: number } & (
  | { type: 'progress'; progress: JobTypes[K]['progress'] }
  | { type: 'frame'; frame: JobTypes[K]['frame'] }
  | { type: 'done'; result: JobTypes[K]['done'] }
  | { type: 'error'; error: string }
);

/** The model's news, unasked. */
export type EngineEvent = { kind: 'event' } & ModelEvent;

export type EngineRequest =
  | { type: 'init'; forceBackend: BackendName | null; /** the page's base URL, for the models it ships */ baseUrl: string }
  | { type: 'setData'; labels: Uint8Array; pixels: Uint8Array }
  | { type: 'configure'; config: TrainConfig }
  | { type: 'restore' }
  | { type: 'reset' }
  | { type: 'export' }
  | { type: 'import'; files: CheckpointFiles }
  | { type: 'loadPretrained'; files: CheckpointFiles; /** which shipped model ('pretrained' when absent) */ which?: ShippedModel }
  | { type: 'estimateLt'; t: number; sigma: SigmaKind; source?: ModelSource }
  /** stop the estimate of L_{t−1} waiting or running (its asker no longer wants it) */
  | { type: 'cancelEstimates' }
  | { type: 'start'; job: JobSpec }
  | { type: 'stop'; jobId: number }
  | { type: 'control'; jobId: number; control: Partial<SampleControl> }
  | { type: 'nearest'; /** one image [784] in [−1, 1] */ image: Float32Array; k: number }
  | { type: 'meter'; /** read previews and the quality history with the classifier (the link's meter=0 turns it off) */ on: boolean };

/** What each request resolves to. */
export interface EngineResults {
  init: BackendReport;
  setData: { train: number; heldOut: number };
  configure: ModelInfo;
  restore: ModelInfo | null;
  reset: ModelInfo;
  export: CheckpointFiles;
  import: ModelInfo;
  loadPretrained: PretrainedInfo;
  estimateLt: LtEstimate;
  /** whether an estimate was waiting or running */
  cancelEstimates: { cancelled: boolean };
  start: { jobId: number; started: JobTypes[JobKind]['started'] };
  /** whether the job was still running */
  stop: { stopped: boolean };
  control: { applied: boolean };
  meter: { on: boolean };
  nearest: { pixels: NearestResult; features: NearestResult };
}

export type RequestMessage = { id: number } & EngineRequest;

export type ReplyMessage =
  | { kind: 'reply'; id: number; ok: true; result: EngineResults[EngineRequest['type']] }
  | { kind: 'reply'; id: number; ok: false; error: string };

export type WorkerMessage = ReplyMessage | EngineEvent | JobEvent;
