/**
 * Parity with the PyTorch reference (reference/make_fixture.py writes test/fixtures/parity.json):
 * the same weights, x_0, t and ε give the same x_t, ε_θ and loss, to float precision.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { CHECKPOINT_FORMAT, createDenoiser, fromArtifacts, labelRows, loadIntoModel } from '../../../src/model';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { qSample } from '../../../src/diffusion/forwardOps';
import { PARITY_CASES, decodeFloats, maxRelError, runParity, type ParityFixture, type ParityReport } from '../../../src/bench/parity';
import { itAgreesWithTheReference } from './parityChecks';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/parity.json', import.meta.url), 'utf8')) as ParityFixture;
const decode = decodeFloats;

describe('parity with the PyTorch reference (the same code runs in the browser tests per backend)', () => {
  let report: ParityReport;
  beforeAll(async () => {
    report = await runParity(fixture);
  });
  itAgreesWithTheReference(() => report);
  it('a wrong model is caught: perturbing one weight moves ε_θ past the tolerance', async () => {
    const c = fixture.cases.unet;
    const name = 'out.conv.bias' in c.weights ? 'out.conv.bias' : Object.keys(c.weights)[0];
    const w = decode(c.weights[name]);
    w[0] += 0.05;
    const bytes = new Uint8Array(w.buffer);
    const broken = { ...fixture, cases: { ...fixture.cases, unet: { ...c, weights: { ...c.weights, [name]: { shape: c.weights[name].shape, data: Buffer.from(bytes).toString('base64') } } } } };
    const r = await runParity(broken);
    expect(r.models.unet.epsTheta).toBeGreaterThan(1e-3);
  });
});

describe.each(PARITY_CASES)('the reference’s weights through the app’s checkpoint path: %s', (kind) => {
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
    const y = c.labels ? labelRows(c.labels) : undefined;
    const out = model.apply(xt, tf.tensor1d(fixture.t), undefined, y);
    expect(maxRelError(await out.data(), decode(c.epsTheta))).toBeLessThan(1e-5);
    tf.dispose([eps, x0, xt, out, ...contents.tensors.values()]);
    y?.dispose();
    model.dispose();
  });
});
