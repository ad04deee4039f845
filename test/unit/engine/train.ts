import * as tf from '@tensorflow/tfjs';
import type { Trainer } from '../../../src/engine/trainer';

/** Runs n steps, reading each loss asynchronously, and returns the losses. */
export async function train(trainer: Trainer, x0: tf.Tensor4D, n: number): Promise<number[]> {
  const losses: number[] = [];
  for (let i = 0; i < n; i++) {
    const { loss, perExample } = trainer.step(x0);
    losses.push((await loss.data())[0]);
    tf.dispose([loss, perExample]);
  }
  return losses;
}
