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
import { itAgreesWithTheReference } from '../model/parityChecks';

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
  itAgreesWithTheReference(() => report);
});
