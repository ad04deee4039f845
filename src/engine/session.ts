import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../diffusion/rng';
import { makeSchedule, type Schedule } from '../diffusion/schedule';
import { createDenoiser, type Denoiser } from '../model';
import { DEFAULT_EMA_DECAY, Trainer, type TrainerState } from './trainer';
import type { DeviceData } from './deviceData';
import { LossByTBins, LossHistory } from './lossStats';
import { modelConfigOf, paramCountsAt, validateTrainConfig } from './models';
import { makePreview } from './preview';
import { QualityProbe, type Scorer } from './quality';
import { DEFAULT_TRAIN_CONFIG, GPU_BACKENDS, QUALITY_EVERY, type SessionEvent, type DigitScores, type EngineMemory, type ModelInfo, type QualityPoint, type TrainConfig } from './protocol';

/** Read losses back at most this often (and yield to messages), ~10 progress events a second. */
const FLUSH_MS = 100;
/** Keep a copy of the last weights known to give a finite loss this often. */
const SNAPSHOT_MS = 5_000;
/** Previews may take at most this share of the training time. */
const PREVIEW_SHARE = 0.1;
const PREVIEW_MIN_GAP_MS = 2_000;

interface Pending {
  perExample: tf.Tensor1D;
  t: Int32Array;
}

interface RollbackPoint {
  params: tf.Tensor[];
  state: TrainerState;
  historyLength: number;
}

/** Bytes on the GPU when the backend says (tf.memory() carries numBytesInGPU for WebGL/WebGPU). */
export function gpuBytes(): number | null {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number };
  return typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null;
}

export function engineMemory(): EngineMemory {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes, gpuBytes: gpuBytes() };
}

/**
 * One model being trained with Algorithm 1 in the worker. Owns the model, the trainer (Adam, EMA),
 * the loss history and the training loop. One loop at most: `start` refuses while one runs, and
 * `pause` asks it to halt and waits until it has; every operation that touches the weights runs under
 * one lock.
 */
export class TrainingSession {
  config: TrainConfig = DEFAULT_TRAIN_CONFIG;
  schedule: Schedule = makeSchedule(DEFAULT_TRAIN_CONFIG.schedule);
  model: Denoiser | null = null;
  trainer: Trainer | null = null;
  readonly history = new LossHistory();
  private bins = new LossByTBins(DEFAULT_TRAIN_CONFIG.schedule.T);
  /** a training loop is running (from start until it has halted, flushed and saved) */
  running = false;
  /** the loop should stop after its current step */
  private halt = false;
  private loopDone: Promise<void> = Promise.resolve();
  private rand = mulberry32((Math.random() * 2 ** 32) >>> 0);
  private pending: Pending[] = [];
  private lastFlush = 0;
  /** the trainer whose step kernels have been run once (see warmUpOnce) */
  private warmed: Trainer | null = null;
  private stepsSinceFlush = 0;
  private snapshot: RollbackPoint | null = null;
  private lastSnapshot = 0;
  private nextPreviewAt = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** called after every save-worthy moment (pause, every ~30 s); set by the worker */
  onAutosave: (() => Promise<void>) | null = null;
  /** the sample-quality meter (set by the worker); previews and the quality history use it */
  scorer: Scorer | null = null;
  /** quality over training, saved with the model */
  readonly quality = new QualityProbe();

  constructor(
    private readonly data: () => DeviceData | null,
    private readonly emit: (e: SessionEvent) => void,
  ) {}

  get step(): number {
    return this.trainer?.optimizerStep ?? 0;
  }

  /** Run `fn` after every earlier locked operation (training steps, previews, saves, imports). */
  locked<R>(fn: () => Promise<R> | R): Promise<R> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  info(): ModelInfo {
    const paramCounts = paramCountsAt(this.config.size, this.config.conditional);
    return { config: this.config, paramCount: paramCounts[this.config.model], paramCounts, step: this.step };
  }

  /** A fresh model and trainer for `config` (new initialisation); the history starts over. */
  async rebuild(config: TrainConfig): Promise<ModelInfo> {
    validateTrainConfig(config);
    await this.pause();
    return this.locked(() => {
      this.disposeModel();
      this.config = config;
      this.schedule = makeSchedule(config.schedule);
      const seed = (this.rand() * 2 ** 31) >>> 0;
      this.model = createDenoiser(modelConfigOf(config.model, config.size, config.conditional), seed);
      this.trainer = new Trainer(this.model, this.schedule, {
        learningRate: config.learningRate,
        clipNorm: config.clipNorm,
        emaDecay: config.ema ? DEFAULT_EMA_DECAY : null,
        seed: seed + 1,
      });
      this.history.reset();
      this.quality.reset([], true);
      this.bins = new LossByTBins(config.schedule.T);
      this.nextPreviewAt = 0;
      return this.info();
    });
  }

