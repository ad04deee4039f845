/** The shipped pretrained model (public/models/unet/) loads through the app's own checkpoint path. */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIGS, createDenoiser, fromArtifacts, labelRows, loadIntoModel } from '../../../src/model';
import { filesToArtifacts } from '../../../src/engine/checkpoint';
import { choiceOf } from '../../../src/engine/models';
import { PRETRAINED_SCHEDULE } from '../../../src/ui/pretrained';

const dir = new URL('../../../public/models/unet/', import.meta.url);

describe('the pretrained model', () => {
  it('is the default U-Net, float16, with finite weights and metadata that say how it was made', async () => {
    const modelJson = readFileSync(new URL('model.json', dir), 'utf8');
    const bytes = readFileSync(new URL('weights.bin', dir));
    const weights = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const artifacts = filesToArtifacts({ modelJson, weights, weightsName: 'weights.bin' });
    expect(artifacts.weightSpecs!.every((s) => s.quantization?.dtype === 'float16')).toBe(true);
    const contents = fromArtifacts(artifacts, DEFAULT_CONFIGS.unet);
    expect(choiceOf(contents.config)).toEqual({ model: 'unet', size: 'default', conditional: false });
    expect(weights.byteLength).toBe(2 * 225_265);
    const about = contents.metadata.pretrained as { steps: number; seed: number; trainer: string; date: string };
    expect(about.steps).toBeGreaterThan(0);
    expect(contents.metadata.step).toBe(about.steps);
    expect(about.trainer).toMatch(/reference\/train\.py/);
    // the app assumes this schedule before the download (its coefficients, "denoise my digit")
    expect((contents.metadata.trainConfig as { schedule: unknown }).schedule).toEqual(PRETRAINED_SCHEDULE);
    const model = createDenoiser(DEFAULT_CONFIGS.unet, 1);
    loadIntoModel(model, contents.tensors);
    // a trained ε_θ on pure noise at t = T predicts that noise: ‖ε − ε_θ‖² per pixel well below 1
    const xT = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 3);
    const eps = model.apply(xT as tf.Tensor4D, tf.fill([4], 1000));
    const mse = (await tf.mean(tf.square(tf.sub(xT, eps))).data())[0];
    expect(mse).toBeLessThan(0.05);
    tf.dispose([xT, eps, ...contents.tensors.values()]);
    model.dispose();
  });
});

describe('the pretrained conditional model', () => {
  it('is the default U-Net conditioned on the digit, float16, whose metadata say how it was made and how well it obeys', async () => {
    const cdir = new URL('../../../public/models/unet-conditional/', import.meta.url);
    const modelJson = readFileSync(new URL('model.json', cdir), 'utf8');
    const bytes = readFileSync(new URL('weights.bin', cdir));
    const weights = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const artifacts = filesToArtifacts({ modelJson, weights, weightsName: 'weights.bin' });
    expect(artifacts.weightSpecs!.every((s) => s.quantization?.dtype === 'float16')).toBe(true);
    const contents = fromArtifacts(artifacts);
    expect(choiceOf(contents.config)).toEqual({ model: 'unet', size: 'default', conditional: true });
    // the unconditional U-Net's parameters and the label embedding, 11 × 128
    expect(weights.byteLength).toBe(2 * (225_265 + 11 * 128));
    const about = contents.metadata.pretrained as { steps: number; trainer: string; pUncond: number; quality: { guidance: { w: number; accuracy: number[] } } };
    expect(about.steps).toBeGreaterThan(0);
    expect(about.trainer).toMatch(/reference\/train\.py/);
    expect(about.pUncond).toBe(0.1);
    expect((contents.metadata.trainConfig as { conditional: boolean }).conditional).toBe(true);
    expect(about.quality.guidance.w).toBe(2);
    expect(about.quality.guidance.accuracy.every((a) => a >= 0.8)).toBe(true);
    // asked for a 7 and for nothing at t = T, it predicts the noise either way; the two predictions differ
    const model = createDenoiser(contents.config, 1);
    loadIntoModel(model, contents.tensors);
    const xT = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const sevens = labelRows([7, 7, 7, 7]);
    const asked = model.apply(xT, tf.fill([4], 1000), undefined, sevens);
    const none = model.apply(xT, tf.fill([4], 1000));
    for (const eps of [asked, none]) expect((await tf.mean(tf.square(tf.sub(xT, eps))).data())[0]).toBeLessThan(0.05);
    expect((await tf.max(tf.abs(tf.sub(asked, none))).data())[0]).toBeGreaterThan(1e-4);
    tf.dispose([xT, sevens, asked, none, ...contents.tensors.values()]);
    model.dispose();
  });
});
