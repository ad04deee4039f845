/**
 * The sample-quality meter on real digits and on noise, with the shipped classifier
 * (public/models/classifier/) on the CPU backend.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { batchX0 } from '../../../src/data/digits';
import { decodeDigitSet } from '../../../src/data/format';
import { filesToArtifacts } from '../../../src/engine/checkpoint';
import { DeviceData, HELD_OUT } from '../../../src/engine/deviceData';
import { DigitMeter } from '../../../src/engine/meter';
import { classifierFromArtifacts } from '../../../src/model/classifier';
import { mulberry32 } from '../../../src/diffusion/rng';

const dir = new URL('../../../public/models/classifier/', import.meta.url);
const set = decodeDigitSet(readFileSync(new URL('../../../public/data/mnist-10k.bin', import.meta.url)));
const before = tf.memory().numTensors;
const data = new DeviceData(set.labels, set.pixels);
const meter = new DigitMeter(async () => {
  const bytes = readFileSync(new URL('weights.bin', dir));
  const files = { modelJson: readFileSync(new URL('model.json', dir), 'utf8'), weights: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), weightsName: 'weights.bin' };
  return classifierFromArtifacts(filesToArtifacts(files));
});
const N = 64;

afterAll(async () => {
  (await meter.classifier()).dispose();
  data.dispose();
  expect(tf.memory().numTensors).toBe(before);
});

describe('the sample-quality meter', () => {
  it('reads held-out real digits as confidently digits, at a Fréchet distance near the floor', async () => {
    // 64 held-out digits from the end of the split (the reference statistics use all 1,000)
    const indices = Array.from({ length: N }, (_, i) => set.count - HELD_OUT + 900 + (i % 100));
    const s = await meter.score(batchX0(set, indices), data);
    expect(s.digits.length).toBe(N);
    expect(s.confident / N).toBeGreaterThanOrEqual(0.85);
    expect(s.histogram.reduce((a, b) => a + b, 0)).toBe(s.confident);
    expect(s.fd).not.toBeNull();
    expect(s.fdFloor).toBeGreaterThan(0);
    expect(s.fd!).toBeLessThan(2 * s.fdFloor!);
  });

  it('reads pure noise as no digit, far above the floor', async () => {
    const rand = mulberry32(3);
    const noise = Float32Array.from({ length: N * 784 }, () => 2 * rand() - 1);
    const s = await meter.score(noise, data);
    expect(s.confident / N).toBeLessThanOrEqual(0.1);
    expect(s.fd!).toBeGreaterThan(10 * s.fdFloor!);
  });

  it('scores without the digits (no distance then) and leaks no tensor', async () => {
    await meter.classifier();
    const count = tf.memory().numTensors;
    const s = await meter.score(batchX0(set, [0, 1, 2]), null);
    expect(s.fd).toBeNull();
    expect(tf.memory().numTensors).toBe(count);
  });
});

describe('the memorisation check', () => {
  it('finds a training digit itself at distance 0 by pixels and by features, and a held-out digit farther than 0', async () => {
    // a small dataset: 100 training digits and the 1,000 held-out ones
    const small = new DeviceData(set.labels.slice(0, 1100), set.pixels.slice(0, 1100 * 784));
    const small2 = new DigitMeter(() => meter.classifier());
    await meter.classifier();
    const count = tf.memory().numTensors;
    const copy = await small2.nearest(small, batchX0(set, [42]), 3);
    expect(copy.pixels.indices[0]).toBe(42);
    expect(copy.pixels.distances[0]).toBeCloseTo(0, 3);
    expect(copy.features.indices[0]).toBe(42);
    expect(copy.features.distances[0]).toBeCloseTo(0, 3);
    expect(copy.pixels.distances).toHaveLength(3);
    expect(copy.pixels.typical).toBeGreaterThan(0);
    expect(copy.features.typical).toBeGreaterThan(0);
    const fresh = await small2.nearest(small, batchX0(set, [1050]), 1);
    expect(fresh.pixels.distances[0]).toBeGreaterThan(1);
    expect(tf.memory().numTensors).toBe(count);
    small.dispose();
  });
});
