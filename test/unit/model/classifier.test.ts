/**
 * The digit classifier shipped in public/models/classifier/ (reference/classifier.py trains it, export.py
 * writes it float16) loads through the app's reader and, run by the app's code, is as accurate on the
 * held-out digits as the reference measured.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { batchX0 } from '../../../src/data/digits';
import { decodeDigitSet } from '../../../src/data/format';
import { HELD_OUT } from '../../../src/engine/deviceData';
import { filesToArtifacts } from '../../../src/engine/checkpoint';
import { CLASSIFIER_SHAPES, classifierFromArtifacts } from '../../../src/model/classifier';
import { CheckpointError } from '../../../src/model';

const dir = new URL('../../../public/models/classifier/', import.meta.url);

function shipped() {
  const modelJson = readFileSync(new URL('model.json', dir), 'utf8');
  const bytes = readFileSync(new URL('weights.bin', dir));
  return filesToArtifacts({ modelJson, weights: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), weightsName: 'weights.bin' });
}

describe('the digit classifier', () => {
  it('reads the held-out digits as accurately as the reference measured (within 0.5 %), leaking nothing', async () => {
    const artifacts = shipped();
    expect(artifacts.weightSpecs!.every((s) => s.quantization?.dtype === 'float16')).toBe(true);
    const before = tf.memory().numTensors;
    const classifier = classifierFromArtifacts(artifacts);
    expect(classifier.about.heldOutAccuracy).toBeGreaterThan(0.95);
    const set = decodeDigitSet(readFileSync(new URL('../../../public/data/mnist-10k.bin', import.meta.url)));
    const indices = Array.from({ length: HELD_OUT }, (_, i) => set.count - HELD_OUT + i);
    const x = tf.tensor2d(batchX0(set, indices), [HELD_OUT, 784]);
    const { probs, features } = classifier.apply(x);
    expect(features.shape).toEqual([HELD_OUT, 64]);
    const [top, best] = [tf.argMax(probs, 1), tf.max(probs, 1)];
    const predicted = await top.data();
    const confident = await best.data();
    tf.dispose([top, best]);
    let correct = 0;
    let sure = 0;
    indices.forEach((i, k) => {
      if (predicted[k] === set.labels[i]) correct++;
      if (confident[k] >= 0.9) sure++;
    });
    expect(Math.abs(correct / HELD_OUT - classifier.about.heldOutAccuracy)).toBeLessThan(0.005);
    // real digits are confidently digits (the meter's "confident" threshold is 0.9)
    expect(sure / HELD_OUT).toBeGreaterThan(0.85);
    tf.dispose([x, probs, features]);
    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a denoiser, a missing weight and a wrong shape with a clear message', () => {
    const artifacts = shipped();
    expect(() => classifierFromArtifacts({ ...artifacts, modelTopology: { format: 'ddpm-explorable', version: 1 } })).toThrow(/does not describe the explorable’s digit classifier/);
    const specs = artifacts.weightSpecs!;
    const dropLast = { ...artifacts, weightSpecs: specs.slice(0, -1), weightData: (artifacts.weightData as ArrayBuffer).slice(0, -2 * 10) };
    expect(() => classifierFromArtifacts(dropLast)).toThrow(CheckpointError);
    expect(() => classifierFromArtifacts(dropLast)).toThrow(/lacks the weight 'logits.bias'/);
    const reshaped = { ...artifacts, weightSpecs: specs.map((s) => (s.name === 'feat.bias' ? { ...s, shape: [8, 8] } : s)) };
    expect(() => classifierFromArtifacts(reshaped)).toThrow(/'feat.bias'.*\[8, 8\].*\[64\]/);
    expect(CLASSIFIER_SHAPES.size).toBe(12);
  });
});
