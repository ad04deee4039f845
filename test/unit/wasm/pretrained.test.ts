/**
 * The promise, in Node on WebAssembly: the shipped U-Net, sampled by the app's own DDIM code, makes
 * digits that the shipped classifier, run by the app's own meter, reads as confidently as the PyTorch
 * reference measured for the same model and sampler (its figure is in the model's metadata).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '../../../src/engine/wasmKernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadForSampling, sampleImages } from '../../../src/cli/sample';
import { filesToArtifacts } from '../../../src/engine/checkpoint';
import { DigitMeter } from '../../../src/engine/meter';
import { classifierFromArtifacts } from '../../../src/model/classifier';

const classifierDir = new URL('../../../public/models/classifier/', import.meta.url);
const meter = new DigitMeter(async () => {
  const bytes = readFileSync(new URL('weights.bin', classifierDir));
  const files = { modelJson: readFileSync(new URL('model.json', classifierDir), 'utf8'), weights: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), weightsName: 'weights.bin' };
  return classifierFromArtifacts(filesToArtifacts(files));
});
const reference = JSON.parse(readFileSync(new URL('../../../public/models/unet/model.json', import.meta.url), 'utf8')).userDefinedMetadata.pretrained.quality as {
  sampler: string; steps: number; eta: number; clip: boolean; n: number; confident: number;
};

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  (await meter.classifier()).dispose();
  await tf.setBackend('cpu');
});

describe('the pretrained model on WebAssembly', () => {
  it('DDIM samples read as confidently as the reference measured, and at least 0.7 of them are digits by its figure', async () => {
    expect([reference.sampler, reference.steps, reference.eta, reference.clip]).toEqual(['ddim', 10, 0, true]);
    expect(reference.confident).toBeGreaterThanOrEqual(0.7);
    const loaded = loadForSampling('public/models/unet');
    const n = reference.n;
    const before = tf.memory().numTensors;
    const x0 = await sampleImages(loaded, { n, sampler: 'ddim', steps: 10, eta: 0, sigma: 'beta', clip: true, seed: 1, batch: 64 }, () => undefined);
    expect(tf.memory().numTensors).toBe(before);
    loaded.model.dispose();
    const scores = await meter.score(x0, null);
    const ours = scores.confident / n;
    // two independent estimates of one share p, n samples each: their difference has sd √(2p(1−p)/n)
    const p = reference.confident;
    const sd = Math.sqrt((2 * p * (1 - p)) / n);
    expect(Math.abs(ours - p), `the app's ${ours} against the reference's ${p}`).toBeLessThanOrEqual(3 * sd);
    // and it makes every digit
    expect(scores.histogram.filter((count) => count > 0)).toHaveLength(10);
  }, 300_000);
});

const conditional = JSON.parse(readFileSync(new URL('../../../public/models/unet-conditional/model.json', import.meta.url), 'utf8')).userDefinedMetadata.pretrained.quality as {
  steps: number; guidance: { w: number; perDigit: number; accuracy: number[] };
};

describe('the pretrained conditional model on WebAssembly', () => {
  it('asked for each digit with w = 2 (the app’s guided DDIM), draws it as often as the reference measured', async () => {
    const { w, perDigit, accuracy } = conditional.guidance;
    expect(w).toBe(2);
    expect(accuracy).toHaveLength(10);
    const loaded = loadForSampling('public/models/unet-conditional');
    expect(loaded.model.config.conditional).toBe(true);
    const before = tf.memory().numTensors;
    // every digit in turn, as `npm run sample -- --class all` does: sample i is asked for i mod 10
    const n = 10 * perDigit;
    const x0 = await sampleImages(loaded, { n, sampler: 'ddim', steps: 10, eta: 0, sigma: 'beta', clip: true, seed: 1, batch: 80, digitClass: 'all', w }, () => undefined);
    expect(tf.memory().numTensors).toBe(before);
    loaded.model.dispose();
    const scores = await meter.score(x0, null);
    const hits = Array.from(scores.digits).filter((d, i) => d === i % 10).length;
    const ours = hits / n;
    const p = accuracy.reduce((a, b) => a + b, 0) / 10;
    const sd = Math.sqrt((2 * p * (1 - p)) / n) + 1 / n;
    expect(Math.abs(ours - p), `the app's ${ours} against the reference's ${p}`).toBeLessThanOrEqual(3 * sd);
    expect(ours).toBeGreaterThanOrEqual(0.8);
  }, 300_000);
});

