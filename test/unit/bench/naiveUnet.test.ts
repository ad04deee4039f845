import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NaiveTrainer, createNaiveUnet, loadDenoiserWeights } from '../../../src/bench/naiveUnet';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { DEFAULT_CONFIGS, createUnet, type UnetConfig } from '../../../src/model';

const tiny: UnetConfig = { kind: 'unet', baseChannels: 4, channelMults: [1, 2], groups: 2, timeDim: 4 };
const schedule = makeSchedule({ kind: 'linear', T: 1000 });
const options = { learningRate: 1e-3, clipNorm: 1, emaDecay: 0.999, seed: 7 };

/** Σ over trainable weights of ∏ shape. */
function trainableCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b as number), 1), 0);
}

describe('createNaiveUnet', () => {
  it('has exactly the parameters of createUnet, for the tiny and the default configuration', () => {
    for (const config of [tiny, DEFAULT_CONFIGS.unet as UnetConfig]) {
      const ours = createUnet(config, 1);
      const naive = createNaiveUnet(config);
      expect(trainableCount(naive)).toBe(ours.paramCount);
      expect(naive.nonTrainableWeights).toHaveLength(0);
      naive.dispose();
      ours.dispose();
    }
    expect(createUnet(DEFAULT_CONFIGS.unet as UnetConfig).paramCount).toBe(225_265);
  });

  it('maps [B, 28, 28, 1] and t [B, 1] to [B, 28, 28, 1], the same function as createUnet given the same weights', async () => {
    const ours = createUnet(tiny, 3);
    // Make the zero-initialised output layer non-zero, so that the comparison means something.
    const outKernel = ours.params.find((p) => p.name === 'out.conv.kernel');
    if (outKernel === undefined) throw new Error('no out.conv.kernel');
    tf.tidy(() => outKernel.variable.assign(tf.randomNormal(outKernel.variable.shape, 0, 0.3, 'float32', 5)));
    const naive = createNaiveUnet(tiny);
    loadDenoiserWeights(naive, ours.params);
    const xt = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 11) as tf.Tensor4D;
    const t = [17, 640];
    const expected = ours.apply(xt, tf.tensor1d(t));
    const actual = naive.predict([xt, tf.tensor2d(t, [2, 1])]) as tf.Tensor;
    expect(actual.shape).toEqual([2, 28, 28, 1]);
    const [a, e] = await Promise.all([actual.data(), expected.data()]);
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - e[i]));
    expect(Math.max(...Array.from(e, Math.abs))).toBeGreaterThan(0.01);
    expect(maxDiff).toBeLessThan(1e-4);
    tf.dispose([xt, expected, actual]);
    naive.dispose();
    ours.dispose();
  });
});

describe('NaiveTrainer', () => {
  it('returns finite losses, updates the weights and keeps no tensors after the first step', async () => {
    const model = createNaiveUnet(tiny);
    const outKernel = () => model.getLayer('out.conv').getWeights()[0].data();
    const initial = await outKernel();
    const trainer = new NaiveTrainer(model, schedule, options);
    const x0 = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
    const first = await trainer.step(x0);
    const afterFirst = tf.memory().numTensors;
    const second = await trainer.step(x0);
    const third = await trainer.step(x0);
    expect(tf.memory().numTensors).toBe(afterFirst);
    for (const loss of [first, second, third]) expect(Number.isFinite(loss) && loss > 0).toBe(true);
    // The output layer starts at zero, so it is the first to move.
    expect(Array.from(initial).every((w) => w === 0)).toBe(true);
    expect(Array.from(await outKernel()).some((w) => w !== 0)).toBe(true);
    x0.dispose();
    trainer.dispose();
    model.dispose();
  });

  it('rejects invalid options and refuses to step once disposed', async () => {
    const model = createNaiveUnet(tiny);
    expect(() => new NaiveTrainer(model, schedule, { ...options, emaDecay: 1 })).toThrow(RangeError);
    expect(() => new NaiveTrainer(model, schedule, { ...options, clipNorm: 0 })).toThrow(RangeError);
    expect(() => new NaiveTrainer(model, schedule, { ...options, learningRate: 0 })).toThrow(RangeError);
    const before = tf.memory().numTensors;
    const trainer = new NaiveTrainer(model, schedule, options);
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(before + model.trainableWeights.length); // EMA copies
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const x0 = tf.zeros([2, 28, 28, 1]) as tf.Tensor4D;
    await expect(trainer.step(x0)).rejects.toThrow('disposed');
    x0.dispose();
    model.dispose();
  });
});
