import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { createDenoiser, type UnetConfig } from '../../../src/model';
import { Trainer } from '../../../src/engine/trainer';
import { makeDigits } from '../model/digits';
import { expectNoTensorsKeptOver20Steps, train } from './train';

const schedule = makeSchedule({ kind: 'linear', T: 1000 });
const tinyUnet: UnetConfig = { kind: 'unet', baseChannels: 4, channelMults: [1, 2], groups: 2, timeDim: 4 };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('Trainer with a tiny U-Net', () => {
  it('30 steps of Algorithm 1 (fresh t and ε each step) on 2 fixed digits cut L_simple by more than 30 %', async () => {
    const model = createDenoiser(tinyUnet, 11);
    const trainer = new Trainer(model, schedule, { learningRate: 1e-2, clipNorm: 1, emaDecay: 0.999, seed: 5 });
    const digits = makeDigits();
    const x0 = tf.slice(digits, [0, 0, 0, 0], [2, 28, 28, 1]);
    digits.dispose();
    const losses = await train(trainer, x0, 30);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(mean(losses.slice(-5))).toBeLessThan(0.7 * mean(losses.slice(0, 5)));
    expect(trainer.optimizerStep).toBe(30);
    trainer.dispose();
    model.dispose();
    x0.dispose();
  });

  it('no tensor survives a step except the returned loss and per-example loss (steps 1 → 21)', () => {
    const model = createDenoiser(tinyUnet, 1);
    const trainer = new Trainer(model, schedule, { learningRate: 1e-3, clipNorm: 1, emaDecay: 0.999, seed: 1 });
    const digits = makeDigits();
    const x0 = tf.slice(digits, [0, 0, 0, 0], [1, 28, 28, 1]);
    expectNoTensorsKeptOver20Steps(trainer, x0);
    trainer.dispose();
    model.dispose();
    tf.dispose([digits, x0]);
  });
});
