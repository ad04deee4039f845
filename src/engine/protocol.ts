/**
 * The typed protocol between the UI (engine/client.ts) and the engine worker (engine/worker.ts).
 * Requests carry an id and are answered once by a reply with the same id; events flow from the
 * worker unasked. Only structured-cloneable data crosses: numbers, strings, plain objects, typed arrays.
 * This file holds types and constants only, so the UI may import it without pulling in tfjs.
 */

import type { Guidance } from '../diffusion/guidance';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const satisfies readonly BackendName[];
/** The backends that run on a GPU (and compile its programs on first use), in order of preference. */
export const GPU_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl'];
/** Each backend's name in prose ("training runs on …"). */
export const BACKEND_LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'the CPU' };

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
}

/** Which backend the engine runs on, and why the ones before it were not used. */
export interface BackendReport {
  name: BackendName;
  /** WebGPU adapter details, when the backend is WebGPU */
  adapter: AdapterSummary | null;
  /** true when the URL forced this backend */
  forced: boolean;
  /** one entry per backend tried before this one, in order; `passedOver` when it started but was not chosen */
  fallbacks: { name: BackendName; reason: string; passedOver?: true }[];
  /** why this backend was chosen over a GPU that works (a software GPU, or the probe), else null */
  reason: string | null;
  /** the speed probe's figures (GFLOP/s of one convolution), for the backends it timed */
  probe: { name: BackendName; gflops: number }[];
  /** threads of the WebAssembly backend (1: its threaded build is off, see engine/backend.ts) */
  threads: number | null;
}

export type ModelKind = 'mlp' | 'unet';
export const MODEL_KINDS: readonly ModelKind[] = ['unet', 'mlp'];
export const MODEL_LABELS: Record<ModelKind, string> = { mlp: 'MLP (as in the notes)', unet: 'U-Net (small)' };

/** Model sizes: "default" is the one to learn with; "tiny" keeps browser tests and slow backends quick. */
export type ModelSize = 'default' | 'tiny';

/** Everything that defines a training run; locked while training. */
export interface TrainConfig {
  model: ModelKind;
  size: ModelSize;
  /** 16 … 256 */
  batchSize: number;
  learningRate: number;
  /** global-norm clipping threshold */
  clipNorm: number;
  /** keep an exponential moving average of the weights (used for previews and sampling) */
  ema: boolean;
  schedule: { kind: 'linear' | 'cosine'; T: number };
  /**
   * Conditioned on the digit, with labels dropped to ∅ at DEFAULT_P_UNCOND so that classifier-free
   * guidance can sample it (absent in checkpoints made before: unconditional)
   */
  conditional?: boolean;
}

export const BATCH_SIZES = [16, 32, 64, 128, 256] as const;

/** Defaults, chosen as described in README.md (learning rate: Adam 1e−3 with clipping at norm 1). */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  model: 'unet',
  size: 'default',
  batchSize: 64,
  learningRate: 1e-3,
  clipNorm: 1,
  ema: true,
  schedule: { kind: 'linear', T: 1000 },
};

/** The model as the UI describes it. */
export interface ModelInfo {
  config: TrainConfig;
  /** trainable parameters of the chosen model */
  paramCount: number;
  /** parameter counts of both architectures at this size, for the selector */
  paramCounts: Record<ModelKind, number>;
  /** optimisation steps taken so far */
  step: number;
}

export interface EngineMemory {
  numTensors: number;
  numBytes: number;
  /** bytes held on the GPU when the backend reports it */
  gpuBytes: number | null;
}

/** Loss against timestep t, in equal-width bins of t (a decaying average per bin). */
export interface LossByT {
  /** lower edge of each bin (t values), bins cover 1 … T */
  edges: number[];
  /** mean loss per bin, NaN where no example fell yet */
  mean: number[];
}

/** Sent at most ~10 times a second while training (and after every manual step). */
export interface ProgressEvent {
  kind: 'event';
  type: 'progress';
  step: number;
  running: boolean;
  /** mean L_simple of each step since the previous event, in order (steps step−n+1 … step) */
  losses: Float32Array;
  lossByT: LossByT;
  stepsPerSecond: number;
  msPerStep: number;
  imagesPerSecond: number;
  memory: EngineMemory;
  /** ms until the next preview is due (it is made after the first step that ends past that time) */
  nextPreviewInMs: number;
}

