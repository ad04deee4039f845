/** The shipped pretrained model (public/models/unet/) loads through the app's own checkpoint path. */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIGS, createDenoiser, fromArtifacts, loadIntoModel } from '../../../src/model';
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
