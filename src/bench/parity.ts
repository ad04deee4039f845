/**
 * Parity with the PyTorch reference on whatever backend tfjs runs: reference/make_fixture.py writes
 * test/fixtures/parity.json (tiny MLP and U-Net, the digit classifier: weights, inputs, outputs, and
 * the state after one training step); this runs the app's own code on the same inputs and returns the
 * largest relative error of each output. The unit tests call it on the CPU backend in Node, the browser
 * tests through the benchmark page on WebGPU and WebGL.
 */
import * as tf from '@tensorflow/tfjs';
import { qSample } from '../diffusion/forwardOps';
import { lossSimple } from '../diffusion/loss';
import { makeSchedule } from '../diffusion/schedule';
import { Trainer } from '../engine/trainer';
import { createDenoiser, labelRows } from '../model';
import { createClassifier } from '../model/classifier';
import type { ModelConfig } from '../model/types';

export interface Encoded {
  shape: number[];
  /** base64 of little-endian float32 */
  data: string;
}

export interface ParityCase {
  config: ModelConfig;
  /** a conditional case's labels (digits, 10 for ∅) */
  labels?: number[];
  weights: Record<string, Encoded>;
  xt: Encoded;
  epsTheta: Encoded;
  loss: number;
  resumeStep: number;
  beforeStep: Record<string, Encoded>;
  afterStep: Record<string, Encoded>;
}

/** The denoisers of the fixture: the tiny MLP and U-Net, and that U-Net conditioned on the digit. */
export const PARITY_CASES = ['mlp', 'unet', 'unetConditional'] as const;
export type ParityCaseName = (typeof PARITY_CASES)[number];

export interface ParityFixture {
  t: number[];
  x0: Encoded;
  eps: Encoded;
  cases: Record<ParityCaseName, ParityCase>;
  trainer: { learningRate: number; clipNorm: number; emaDecay: number };
  classifier: { weights: Record<string, Encoded>; x: Encoded; probs: Encoded; features: Encoded };
}

/** Largest relative errors against the reference (|a − b| over the largest |b| of the tensor). */
export interface ParityReport {
  models: Record<ParityCaseName, {
    xt: number;
    epsTheta: number;
    loss: number;
    /** after one training step: the worst tensor (weights, EMA, Adam moments) and its name */
    step: number;
    stepWorst: string;
    /** tensor names after the step that the reference lacks, or the reverse */
    stepNamesDiffer: string[];
    /** every tensor after the step whose error exceeds 1e-5, by name (for diagnosis) */
    stepErrors: Record<string, number>;
  }>;
  classifier: { probs: number; features: number };
  /** tensors alive after the run minus before (0: nothing leaked) */
  leaked: number;
}

export function decodeFloats(e: Encoded): Float32Array {
  const bin = atob(e.data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

export function maxRelError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
  return Number.isNaN(worst) ? Infinity : worst;
}

const tensorOf = (e: Encoded) => tf.tensor(decodeFloats(e), e.shape);

async function relError(t: tf.Tensor, expected: Encoded): Promise<number> {
  return maxRelError(await t.data(), decodeFloats(expected));
}

async function modelCase(fixture: ParityFixture, c: ParityCase): Promise<ParityReport['models']['mlp']> {
  const schedule = makeSchedule({ kind: 'linear', T: 1000 });
  const n = fixture.t.length;
  const model = createDenoiser(c.config, 1);
  for (const p of model.params) {
    const value = tf.tensor(decodeFloats(c.weights[p.name]), p.variable.shape);
    p.variable.assign(value);
    value.dispose();
  }
  const x0 = tf.tensor4d(decodeFloats(fixture.x0), [n, 28, 28, 1]);
  const eps = tf.tensor4d(decodeFloats(fixture.eps), [n, 28, 28, 1]);
  const t = tf.tensor1d(fixture.t);
  const xt = qSample(x0, Int32Array.from(fixture.t), eps, schedule) as tf.Tensor4D;
  const y = c.labels ? labelRows(c.labels) : undefined;
  const out = model.apply(xt, t, undefined, y);
  const loss = lossSimple(eps, out);
  const forward = {
    xt: await relError(xt, c.xt),
    epsTheta: await relError(out, c.epsTheta),
    loss: Math.abs((await loss.data())[0] - c.loss) / c.loss,
  };
  tf.dispose([xt, out, loss, t]);
  y?.dispose();

  // one step of Algorithm 1 from the restored mid-training state
  const trainer = new Trainer(model, schedule, { ...fixture.trainer, seed: 1 });
  const saved = new Map(Object.entries(c.beforeStep).map(([name, e]) => [name, tensorOf(e)]));
  await trainer.setState(c.resumeStep, saved);
  tf.dispose([...saved.values()]);
  const stepped = trainer.step(x0, { t: Int32Array.from(fixture.t), eps, y: c.labels });
  tf.dispose([stepped.loss, stepped.perExample]);
  const state = await trainer.getState();
  const after = new Map<string, tf.Tensor>(model.params.map((p) => [p.name, p.variable]));
  for (const { name, tensor } of state.tensors) after.set(name, tensor);
  const expectedNames = Object.keys(c.afterStep);
  const stepNamesDiffer = [...[...after.keys()].filter((k) => !(k in c.afterStep)), ...expectedNames.filter((k) => !after.has(k))];
  let step = 0;
  let stepWorst = '';
  const stepErrors: Record<string, number> = {};
  for (const name of expectedNames) {
    const actual = after.get(name);
    const e = actual ? await relError(actual, c.afterStep[name]) : Infinity;
    if (e >= step) [step, stepWorst] = [e, name];
    if (e > 1e-5) stepErrors[name] = e;
  }
  tf.dispose(state.tensors.map((s) => s.tensor));
  tf.dispose([x0, eps]);
  trainer.dispose();
  model.dispose();
  return { ...forward, step, stepWorst, stepNamesDiffer, stepErrors };
}

/** Runs every case of the fixture on the current backend. */
export async function runParity(fixture: ParityFixture): Promise<ParityReport> {
  const before = tf.memory().numTensors;
  const models = {} as ParityReport['models'];
  for (const name of PARITY_CASES) models[name] = await modelCase(fixture, fixture.cases[name]);
  const c = fixture.classifier;
  const classifier = createClassifier(new Map(Object.entries(c.weights).map(([name, e]) => [name, tensorOf(e)])), { heldOutAccuracy: NaN });
  const x = tensorOf(c.x) as tf.Tensor2D;
  const { probs, features } = classifier.apply(x);
  const scores = { probs: await relError(probs, c.probs), features: await relError(features, c.features) };
  tf.dispose([x, probs, features]);
  classifier.dispose();
  return { models, classifier: scores, leaked: tf.memory().numTensors - before };
}
