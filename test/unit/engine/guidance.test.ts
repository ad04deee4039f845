/**
 * Classifier-free guidance: ε̃ = (1 + w) ε_θ(x_t, t, y) − w ε_θ(x_t, t, ∅) (Ho & Salimans 2022, eq. 6).
 * w = 0 is the conditional prediction and w = −1 the unconditional one, exactly; a guided sampling run
 * shows both predictions and their combination; the meter's variety is a mean pairwise distance.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { guideArrays, validateGuidance } from '../../../src/diffusion/guidance';
import { guide, guidedEps } from '../../../src/engine/guidedEps';
import { meanPairwiseDistance } from '../../../src/engine/meter';
import { ReverseChain } from '../../../src/engine/sampling';
import { EPS_RANGE, quantise } from '../../../src/diffusion/stepCodes';
import { createDenoiser, labelRows, NULL_LABEL, type Denoiser, type ModelConfig } from '../../../src/model';

const config: ModelConfig = { kind: 'unet', baseChannels: 4, channelMults: [1, 2], groups: 2, timeDim: 8, conditional: true };

/** A conditional model whose output layer is random, so that its predictions depend on x_t, t and y. */
function conditionalModel(): Denoiser {
  const model = createDenoiser(config, 21);
  const out = model.params.find((p) => p.name === 'out.conv.kernel')!.variable;
  out.assign(tf.randomNormal(out.shape, 0, 0.3, 'float32', 22));
  return model;
}

async function read(t: tf.Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

/** The values of a tensor the caller no longer needs. */
async function take(t: tf.Tensor): Promise<number[]> {
  const v = await read(t);
  t.dispose();
  return v;
}

describe('the guidance combination', () => {
  it('w = 0 gives ε(y) and w = −1 gives ε(∅), exactly, on tensors and on arrays', async () => {
    const c = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 1);
    const u = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 2);
    const [cv, uv] = [await read(c), await read(u)];
    for (const [w, expected] of [[0, cv], [-1, uv]] as const) {
      const g = guide(c, u, w);
      expect(await read(g)).toEqual(expected);
      expect(Array.from(guideArrays(cv, uv, w))).toEqual(expected);
      g.dispose();
    }
    // and in between, (1 + w) c − w u
    const g2 = guide(c, u, 2);
    const v = await read(g2);
    expect(v[5]).toBeCloseTo(3 * cv[5] - 2 * uv[5], 5);
    expect(Array.from(guideArrays(cv, uv, 2))).toEqual(v);
    tf.dispose([c, u, g2]);
  });

  it('refuses a digit outside 0–9 and a scale below −1', () => {
    expect(() => validateGuidance({ label: 10, w: 1 })).toThrow(/0–9/);
    expect(() => validateGuidance({ label: 3, w: -2 })).toThrow(/≥ −1/);
    expect(() => validateGuidance({ label: null, w: 0 })).not.toThrow();
  });
});

describe('guided ε from a conditional model', () => {
  it('w = 0 is ε_θ(x_t, t, y), w = −1 is ε_θ(x_t, t, ∅), and both predictions come back when guided', async () => {
    const model = conditionalModel();
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([3, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const ts = tf.fill([3], 400) as tf.Tensor1D;
    const sevens = labelRows([7, 7, 7]);
    const nulls = labelRows([NULL_LABEL, NULL_LABEL, NULL_LABEL]);
    const cond = await take(model.apply(x, ts, undefined, sevens));
    const uncond = await take(model.apply(x, ts, undefined, nulls));
    expect(cond).not.toEqual(uncond);

    const atZero = guidedEps(model, x, 400, undefined, { label: 7, w: 0 });
    expect(atZero.parts).toBeNull();
    expect(await read(atZero.eps)).toEqual(cond);

    const atMinusOne = guidedEps(model, x, 400, undefined, { label: 7, w: -1 });
    expect(await read(atMinusOne.eps)).toEqual(await read(atMinusOne.parts!.uncond));
    const u = await read(atMinusOne.parts!.uncond);
    u.forEach((v, i) => expect(v).toBeCloseTo(uncond[i], 5));
    const c = await read(atMinusOne.parts!.cond);
    c.forEach((v, i) => expect(v).toBeCloseTo(cond[i], 5));

    const any = guidedEps(model, x, 400, undefined, { label: null, w: 3 });
    expect(any.parts).toBeNull();
    (await read(any.eps)).forEach((v, i) => expect(v).toBeCloseTo(uncond[i], 5));

    tf.dispose([x, ts, sevens, nulls, atZero.eps, atMinusOne.eps, atMinusOne.parts!.cond, atMinusOne.parts!.uncond, any.eps]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('an unconditional model cannot be asked for a digit', () => {
    const model = createDenoiser({ ...config, conditional: false }, 1);
    const x = tf.zeros([1, 28, 28, 1]) as tf.Tensor4D;
    expect(() => guidedEps(model, x, 10, undefined, { label: 3, w: 1 })).toThrow(/trained without labels/);
    x.dispose();
    model.dispose();
  });

  it('a guided sampling run reports ε(y), ε(∅) and the ε its step used, (1 + w) ε(y) − w ε(∅)', async () => {
    const model = conditionalModel();
    const schedule = makeSchedule({ kind: 'linear', T: 50 });
    const before = tf.memory().numTensors;
    const run = new ReverseChain({
      seed: 5, n: 2, start: null, sampler: { kind: 'ddpm', sigma: 'beta' }, guidance: { label: 4, w: 2.5 },
    }, schedule);
    const { frame, values, guided } = await run.step(model, undefined);
    expect(frame.guided).toBeDefined();
    expect(frame.guided!.label).toBe(4);
    expect(frame.guided!.w).toBe(2.5);
    expect(Array.from(values.eps)).toEqual(Array.from(guideArrays(guided!.cond, guided!.uncond, 2.5)));
    // the frame carries both predictions as codes over ε's range
    expect(frame.guided!.cond).toEqual(quantise(guided!.cond, EPS_RANGE));
    run.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('a guided run on a model that cannot be guided', () => {
  it('refuses the step, says why, and leaves no tensor behind', async () => {
    const plain = createDenoiser({ ...config, conditional: false }, 1);
    const schedule = makeSchedule({ kind: 'linear', T: 20 });
    const run = new ReverseChain({ seed: 1, n: 2, start: null, sampler: { kind: 'ddim', eta: 1, steps: 4 }, guidance: { label: 3, w: 2 } }, schedule);
    const before = tf.memory().numTensors;
    await expect(run.step(plain, undefined)).rejects.toThrow(/trained without labels/);
    expect(tf.memory().numTensors).toBe(before);
    run.dispose();
    plain.dispose();
  });
});

describe('the meter’s variety', () => {
  it('is the mean distance between two different rows', () => {
    // 1-D points 0, 3, 4: distances 3, 4, 1
    expect(meanPairwiseDistance([0, 3, 4], 3, 1)).toBeCloseTo(8 / 3, 12);
    // 2-D: (0,0), (3,4): one distance of 5
    expect(meanPairwiseDistance([0, 0, 3, 4], 2, 2)).toBe(5);
    expect(meanPairwiseDistance([1, 2], 1, 2)).toBe(0);
  });
});