  /** Adopt an already loaded model and trainer (restore, import). */
  adopt(config: TrainConfig, model: Denoiser, trainer: Trainer, losses: Float32Array, quality: QualityPoint[] = []): void {
    this.disposeModel();
    this.config = config;
    this.schedule = trainer.schedule;
    this.model = model;
    this.trainer = trainer;
    this.history.reset(losses);
    // a model without readings is read at step QUALITY_EVERY, or at once when it is already past it
    this.quality.reset(quality, losses.length < QUALITY_EVERY);
    this.bins = new LossByTBins(config.schedule.T);
    this.nextPreviewAt = 0;
  }

  /**
   * Compile the shaders of a training step before the first step the learner sees (GPU backends; the
   * CPU and WebAssembly backends have nothing to compile), once per model, when training is first asked for: never unasked, and
   * the speed readout does not count it. Uses held-out digits; changes no weight or generator state.
   * Call inside the lock.
   */
  private async warmUpOnce(): Promise<void> {
    const data = this.data();
    if (!this.trainer || !data || this.warmed === this.trainer) return;
    this.warmed = this.trainer;
    if (!(GPU_BACKENDS as readonly string[]).includes(tf.getBackend())) return;
    this.emit({ type: 'trainingPhase', phase: 'preparing' });
    const started = performance.now();
    const x0 = data.heldOutSlice(0, Math.min(this.config.batchSize, data.heldOut.shape[0]));
    try {
      await this.trainer.warmUp(x0);
    } finally {
      x0.dispose();
      this.emit({ type: 'trainingPhase', phase: 'stepping', preparedMs: performance.now() - started });
    }
    this.lastFlush = performance.now();
    this.stepsSinceFlush = 0;
  }

  /**
   * Start the training loop, after any loop still halting has ended; resolves when the loop has ended
   * (paused, diverged or failed), its losses read and the model saved.
   */
  async train(): Promise<void> {
    await this.pause();
    if (!this.trainer) throw new Error('No model yet: choose one first');
    this.running = true;
    this.halt = false;
    this.lastFlush = performance.now();
    this.stepsSinceFlush = 0;
    this.loopDone = this.loop();
    await this.loopDone;
  }

  /** Stop the loop and wait until it has stopped and its losses are read. */
  async pause(): Promise<void> {
    if (!this.running) return;
    this.halt = true;
    await this.loopDone;
  }

  /** Exactly one optimisation step, outside the loop. */
  async stepOnce(): Promise<{ step: number; loss: number }> {
    if (this.running) throw new Error('Pause training before stepping one at a time');
    return this.locked(async () => {
      this.lastFlush = performance.now();
      this.stepsSinceFlush = 0;
      await this.warmUpOnce();
      this.trainStep();
      const losses = await this.flush();
      return { step: this.step, loss: losses.length ? losses[losses.length - 1] : NaN };
    });
  }

  private async loop(): Promise<void> {
    let lastSave = performance.now();
    try {
      while (!this.halt) {
        await this.locked(async () => {
          if (this.halt) return;
          await this.warmUpOnce();
          if (this.halt) return;
          this.trainStep();
          if (performance.now() - this.lastFlush >= FLUSH_MS) {
            await this.flush();
            await this.maybePreview();
            await this.maybeReadQuality();
          }
        });
        if (this.pending.length === 0) await yieldToMessages();
        if (!this.halt && performance.now() - lastSave > 30_000 && this.onAutosave) {
          lastSave = performance.now();
          await this.onAutosave();
        }
      }
    } catch (err) {
      this.halt = true;
      this.emit({ type: 'notice', level: 'error', message: `Training stopped: ${(err as Error).message}` });
    } finally {
      await this.locked(() => this.flush());
      this.emitProgress(new Float32Array(0));
      if (this.onAutosave) await this.onAutosave();
      this.running = false;
    }
  }

  /** Algorithm 1, once: the returned losses stay on the device until the next flush. */
  private trainStep(): void {
    const data = this.data();
    if (!this.trainer || !data) throw new Error('No model or data yet');
    const { x0, labels } = data.batch(this.config.batchSize, this.rand);
    try {
      const { loss, perExample, t } = this.trainer.step(x0, undefined, labels);
      loss.dispose();
      this.pending.push({ perExample, t });
      this.stepsSinceFlush++;
    } finally {
      x0.dispose();
    }
  }

  /** Read the pending losses in one go (await, never sync), book them, and report. */
  private async flush(): Promise<Float32Array> {
    const batch = this.pending;
    if (batch.length === 0) return new Float32Array(0);
    this.pending = [];
    const stacked = tf.concat(batch.map((b) => b.perExample));
    batch.forEach((b) => b.perExample.dispose());
    let values: Float32Array;
    try {
      values = (await stacked.data()) as Float32Array;
    } finally {
      stacked.dispose();
    }
    // 1. per-step means and the loss-by-t bins
    const B = this.config.batchSize;
    const losses = new Float32Array(batch.length);
    const ts = new Int32Array(values.length);
    batch.forEach((b, i) => {
      let s = 0;
      for (let k = 0; k < B; k++) s += values[i * B + k];
      losses[i] = s / B;
      ts.set(b.t, i * B);
    });
    // 2. a NaN or infinite loss: stop, go back to the last good weights, and say so
    if (losses.some((l) => !Number.isFinite(l))) {
      await this.recoverFromDivergence();
      return losses;
    }
    this.bins.add(values, ts);
    this.history.push(losses);
    this.emitProgress(losses);
    await this.maybeSnapshot();
    return losses;
  }

