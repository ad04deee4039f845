/**
 * The WebAssembly backend in Node: the parity fixture (ε_θ, the loss, one training step of both
 * denoisers and the digit classifier against PyTorch) covers every op the models use, forward and
 * backward, with the gradients of src/model/cpuGradients.ts where the backend's own are missing or slow.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '../../../src/engine/wasmKernels';
import { runParity, type ParityFixture, type ParityReport } from '../../../src/bench/parity';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/parity.json', import.meta.url), 'utf8')) as ParityFixture;

describe('parity with the PyTorch reference on the WebAssembly backend', () => {
  let report: ParityReport;
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    await tf.ready();
    report = await runParity(fixture);
  });
  it('runs on wasm', () => {
    expect(tf.getBackend()).toBe('wasm');
  });
  it.each(['mlp', 'unet'] as const)('%s: ε_θ(x_t, t) and the loss agree to 1e-5', (kind) => {
    expect(report.models[kind].epsTheta).toBeLessThan(1e-5);
    expect(report.models[kind].loss).toBeLessThan(1e-5);
  });
  it.each(['mlp', 'unet'] as const)('%s: one training step gives the same weights, EMA and Adam moments to 1e-4', (kind) => {
    const r = report.models[kind];
    expect(r.stepNamesDiffer).toEqual([]);
    expect(r.step, r.stepWorst).toBeLessThan(1e-4);
  });
  it('the digit classifier gives the same probabilities and features to 1e-5', () => {
    expect(report.classifier.probs).toBeLessThan(1e-5);
    expect(report.classifier.features).toBeLessThan(1e-5);
  });
  it('leaves no tensor behind', () => {
    expect(report.leaked).toBe(0);
  });
});
