/**
 * The last weights known to give a finite loss, kept every few seconds while training, so that a NaN
 * or infinite loss can pause training and go back to them instead of losing the model.
 */
import * as tf from '@tensorflow/tfjs';
import type { Denoiser } from '../model';
import type { LossHistory } from './lossStats';
import type { Trainer, TrainerState } from './trainer';

/** Keep a copy of the weights at most this often. */
const KEEP_EVERY_MS = 5_000;

interface RollbackPoint {
  params: tf.Tensor[];
  state: TrainerState;
  /** losses recorded up to this point */
  historyLength: number;
}

export class Rollback {
  private point: RollbackPoint | null = null;
  private keptAt = 0;

  /** Keep a copy of the weights and the trainer's state, unless one was kept in the last few seconds. */
  async maybeKeep(model: Denoiser, trainer: Trainer, historyLength: number): Promise<void> {
    const now = performance.now();
    if (this.point && now - this.keptAt < KEEP_EVERY_MS) return;
    this.keptAt = now;
    const params = model.params.map((p) => tf.clone(p.variable));
    const state = await trainer.getState();
    this.dispose();
    this.point = { params, state, historyLength };
  }

  /** Go back to the kept weights, state and loss history; the step restored, or null when none was kept. */
  async restore(model: Denoiser, trainer: Trainer, history: LossHistory): Promise<number | null> {
    const point = this.point;
    if (!point) return null;
    model.params.forEach((p, i) => p.variable.assign(point.params[i]));
    await trainer.setState(point.state.step, new Map(point.state.tensors.map((n) => [n.name, n.tensor])));
    history.reset(history.toArray().subarray(0, point.historyLength));
    return point.state.step;
  }

  dispose(): void {
    if (!this.point) return;
    tf.dispose(this.point.params);
    tf.dispose(this.point.state.tensors.map((n) => n.tensor));
    this.point = null;
  }
}
