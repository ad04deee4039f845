import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { qSample } from '../../../src/diffusion/forwardOps';
import { lossSimple } from '../../../src/diffusion/loss';
import { createDenoiser, type MlpConfig } from '../../../src/model';
import { makeDigits } from './digits';

const schedule = makeSchedule({ kind: 'linear', T: 1000 });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the MLP learns', () => {
  // With fresh noise every step a plain MLP needs thousands of samples to learn ε ≈ f(x_t) (see
  // DEFAULT_CONFIGS); on one fixed batch (x_0, t, ε) it must fit quickly, which shows that gradients
  // reach every layer. The U-Net is trained with fresh noise in test/unit/engine/trainerUnet.test.ts.
  it('30 Adam steps on one fixed batch (4 digits, fixed t and ε) cut L_simple by more than 30 %', async () => {
    const config: MlpConfig = { kind: 'mlp', hidden: 32, depth: 2, timeDim: 8 };
    const model = createDenoiser(config, 12);
    const x0 = makeDigits();
    const t = [30, 200, 450, 800];
    const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', 21);
    const xt = qSample(x0, t, eps, schedule) as tf.Tensor4D;
    const tTensor = tf.tensor1d(t);
    const optimizer = tf.train.adam(1e-2);
    const variables = model.params.map((p) => p.variable);
    const losses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const loss = optimizer.minimize(() => lossSimple(eps, model.apply(xt, tTensor)), true, variables)!;
      losses.push((await loss.data())[0]);
      loss.dispose();
    }
    expect(mean(losses.slice(-5))).toBeLessThan(0.7 * mean(losses.slice(0, 5)));
    tf.dispose([x0, eps, xt, tTensor]);
    optimizer.dispose();
    model.dispose();
  });
});