/**
 * Where a started training run is before its first progress event, so a slow device never shows a
 * silent "step 0": compiling the GPU programs of a step (once per model), then taking steps.
 */
export interface TrainingPhaseEvent {
  kind: 'event';
  type: 'trainingPhase';
  phase: 'preparing' | 'stepping';
  /** how long preparing took, ms (with phase 'stepping', when there was something to prepare) */
  preparedMs?: number;
}

/** A snapshot of what the model does now: x̂_0 of fixed noisy digits, and a quick DDIM sample. */
export interface PreviewEvent {
  kind: 'event';
  type: 'preview';
  step: number;
  /** the timesteps of the x̂_0 rows */
  ts: number[];
  /** the fixed clean digits, [n · 784] */
  x0: Float32Array;
  /** their noisy versions at each t, [ts.length · n · 784] */
  xt: Float32Array;
  /** x̂_0 predicted from each noisy version (eq. 15), same layout */
  x0Hat: Float32Array;
  /** a DDIM sample (η = 0) from fixed noise, [m · 784] */
  samples: Float32Array;
  samplerSteps: number;
  /** whether the EMA weights were used */
  ema: boolean;
  /** the meter's reading of the samples (absent when the classifier could not be loaded) */
  scores?: DigitScores;
}

/** Training steps between two readings of the quality meter (a new model is first read at this step). */
export const QUALITY_EVERY = 250;

/** The meter's reading of the model at one training step (a fixed-seed batch, a few DDIM steps). */
export interface QualityPoint {
  step: number;
  /** share of the batch confidently a digit */
  confident: number;
  fd: number | null;
  fdFloor: number | null;
  /** confident samples per digit 0 … 9 */
  histogram: number[];
  /** a conditional model, asked for each digit in turn (guided, w = 2): share of samples read as the digit asked for */
  obeys?: number;
}

/** A new point of the quality history (sent while training runs, every few hundred steps). */
export interface QualityEvent {
  kind: 'event';
  type: 'quality';
  point: QualityPoint;
}

