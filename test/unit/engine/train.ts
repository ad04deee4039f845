import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
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

/**
 * Asserts that a trainer keeps no tensor across steps: after a first step (which creates Adam's
 * moment slots), 20 more leave tf.memory().numTensors where it was.
 */
export function expectNoTensorsKeptOver20Steps(trainer: Trainer, x0: tf.Tensor4D): void {
  const first = trainer.step(x0);
  tf.dispose([first.loss, first.perExample]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) {
    const { loss, perExample } = trainer.step(x0);
    tf.dispose([loss, perExample]);
  }
  expect(tf.memory().numTensors).toBe(before);
}
