/**
 * Parity with the PyTorch reference (reference/make_fixture.py writes test/fixtures/parity.json):
 * the same weights, x_0, t and ε give the same x_t, ε_θ and loss, to float precision.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { CHECKPOINT_FORMAT, createDenoiser, fromArtifacts, loadIntoModel } from '../../../src/model';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { qSample } from '../../../src/diffusion/forwardOps';
import { lossSimple } from '../../../src/diffusion/loss';
import type { ModelConfig } from '../../../src/model/types';
import { Trainer } from '../../../src/engine/trainer';

interface Encoded { shape: number[]; data: string }
interface Case {
  config: ModelConfig; weights: Record<string, Encoded>; xt: Encoded; epsTheta: Encoded; loss: number;
  resumeStep: number; beforeStep: Record<string, Encoded>; afterStep: Record<string, Encoded>;
}
interface Fixture { t: number[]; x0: Encoded; eps: Encoded; cases: Record<'mlp' | 'unet', Case>; trainer: { learningRate: number; clipNorm: number; emaDecay: number } }

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/parity.json', import.meta.url), 'utf8')) as Fixture;

function decode(e: Encoded): Float32Array {
  const bytes = Buffer.from(e.data, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function maxRelError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
  return worst;
}

describe.each(['mlp', 'unet'] as const)('parity with the PyTorch reference: %s', (kind) => {
  const c = fixture.cases[kind];
  it('ε_θ(x_t, t) and the loss agree to 1e-5', async () => {
    const model = createDenoiser(c.config, 1);
    model.params.forEach((p) => p.variable.assign(tf.tensor(decode(c.weights[p.name]), p.variable.shape)));
    const schedule = makeSchedule({ kind: 'linear', T: 1000 });
    const x0 = tf.tensor4d(decode(fixture.x0), [3, 28, 28, 1]);
    const eps = tf.tensor4d(decode(fixture.eps), [3, 28, 28, 1]);
    const xt = qSample(x0, Int32Array.from(fixture.t), eps, schedule) as tf.Tensor4D;
    expect(maxRelError(await xt.data(), decode(c.xt))).toBeLessThan(1e-6);
    const out = model.apply(xt, tf.tensor1d(fixture.t));
    expect(maxRelError(await out.data(), decode(c.epsTheta))).toBeLessThan(1e-5);
    const loss = lossSimple(eps, out);
    expect(Math.abs((await loss.data())[0] - c.loss) / c.loss).toBeLessThan(1e-5);
    tf.dispose([x0, eps, xt, out, loss]);
    model.dispose();
  });
});

describe.each(['mlp', 'unet'] as const)('one training step matches the reference: %s', (kind) => {
  const c = fixture.cases[kind];
  it('from a restored mid-training state, weights, EMA and Adam moments after the step agree to 1e-4', async () => {
    const model = createDenoiser(c.config, 1);
    model.params.forEach((p) => p.variable.assign(tf.tensor(decode(c.weights[p.name]), p.variable.shape)));
    const trainer = new Trainer(model, makeSchedule({ kind: 'linear', T: 1000 }), { ...fixture.trainer, seed: 1 });
    const saved = new Map(Object.entries(c.beforeStep).map(([name, e]) => [name, tf.tensor(decode(e), e.shape)]));
    await trainer.setState(c.resumeStep, saved);
    tf.dispose([...saved.values()]);
    const x0 = tf.tensor4d(decode(fixture.x0), [3, 28, 28, 1]);
    const eps = tf.tensor4d(decode(fixture.eps), [3, 28, 28, 1]);
    const before = tf.memory().numTensors;
    const { loss, perExample } = trainer.step(x0, { t: Int32Array.from(fixture.t), eps });
    expect(Math.abs((await loss.data())[0] - c.loss) / c.loss).toBeLessThan(1e-5);
    tf.dispose([loss, perExample]);
    expect(tf.memory().numTensors).toBe(before);
    const state = await trainer.getState();
    const after = new Map<string, tf.Tensor>(model.params.map((p) => [p.name, p.variable]));
    for (const { name, tensor } of state.tensors) after.set(name, tensor);
    expect([...after.keys()].sort()).toEqual(Object.keys(c.afterStep).sort());
    for (const [name, expected] of Object.entries(c.afterStep)) {
      const actual = await after.get(name)!.data();
      expect(maxRelError(actual, decode(expected)), name).toBeLessThan(1e-4);
    }
    tf.dispose(state.tensors.map((s) => s.tensor));
    tf.dispose([x0, eps]);
    trainer.dispose();
    model.dispose();
  });
});

describe.each(['mlp', 'unet'] as const)('the reference’s weights through the app’s checkpoint path: %s', (kind) => {
  it('a tfjs checkpoint written from the fixture loads by name and gives the reference’s ε_θ', async () => {
    const c = fixture.cases[kind];
    const names = Object.keys(c.weights);
    const arrays = names.map((n) => decode(c.weights[n]));
    const data = new Float32Array(arrays.reduce((k, a) => k + a.length, 0));
    let offset = 0;
    for (const a of arrays) { data.set(a, offset); offset += a.length; }
    const artifacts = {
      modelTopology: { format: CHECKPOINT_FORMAT, version: 1, config: c.config },
      weightSpecs: names.map((name) => ({ name, shape: c.weights[name].shape, dtype: 'float32' as const })),
      weightData: data.buffer,
    };
    const contents = fromArtifacts(artifacts, c.config);
    const model = createDenoiser(c.config, 5);
    loadIntoModel(model, contents.tensors);
    const schedule = makeSchedule({ kind: 'linear', T: 1000 });
    const eps = tf.tensor4d(decode(fixture.eps), [3, 28, 28, 1]);
    const x0 = tf.tensor4d(decode(fixture.x0), [3, 28, 28, 1]);
    const xt = qSample(x0, Int32Array.from(fixture.t), eps, schedule) as tf.Tensor4D;
    const out = model.apply(xt, tf.tensor1d(fixture.t));
    expect(maxRelError(await out.data(), decode(c.epsTheta))).toBeLessThan(1e-5);
    tf.dispose([eps, x0, xt, out, ...contents.tensors.values()]);
    model.dispose();
  });
});
