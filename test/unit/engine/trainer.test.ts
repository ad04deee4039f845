import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { qSample } from '../../../src/diffusion/forwardOps';
import { lossSimple } from '../../../src/diffusion/loss';
import { mulberry32 } from '../../../src/diffusion/rng';
import { createDenoiser, type ModelConfig } from '../../../src/model';
import { clipByGlobalNorm, emaDecayAt } from '../../../src/engine/flatAdam';
import { Trainer } from '../../../src/engine/trainer';
import { makeDigits } from '../model/digits';
import { expectNoTensorsKeptOver20Steps, train } from './train';

const schedule = makeSchedule({ kind: 'linear', T: 1000 });
const tinyMlp: ModelConfig = { kind: 'mlp', hidden: 32, depth: 2, timeDim: 8 };

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function flatValues(tensors: tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(tensors.map(async (t) => (await t.data()) as Float32Array));
}

describe('helpers', () => {
  it('clipByGlobalNorm rescales to the threshold only when the global norm exceeds it', async () => {
    const g = [tf.tensor1d([3]), tf.tensor1d([0, 4])]; // global norm 5
    const clipped = clipByGlobalNorm(g, 1);
    expect(Array.from(await clipped[0].data())[0]).toBeCloseTo(0.6, 6);
    expect(Array.from(await clipped[1].data())[1]).toBeCloseTo(0.8, 6);
    const kept = clipByGlobalNorm(g, 10);
    expect(Array.from(await kept[1].data())).toEqual([0, 4]);
    tf.dispose([...g, ...clipped, ...kept]);
  });

  it('emaDecayAt warms up as (1 + n)/(10 + n) and is capped by d', () => {
    expect(emaDecayAt(0.999, 1)).toBeCloseTo(2 / 11, 12);
    expect(emaDecayAt(0.999, 8)).toBeCloseTo(0.5, 12);
    expect(emaDecayAt(0.999, 100_000)).toBe(0.999);
  });
});