/** Something the user should know: training paused by itself, a checkpoint restored, a save failed. */
export interface NoticeEvent {
  kind: 'event';
  type: 'notice';
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** The whole loss history, sent after a restore or an import. */
export interface HistoryEvent {
  kind: 'event';
  type: 'history';
  step: number;
  losses: Float32Array;
  info: ModelInfo;
  /** the quality history saved with the model */
  quality: QualityPoint[];
}

export type EngineEvent = ProgressEvent | PreviewEvent | NoticeEvent | HistoryEvent | BoundProgressEvent | TrainingPhaseEvent | QualityEvent;

/** The files of a checkpoint in the standard tfjs layout: model.json and one weights file. */
export interface CheckpointFiles {
  modelJson: string;
  weights: ArrayBuffer;
  weightsName: string;
}

/** How the reverse chain is sampled. */
export type SamplerSpec = (
  | { kind: 'ddpm'; /** σ_t² = β_t or β̃_t (Algorithm 2) */ sigma: 'beta' | 'betaTilde' }
  | { kind: 'ddim'; /** 0 = deterministic … 1 = DDPM-like */ eta: number; /** network evaluations, 1 … T */ steps: number }
) & { /** clip x̂_0 to [−1, 1] and step from μ̃_t(x_t, clip(x̂_0)) (the paper's code); off when absent */ clip?: boolean };

/**
 * Which model a request uses: the learner's own (the one the training panel trains) or the pretrained
 * one shipped with the app (loaded by 'loadPretrained', never trained here).
 */
export type ModelSource = 'yours' | ShippedModel;
/** The models shipped with the app: the unconditional U-Net, and the one conditioned on the digit. */
export type ShippedModel = 'pretrained' | 'conditional';

/** The pretrained model once loaded beside the learner's. */
export interface PretrainedInfo {
  /** conditioned on the digit (the shipped conditional model) */
  conditional: boolean;
  /** training steps it was trained for */
  step: number;
  model: ModelKind;
  size: ModelSize;
  schedule: TrainConfig['schedule'];
  paramCount: number;
}

export interface SampleStartRequest {
  type: 'sampleStart';
  /** the model to sample from (the learner's when absent) */
  source?: ModelSource;
  /** seed of x_T and of every z, so a run is reproducible */
  seed: number;
  /** number of chains (16 in the panel) */
  n: number;
  sampler: SamplerSpec;
  /** start from this x_t at timestep t instead of x_T ~ N(0, I) ("denoise my digit"); all chains start there */
  start: { xt: Float32Array; t: number } | null;
  /** a conditional model: the digit to draw (null: any, the unconditional ε_θ(x_t, t, ∅)) and the guidance scale w */
  guidance?: Guidance;
}

export interface SampleStartResult {
  /** the timesteps the chain visits, from its start (T or start.t) down to 0 */
  ts: number[];
  /** network evaluations a full run takes (= ts.length − 1) */
  nfe: number;
  /** the starting x for every chain, [n · 784] */
  x: Float32Array;
  /** the model's optimisation step (0: untrained) and whether the EMA weights are used */
  modelStep: number;
  ema: boolean;
}

/** One reverse step for all chains: every part of the update, [n · 784] each. */
export interface SampleFrame {
  /** the step went from tFrom to t (t = 0 is x_0) */
  tFrom: number;
  t: number;
  /** ε_θ(x_tFrom, tFrom) */
  eps: Float32Array;
  /** x̂_0 (eq. 15) */
  x0Hat: Float32Array;
  /** the mean of p_θ(x_t | x_tFrom): μ_θ (eq. 11) for DDPM, the deterministic part for DDIM */
  mean: Float32Array;
  /** the added noise σ z (zero at the last step, and for DDIM with η = 0) */
  noise: Float32Array;
  /** x_t = mean + noise */
  x: Float32Array;
  /** Algorithm 2's coefficients at tFrom: 1/√α_t, (1−α_t)/√(1−ᾱ_t), σ_t (DDIM: σ of its eq. 12) */
  coef: { recipSqrtAlpha: number; epsCoef: number; sigma: number };
  /** time the step took in the worker, ms */
  ms: number;
  /** a guided step: ε_θ(x_t, t, y) and ε_θ(x_t, t, ∅), which ε above combines as (1 + w) ε(y) − w ε(∅) */
  guided?: { cond: Float32Array; uncond: Float32Array; label: number; w: number };
}

/** L_{t−1} at one t (eq. 12; at t = 1 the decoder term L_0), each mean with its standard error. */
export interface LtEstimate {
  n: number;
  sqErr: number;
  sqErrSE: number;
  nats: number;
  natsSE: number;
  bitsPerDim: number;
  bitsPerDimSE: number;
}

/** The whole bound L_T + Σ L_{t−1} + L_0 (eq. 5), in bits/dim, with standard errors (SE). */
export interface BoundEstimate {
  LT: number;
  sumLt: number;
  sumLtSE: number;
  L0: number;
  L0SE: number;
  total: number;
  totalSE: number;
  /** the reverse-process variance σ_t² the terms use */
  sigma: 'beta' | 'betaTilde';
  /** σ_1² of the decoder in L_0 (β_1 when σ² = β̃, whose β̃_1 = 0) */
  decoderVariance: number;
  /** strata of Σ L_{t−1}, and draws per stratum (and for L_0) */
  strata: number;
  n: number;
}

/** Progress of a running bound estimate. */
export interface BoundProgressEvent {
  kind: 'event';
  type: 'boundProgress';
  estimateId: number;
  fraction: number;
}

/** A sample is "confidently a digit" when the classifier gives its top class at least this probability. */
export const CONFIDENT = 0.9;

/** What the digit classifier (public/models/classifier/) makes of a batch of images. */
export interface DigitScores {
  /** the predicted digit of each image */
  digits: Uint8Array;
  /** the classifier's probability for that digit */
  confidence: Float32Array;
  /** images read as a digit with confidence ≥ CONFIDENT */
  confident: number;
  /** confident images per digit 0 … 9 */
  histogram: number[];
  /** the classifier's accuracy on the held-out digits (how far its verdicts can be trusted) */
  classifierAccuracy: number;
  /**
   * Fréchet distance between the classifier's features of these images and of the held-out real
   * digits (null when the digits are not loaded), and the same for as many real training digits: the
   * floor a perfect model would reach at this batch size
   */
  fd: number | null;
  fdFloor: number | null;
  /** when the images were asked to be one digit: how many are, and how varied they are */
  guidance?: GuidanceScores;
}

/** How samples asked to be one digit fare (the meter, given the digit they were asked for). */
export interface GuidanceScores {
  digit: number;
  /** share of the samples the classifier reads as that digit (guidance accuracy) */
  accuracy: number;
  /** mean distance between two samples in the classifier's features: how varied they are */
  variety: number;
  /** the same for the held-out real examples of that digit (null when the digits are not loaded) */
  realVariety: number | null;
}

/** One point of the guidance trade-off: n samples of one digit at scale w, DDIM, on a fixed seed. */
export interface GuidancePointRequest {
  type: 'guidancePoint';
  source: ModelSource;
  label: number;
  w: number;
  n: number;
  /** DDIM steps (η = 0, x̂_0 clipped) */
  steps: number;
  seed: number;
}

export interface GuidancePoint {
  w: number;
  /** the training step of the model measured (the learner's may train on between points) */
  modelStep: number;
  scores: GuidanceScores;
  /** the samples, [n · 784] in [−1, 1] */
  images: Float32Array;
}

/** Training digits nearest to a sample (indices into the training split, which is the dataset's start). */
export interface NearestResult {
  indices: number[];
  /** Euclidean distances, nearest first */
  distances: number[];
  /** the median distance from a held-out real digit to its nearest training digit: what "not a copy" looks like */
  typical: number;
}

export type EngineRequest =
  | { type: 'init'; forceBackend: BackendName | null; /** the page's base URL, for the models it ships */ baseUrl: string }
  | { type: 'setData'; labels: Uint8Array; pixels: Uint8Array }
  | { type: 'configure'; config: TrainConfig }
  | { type: 'restore' }
  | { type: 'train'; run: boolean }
  | { type: 'step' }
  | { type: 'reset' }
  | { type: 'save' }
  | { type: 'export' }
  | { type: 'import'; files: CheckpointFiles }
  | { type: 'loadPretrained'; files: CheckpointFiles; /** which shipped model ('pretrained' when absent) */ which?: ShippedModel }
  | { type: 'estimateLt'; t: number; sigma: 'beta' | 'betaTilde'; source?: ModelSource }
  | { type: 'estimateBound'; /** echoed in progress events (not `id`: that names the request message) */ estimateId: number; sigma: 'beta' | 'betaTilde'; strata: number; n: number; source?: ModelSource }
  | { type: 'cancelEstimate'; estimateId: number }
  | SampleStartRequest
  | { type: 'sampleSteps'; /** at most this many steps; fewer when the chain ends */ count: number }
  | { type: 'memory' }
  | { type: 'score'; /** [n · 784] in [−1, 1] */ images: Float32Array; /** the digit they were asked to be */ target?: number }
  | GuidancePointRequest
  | { type: 'nearest'; /** one image [784] in [−1, 1] */ image: Float32Array; k: number }
  | { type: 'meter'; /** read previews and the quality history with the classifier (the link's meter=0 turns it off) */ on: boolean };

/** What each request resolves to. */
export interface EngineResults {
  init: BackendReport;
  setData: { train: number; heldOut: number };
  configure: ModelInfo;
  restore: ModelInfo | null;
  train: { running: boolean };
  step: { step: number; loss: number };
  reset: ModelInfo;
  save: { step: number };
  export: CheckpointFiles;
  import: ModelInfo;
  loadPretrained: PretrainedInfo;
  estimateLt: LtEstimate;
  estimateBound: BoundEstimate;
  cancelEstimate: { cancelled: boolean };
  sampleStart: SampleStartResult;
  sampleSteps: { frames: SampleFrame[]; done: boolean };
  memory: EngineMemory;
  score: DigitScores;
  guidancePoint: GuidancePoint;
  meter: { on: boolean };
  nearest: { pixels: NearestResult; features: NearestResult };
}

export type RequestMessage = { id: number } & EngineRequest;

export type ReplyMessage =
  | { kind: 'reply'; id: number; ok: true; result: EngineResults[EngineRequest['type']] }
  | { kind: 'reply'; id: number; ok: false; error: string };

export type WorkerMessage = ReplyMessage | EngineEvent;
