import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { qSample } from '../../../src/diffusion/forwardOps';
import { lossSimple } from '../../../src/diffusion/loss';
import { mulberry32 } from '../../../src/diffusion/rng';
import { createDenoiser, type Denoiser, type ModelConfig } from '../../../src/model';
import { clipByGlobalNorm, emaDecayAt } from '../../../src/engine/flatAdam';
import { Trainer } from '../../../src/engine/trainer';
import { makeDigits } from '../model/digits';

const schedule = makeSchedule({ kind: 'linear', T: 1000 });
const tinyMlp: ModelConfig = { kind: 'mlp', hidden: 32, depth: 2, timeDim: 8 };

/**
 * Algorithm 1 the plain way, one tensor at a time: tf.train.adam, clipByGlobalNorm per tensor and a
 * per-tensor EMA, drawing t and ε exactly as the Trainer does (same generator, same order).
 */
function referenceTrainer(model: Denoiser, options: { learningRate: number; clipNorm: number; emaDecay: number; seed: number }) {
  const random = mulberry32(options.seed);
  const adam = tf.train.adam(options.learningRate);
  const ema = model.params.map((p) => tf.variable(p.variable, false));
  let n = 0;
  return {
    ema,
    step(x0: tf.Tensor4D) {
      const [batch] = x0.shape;
      const t = new Int32Array(batch);
      for (let b = 0; b < batch; b++) t[b] = Math.min(schedule.T, 1 + Math.floor(random() * schedule.T));
      const noiseSeed = Math.floor(random() * 2 ** 31);
      const variables = model.params.map((p) => p.variable);
      tf.tidy(() => {
        const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', noiseSeed);
        const xt = qSample(x0, t, eps, schedule) as tf.Tensor4D;
        const { grads } = tf.variableGrads(() => lossSimple(eps, model.apply(xt, tf.tensor1d(Float32Array.from(t)))), variables);
        const clipped = clipByGlobalNorm(variables.map((v) => grads[v.name]), options.clipNorm);
        adam.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: clipped[i] })));
      });
      n += 1;
      const d = emaDecayAt(options.emaDecay, n);
      tf.tidy(() => ema.forEach((e, i) => e.assign(tf.add(tf.mul(e, d), tf.mul(variables[i], 1 - d)))));
    },
    dispose() {
      adam.dispose();
      tf.dispose(ema);
    },
  };
}

/** The largest and the mean absolute difference between two lists of tensors. */
async function differences(a: tf.Tensor[], b: tf.Tensor[]): Promise<{ max: number; mean: number }> {
  let max = 0;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = await Promise.all([a[i].data(), b[i].data()]);
    for (let j = 0; j < x.length; j++) {
      const d = Math.abs(x[j] - y[j]);
      max = Math.max(max, d);
      sum += d;
      count++;
    }
  }
  return { max, mean: sum / count };
}
const maxAbsDiff = async (a: tf.Tensor[], b: tf.Tensor[]) => (await differences(a, b)).max;

describe('the flat clip + Adam + EMA of the Trainer', () => {
  it('computes what tf.train.adam with per-tensor clipping and EMA computes, step after step', async () => {
    const options = { learningRate: 1e-2, clipNorm: 0.5, emaDecay: 0.9, seed: 11 };
    const ours = createDenoiser(tinyMlp, 5);
    const plain = createDenoiser(tinyMlp, 5);
    const trainer = new Trainer(ours, schedule, options);
    const reference = referenceTrainer(plain, options);
    const x0 = makeDigits();
    for (let s = 0; s < 4; s++) {
      tf.dispose(Object.values(trainer.step(x0)).filter((v) => v instanceof tf.Tensor));
      reference.step(x0);
      const d = await differences(ours.params.map((p) => p.variable), plain.params.map((p) => p.variable));
      // Step 1 agrees to float32 rounding. Later, Adam divides by √v̂ + ε̂, which magnifies rounding
      // for the few weights whose gradient is near ε̂ (and tfjs keeps βⁿ in float32, where 1 − β₂ⁿ
      // loses digits); the weights moved by about lr = 1e−2 per step, so 1e−4 is 1 % of one step.
      expect(d.max).toBeLessThan(s === 0 ? 1e-6 : 1e-4);
      expect(d.mean).toBeLessThan(1e-6);
    }
    const emaDiff = await differences(trainer.emaWeights()!, reference.ema);
    expect(emaDiff.max).toBeLessThan(1e-4);
    expect(emaDiff.mean).toBeLessThan(1e-6);
    const moved = await maxAbsDiff(ours.params.map((p) => p.variable), createDenoiser(tinyMlp, 5).params.map((p) => p.variable));
    expect(moved).toBeGreaterThan(1e-2);
    tf.dispose(x0);
    trainer.dispose();
    reference.dispose();
    ours.dispose();
    plain.dispose();
  });

  it('restarts Adam’s bias correction when a state without moments is restored', async () => {
    const options = { learningRate: 1e-2, clipNorm: Infinity, emaDecay: 0.9, seed: 2 };
    const a = createDenoiser(tinyMlp, 8);
    const b = createDenoiser(tinyMlp, 8);
    const trainer = new Trainer(a, schedule, options);
    const x0 = makeDigits();
    await trainer.setState(7, new Map()); // step 7, but no moments: the next step is Adam's first
    const reference = referenceTrainer(b, options);
    tf.dispose(Object.values(trainer.step(x0)).filter((v) => v instanceof tf.Tensor));
    reference.step(x0);
    expect(trainer.optimizerStep).toBe(8);
    expect(await maxAbsDiff(a.params.map((p) => p.variable), b.params.map((p) => p.variable))).toBeLessThan(2e-6);
    tf.dispose(x0);
    trainer.dispose();
    reference.dispose();
    a.dispose();
    b.dispose();
  });

  it('warmUp runs a step’s kernels but changes no weight, moment, EMA or draw, and keeps no tensor', async () => {
    const options = { learningRate: 1e-2, clipNorm: 1, emaDecay: 0.9, seed: 4 };
    const a = createDenoiser(tinyMlp, 9);
    const b = createDenoiser(tinyMlp, 9);
    const warmed = new Trainer(a, schedule, options);
    const plain = new Trainer(b, schedule, options);
    const x0 = makeDigits();
    tf.dispose(Object.values(warmed.step(x0)).filter((v) => v instanceof tf.Tensor));
    tf.dispose(Object.values(plain.step(x0)).filter((v) => v instanceof tf.Tensor));
    const before = tf.memory().numTensors;
    await warmed.warmUp(x0);
    expect(tf.memory().numTensors).toBe(before);
    // the next steps are the same as without the warm-up
    const ra = warmed.step(x0);
    const rb = plain.step(x0);
    expect(Array.from(ra.t)).toEqual(Array.from(rb.t));
    expect(await ra.loss.data()).toEqual(await rb.loss.data());
    expect(await maxAbsDiff(a.params.map((p) => p.variable), b.params.map((p) => p.variable))).toBe(0);
    expect(await maxAbsDiff(warmed.emaWeights()!, plain.emaWeights()!)).toBe(0);
    tf.dispose([ra.loss, ra.perExample, rb.loss, rb.perExample, x0]);
    warmed.dispose();
    plain.dispose();
    a.dispose();
    b.dispose();
  });
});
