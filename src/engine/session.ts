import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../diffusion/rng';
import { makeSchedule, type Schedule } from '../diffusion/schedule';
import { createDenoiser, type Denoiser } from '../model';
import { DEFAULT_EMA_DECAY, Trainer } from './trainer';
import { Rollback } from './rollback';
import type { DeviceData } from './deviceData';
import { LossByTBins, LossHistory, stepMeans, type PendingLosses } from './lossStats';
import { modelConfigOf, paramCountsAt, validateTrainConfig } from './models';
import { nextTask } from './jobs';
import { engineMemory } from './memory';
import { ModelReadings, type Reading } from './readings';
import { DEFAULT_TRAIN_CONFIG, GPU_BACKENDS, QUALITY_EVERY, type SessionEvent, type ModelInfo, type QualityPoint, type TrainConfig } from './protocol';

/** Read losses back at most this often (and yield to messages), ~10 progress events a second. */
const FLUSH_MS = 100;

/**
 * One model being trained with Algorithm 1 in the worker. Owns the model, the trainer (Adam, EMA),
 * the loss history and the training loop. One loop at most: `train` waits for any loop still ending
 * before it starts one, and `pause` asks the loop to halt and waits until it has; every operation that
 * touches the weights runs under one lock.
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
  private pending: PendingLosses[] = [];
  private lastFlush = 0;
  /** the trainer whose step kernels have been run once (see warmUpOnce) */
  private warmed: Trainer | null = null;
  private stepsSinceFlush = 0;
  private readonly rollback = new Rollback();
  private queue: Promise<unknown> = Promise.resolve();
  /** called after every save-worthy moment (pause, every ~30 s); set by the worker */
  onAutosave: (() => Promise<void>) | null = null;
  /** previews and the meter's quality history, saved with the model (its `scorer` is set by the worker) */
  readonly readings = new ModelReadings((e) => this.emit(e));

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
      this.readings.quality.reset([], true);
      this.bins = new LossByTBins(config.schedule.T);
      this.readings.previewNow();
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
    this.readings.quality.reset(quality, losses.length < QUALITY_EVERY);
    this.bins = new LossByTBins(config.schedule.T);
    this.readings.previewNow();
  }

  /**
   * Compile the shaders of a training step before the first step the learner sees (GPU backends only),
   * once per model, when training is first asked for; the speed readout does not count it. Uses
   * held-out digits; changes no weight or generator state. Call inside the lock.
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

  /** Run the training loop (once no other runs) until stopped, paused, a NaN loss or an error; then read and save. */
  async train(stopped: () => boolean = () => false): Promise<void> {
    await this.settle();
    if (stopped()) return;
    if (!this.trainer) throw new Error('No model yet: choose one first');
    this.running = true;
    this.halt = false;
    this.lastFlush = performance.now();
    this.stepsSinceFlush = 0;
    this.loopDone = this.loop(() => this.halt || stopped());
    await this.loopDone;
  }

  /** Stop any loop and wait until none runs (a loop asked to stop may still be reading its last losses). */
  async settle(): Promise<void> {
    while (this.running) await this.pause();
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

  private async loop(ended: () => boolean): Promise<void> {
    let lastSave = performance.now();
    try {
      while (!ended()) {
        await this.locked(async () => {
          if (ended()) return;
          await this.warmUpOnce();
          if (ended()) return;
          this.trainStep();
          if (performance.now() - this.lastFlush >= FLUSH_MS) {
            await this.flush();
            await this.readings.maybePreview(this.reading());
            await this.readings.maybeReadQuality(this.reading());
          }
        });
        if (this.pending.length === 0) await nextTask(); // let the worker's messages (a stop, say) run
        if (!ended() && performance.now() - lastSave > 30_000 && this.onAutosave) {
          lastSave = performance.now();
          await this.onAutosave();
        }
      }
    } catch (err) {
      this.halt = true;
      this.emit({ type: 'notice', level: 'error', message: `Training stopped: ${(err as Error).message}` });
    } finally {
      try {
        await this.locked(() => this.flush());
        this.emitProgress(new Float32Array(0));
        if (this.onAutosave) await this.onAutosave();
      } finally {
        // whatever the last read or save did, the loop has ended
        this.running = false;
      }
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
    // 1. per-step means (and each example's t, for the loss-by-t bins)
    const losses = stepMeans(values, batch.length, this.config.batchSize);
    const ts = new Int32Array(values.length);
    batch.forEach((b, i) => ts.set(b.t, i * b.t.length));
    // 2. a NaN or infinite loss: stop, go back to the last good weights, and say so
    if (losses.some((l) => !Number.isFinite(l))) {
      await this.recoverFromDivergence();
      return losses;
    }
    this.bins.add(values, ts);
    this.history.push(losses);
    this.emitProgress(losses);
    if (this.model && this.trainer) await this.rollback.maybeKeep(this.model, this.trainer, this.history.length);
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
      nextPreviewInMs: this.readings.nextPreviewInMs(now),
    });
  }

  private async recoverFromDivergence(): Promise<void> {
    this.halt = true;
    const restored = this.model && this.trainer ? await this.rollback.restore(this.model, this.trainer, this.history) : null;
    const where = restored !== null ? `restored the weights of step ${restored}` : 'no earlier weights were kept';
    this.emit({ type: 'notice', level: 'warn', message: `The loss became NaN or infinite, so training paused and ${where}. Try a smaller learning rate.` });
  }

  /** A preview once it is due (`now`: right away, e.g. after a restore or an import). */
  preview(now = false): Promise<void> {
    return this.locked(async () => {
      if (now) this.readings.previewNow();
      await this.readings.maybePreview(this.reading());
    });
  }

  /** The model as the readings see it (null without a model or data). */
  private reading(): Reading | null {
    const data = this.data();
    if (!this.model || !this.trainer || !data) return null;
    return { model: this.model, weights: this.trainer.emaWeights() ?? undefined, schedule: this.schedule, data, step: this.step };
  }

  private disposeModel(): void {
    this.rollback.dispose();
    this.trainer?.dispose();
    this.model?.dispose();
    this.trainer = null;
    this.model = null;
  }
}