describe('Trainer (Algorithm 1)', () => {
  it('returns t ∈ {1 … T} per example, a per-example loss whose mean is the loss, reproducibly from the seed', async () => {
    const run = async () => {
      const model = createDenoiser(tinyMlp, 3);
      const trainer = new Trainer(model, schedule, { learningRate: 1e-3, clipNorm: 1, emaDecay: null, seed: 9 });
      const x0 = makeDigits();
      const { loss, perExample, t } = trainer.step(x0);
      const result = { loss: (await loss.data())[0], perExample: Array.from(await perExample.data()), t: Array.from(t) };
      expect(trainer.emaWeights()).toBeNull();
      tf.dispose([loss, perExample, x0]);
      trainer.dispose();
      model.dispose();
      return result;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.t).toHaveLength(4);
    for (const t of a.t) expect(Number.isInteger(t) && t >= 1 && t <= 1000).toBe(true);
    expect(a.perExample).toHaveLength(4);
    expect(mean(a.perExample)).toBeCloseTo(a.loss, 5);
  });

  it('returns exactly L_simple (eq. 14) of x_t = qSample(x_0, t, ε), with t and ε drawn from the seeded generator', async () => {
    const model = createDenoiser(tinyMlp, 8);
    model.params.forEach((p) => { if (p.name === 'out.kernel') p.variable.assign(tf.fill(p.variable.shape, 0.01)); });
    const x0 = makeDigits();
    // reference: the same draws as the trainer (t_b = 1 + ⌊u·T⌋ for each example, then the seed of ε)
    const random = mulberry32(77);
    const t = Array.from({ length: 4 }, () => 1 + Math.floor(random() * schedule.T));
    const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', Math.floor(random() * 2 ** 31));
    const xt = qSample(x0, t, eps, schedule) as tf.Tensor4D;
    const tTensor = tf.tensor1d(t);
    const prediction = model.apply(xt, tTensor);
    const reference = lossSimple(eps, prediction);
    const want = (await reference.data())[0];

    const trainer = new Trainer(model, schedule, { learningRate: 1e-3, clipNorm: 1, emaDecay: null, seed: 77 });
    const step = trainer.step(x0);
    expect(Array.from(step.t)).toEqual(t);
    expect((await step.loss.data())[0]).toBeCloseTo(want, 6);
    tf.dispose([x0, eps, xt, tTensor, prediction, reference, step.loss, step.perExample]);
    trainer.dispose();
    model.dispose();
  });

  it('no tensor survives a step except the returned loss and per-example loss', () => {
    const model = createDenoiser(tinyMlp, 1);
    const trainer = new Trainer(model, schedule, { learningRate: 1e-3, clipNorm: 1, emaDecay: 0.999, seed: 1 });
    const x0 = makeDigits();
    expectNoTensorsKeptOver20Steps(trainer, x0);
    trainer.dispose();
    model.dispose();
    x0.dispose();
  });

  it('keeps EMA weights that differ from the live weights and move toward them by d_eff', async () => {
    const model = createDenoiser(tinyMlp, 4);
    const decay = 0.9;
    const trainer = new Trainer(model, schedule, { learningRate: 1e-2, clipNorm: 1, emaDecay: decay, seed: 2 });
    const x0 = makeDigits();
    await train(trainer, x0, 3);
    const live = () => model.params.map((p) => p.variable as tf.Tensor);
    const emaBefore = await flatValues(trainer.emaWeights()!);
    const liveBefore = await flatValues(live());
    expect(emaBefore.some((e, i) => e.some((v, j) => v !== liveBefore[i][j]))).toBe(true);

    await train(trainer, x0, 1); // step n = 4
    const d = emaDecayAt(decay, 4);
    const emaAfter = await flatValues(trainer.emaWeights()!);
    const liveAfter = await flatValues(live());
    let distBefore = 0;
    let distAfter = 0;
    emaAfter.forEach((e, i) => e.forEach((v, j) => {
      expect(v).toBeCloseTo(d * emaBefore[i][j] + (1 - d) * liveAfter[i][j], 5);
      distBefore += (emaBefore[i][j] - liveAfter[i][j]) ** 2;
      distAfter += (v - liveAfter[i][j]) ** 2;
    }));
    expect(distAfter).toBeLessThan(distBefore);

    // the EMA weights drive the same forward pass
    const tt = tf.tensor1d([5, 50, 500, 999]);
    const yEma = model.apply(x0, tt, trainer.emaWeights()!);
    expect(yEma.shape).toEqual([4, 28, 28, 1]);
    tf.dispose([tt, yEma, x0]);
    trainer.dispose();
    model.dispose();
  });

  it('exports and restores the step, the EMA and Adam\'s moments by parameter name', async () => {
    const model = createDenoiser(tinyMlp, 6);
    const options = { learningRate: 1e-3, clipNorm: 1, emaDecay: 0.99, seed: 3 };
    const trainer = new Trainer(model, schedule, options);
    const x0 = makeDigits();
    await train(trainer, x0, 3);
    const state = await trainer.getState();
    expect(state.step).toBe(3);
    const names = state.tensors.map((n) => n.name);
    expect(names).toContain('ema/layer0.kernel');
    expect(names).toContain('opt/layer0.kernel/m');
    expect(names).toContain('opt/out.bias/v');
    expect(names).toHaveLength(3 * model.params.length);

    const restored = new Trainer(model, schedule, { ...options, seed: 4 });
    const before = tf.memory().numTensors;
    await restored.setState(state.step, new Map(state.tensors.map((n) => [n.name, n.tensor])));
    expect(restored.optimizerStep).toBe(3);
    const again = await restored.getState();
    expect(again.tensors.map((n) => n.name)).toEqual(names);
    const [a, b] = await Promise.all([flatValues(state.tensors.map((n) => n.tensor)), flatValues(again.tensors.map((n) => n.tensor))]);
    expect(b).toEqual(a);
    tf.dispose(again.tensors.map((n) => n.tensor));
    // the moments live in the trainer's own flat buffers: restoring them creates no tensors
    expect(tf.memory().numTensors).toBe(before);

    // a partial or mis-shaped state is refused before anything changes
    const partial = new Map(state.tensors.filter((n) => n.name !== 'opt/out.bias/m').map((n) => [n.name, n.tensor]));
    await expect(restored.setState(5, partial)).rejects.toThrow(/only some/);
    expect(restored.optimizerStep).toBe(3);
    const wrong = new Map(state.tensors.map((n) => [n.name, n.tensor]));
    const bad = tf.zeros([2]);
    wrong.set('ema/out.bias', bad);
    await expect(restored.setState(5, wrong)).rejects.toThrow(/shape/);

    await train(restored, x0, 2);
    expect(restored.optimizerStep).toBe(5);
    tf.dispose([...state.tensors.map((n) => n.tensor), bad, x0]);
    trainer.dispose();
    restored.dispose();
    model.dispose();
  });
});
