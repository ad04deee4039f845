import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { alphaBarCoefTensor, coefTensor } from '../../../src/diffusion/coef';
import { qSample, qStep } from '../../../src/diffusion/forwardOps';
import { posteriorMean, predictMeanFromEps, predictX0FromEps } from '../../../src/diffusion/posterior';
import {
  discretizedGaussianNLL, lossSimple, perExampleLoss, perExampleSquaredError, weightedLoss,
} from '../../../src/diffusion/loss';
import {
  ddimStep, ddpmStep, reverseSampler, reverseStep, type EpsModel, type SamplerStep,
} from '../../../src/diffusion/sampler';

const s = makeSchedule({ kind: 'linear', T: 20 });
const shape = [2, 28, 28, 1];
const model: EpsModel = (xt, t) => tf.tidy(() => tf.mul(xt, 0.1 * (t / s.T)));
const noise = (sh: number[]) => tf.randomNormal(sh, 0, 1, 'float32', 7);

/** Runs fn 5 times (fn disposes what it gets back) and checks the live tensor count is unchanged. */
function expectNoLeak(fn: () => void): void {
  fn(); // warm-up: backends may allocate once
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) fn();
  expect(tf.memory().numTensors).toBe(before);
}

describe('no tensor leaks', () => {
  const x = tf.randomNormal(shape, 0, 1, 'float32', 1);
  const e = tf.randomNormal(shape, 0, 1, 'float32', 2);

  const cases: [string, () => tf.TensorContainer][] = [
    ['coefTensor', () => coefTensor(s.betas, [3, 4], 2, 4)],
    ['alphaBarCoefTensor', () => alphaBarCoefTensor(s, [0, 4], 2, 4)],
    ['qSample', () => qSample(x, [5, 20], e, s)],
    ['qStep', () => qStep(x, 5, e, s)],
    ['posteriorMean', () => posteriorMean(x, e, 5, s)],
    ['predictX0FromEps', () => predictX0FromEps(x, e, 5, s)],
    ['predictMeanFromEps', () => predictMeanFromEps(x, e, 5, s)],
    ['lossSimple', () => lossSimple(x, e)],
    ['perExampleLoss', () => perExampleLoss(x, e)],
    ['perExampleSquaredError', () => perExampleSquaredError(x, e)],
    ['weightedLoss', () => weightedLoss(x, e, [2, 20], s, 'beta')],
    ['discretizedGaussianNLL', () => discretizedGaussianNLL(x, e, 0.01)],
    ['ddpmStep', () => { const r = ddpmStep(x, e, 5, s, 'beta', e); return [r.x0Hat, r.mean, r.noise, r.next]; }],
    ['ddpmStep at t = 1', () => { const r = ddpmStep(x, e, 1, s, 'betaTilde', null); return [r.x0Hat, r.mean, r.noise, r.next]; }],
    ['ddimStep', () => { const r = ddimStep(x, e, 10, 3, s, 0.5, e); return [r.x0Hat, r.mean, r.noise, r.next]; }],
    ['reverseStep', () => { const r = reverseStep({ kind: 'ddim', eta: 0, steps: 4 }, x, e, 10, 5, s, null); return [r.x0Hat, r.mean, r.noise, r.next]; }],
  ];
  for (const [name, fn] of cases) {
    it(name, () => expectNoLeak(() => tf.dispose(fn())));
  }

  it('a full DDPM and DDIM sampler run (returned x_0 disposed by the caller)', () => {
    expectNoLeak(() => {
      const gen = reverseSampler(model, x, s, { kind: 'ddpm', sigma: 'beta' }, noise);
      let r = gen.next();
      while (!r.done) r = gen.next();
      r.value.dispose();
      const ddim = reverseSampler(model, x, s, { kind: 'ddim', steps: 7, eta: 1 }, noise);
      let d = ddim.next();
      while (!d.done) d = ddim.next();
      d.value.dispose();
    });
    expect(x.isDisposed).toBe(false); // x_T stays the caller's
  });

  it('a generator stopped early with .return() disposes what it yielded', () => {
    expectNoLeak(() => {
      for (const gen of [
        reverseSampler(model, x, s, { kind: 'ddpm', sigma: 'betaTilde' }, noise),
        reverseSampler(model, x, s, { kind: 'ddim', steps: 5, eta: 0 }, noise),
      ]) {
        const first = gen.next().value as SamplerStep;
        gen.next();
        const placeholder = tf.scalar(0); // return() needs a value of the return type
        gen.return(placeholder);
        placeholder.dispose();
        expect(first.x.isDisposed).toBe(true);
      }
    });
  });

  it('a for…of loop broken early also releases everything', () => {
    expectNoLeak(() => {
      for (const step of reverseSampler(model, x, s, { kind: 'ddim', steps: 10, eta: 0.3 }, noise)) {
        if (step.t < 10) break;
      }
    });
  });

  it('a model that throws mid-run leaks nothing', () => {
    let calls = 0;
    const failing: EpsModel = (xt, t) => {
      if (++calls % 4 === 0) throw new Error('model failure');
      return model(xt, t);
    };
    expectNoLeak(() => {
      const gen = reverseSampler(failing, x, s, { kind: 'ddpm', sigma: 'beta' }, noise);
      expect(() => { for (;;) if (gen.next().done) break; }).toThrow('model failure');
    });
  });

  it('yielded tensors are disposed when the generator advances; the returned x_0 is the caller\'s', () => {
    const gen = reverseSampler(model, x, s, { kind: 'ddim', steps: 3, eta: 0 }, noise);
    const steps: SamplerStep[] = [];
    let r = gen.next();
    while (!r.done) {
      steps.push(r.value);
      expect(r.value.x.isDisposed).toBe(false);
      r = gen.next();
    }
    for (const step of steps) {
      expect(step.x.isDisposed).toBe(true);
      expect(step.x0Hat.isDisposed).toBe(true);
    }
    expect(r.value.isDisposed).toBe(false);
    expect(r.value.shape).toEqual(shape);
    r.value.dispose();
  });
});