  private emitProgress(losses: Float32Array): void {
    const now = performance.now();
    const elapsed = now - this.lastFlush;
    const sps = this.stepsSinceFlush > 0 && elapsed > 0 ? (this.stepsSinceFlush * 1000) / elapsed : 0;
    this.lastFlush = now;
    this.stepsSinceFlush = 0;
    this.emit({
      type: 'progress',
      step: this.step,
      losses,
      lossByT: { edges: this.bins.edges, mean: this.bins.means() },
      stepsPerSecond: sps,
      msPerStep: sps > 0 ? 1000 / sps : 0,
      imagesPerSecond: sps * this.config.batchSize,
      memory: engineMemory(),
      nextPreviewInMs: Math.max(0, this.nextPreviewAt - now),
    });
  }

  private async maybeSnapshot(): Promise<void> {
    const now = performance.now();
    if (this.snapshot && now - this.lastSnapshot < SNAPSHOT_MS) return;
    if (!this.model || !this.trainer) return;
    this.lastSnapshot = now;
    const params = this.model.params.map((p) => tf.clone(p.variable));
    const state = await this.trainer.getState();
    this.disposeSnapshot();
    this.snapshot = { params, state, historyLength: this.history.length };
  }

  private async recoverFromDivergence(): Promise<void> {
    this.halt = true;
    const snap = this.snapshot;
    if (snap && this.model && this.trainer) {
      this.model.params.forEach((p, i) => p.variable.assign(snap.params[i]));
      await this.trainer.setState(snap.state.step, new Map(snap.state.tensors.map((n) => [n.name, n.tensor])));
      this.history.reset(this.history.toArray().subarray(0, snap.historyLength));
    }
    const where = snap ? `restored the weights of step ${snap.state.step}` : 'no earlier weights were kept';
    this.emit({
      type: 'notice',
      level: 'warn',
      message: `The loss became NaN or infinite, so training paused and ${where}. Try a smaller learning rate.`,
    });
  }

  private async maybePreview(): Promise<void> {
    const now = performance.now();
    const data = this.data();
    if (now < this.nextPreviewAt || !this.model || !this.trainer || !data) return;
    const ema = this.trainer.emaWeights() ?? undefined;
    const preview = await makePreview(this.model, ema, this.schedule, data, this.step);
    const scores = await this.score(preview.samples);
    const cost = performance.now() - now;
    this.nextPreviewAt = performance.now() + Math.max(PREVIEW_MIN_GAP_MS, cost / PREVIEW_SHARE);
    this.emit({ type: 'preview', ...preview, ...(scores ? { scores } : {}) });
  }

  /** The meter's reading, or none (and a notice, once) when the classifier cannot be loaded. */
  private async score(images: Float32Array): Promise<DigitScores | null> {
    if (!this.scorer) return null;
    try {
      return await this.scorer(images, false);
    } catch (err) {
      this.meterFailed(err);
      return null;
    }
  }

  /** Every few hundred steps (time-boxed), a fixed-seed batch read by the meter: quality over training. */
  private async maybeReadQuality(): Promise<void> {
    const scorer = this.scorer;
    if (!scorer || !this.model || !this.trainer || !this.quality.due(this.step)) return;
    try {
      const point = await this.quality.read(scorer, this.model, this.trainer.emaWeights() ?? undefined, this.schedule, this.step);
      this.emit({ type: 'quality', point });
    } catch (err) {
      this.meterFailed(err);
    }
  }

  /** The classifier could not be loaded or run: the meter stays off for this session, and says so once. */
  private meterFailed(err: unknown): void {
    this.scorer = null;
    this.emit({ type: 'notice', level: 'warn', message: `The sample-quality meter is unavailable: ${(err as Error).message}` });
  }

  /** A preview once it is due (`now`: right away, e.g. after a restore or an import). */
  preview(now = false): Promise<void> {
    return this.locked(async () => {
      if (now) this.nextPreviewAt = 0;
      await this.maybePreview();
    });
  }

  private disposeSnapshot(): void {
    if (!this.snapshot) return;
    tf.dispose(this.snapshot.params);
    tf.dispose(this.snapshot.state.tensors.map((n) => n.tensor));
    this.snapshot = null;
  }

  private disposeModel(): void {
    this.disposeSnapshot();
    this.trainer?.dispose();
    this.model?.dispose();
    this.trainer = null;
    this.model = null;
  }
}

/** Let the worker's message queue run (a pause request, say); data() alone may resolve as a microtask. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
