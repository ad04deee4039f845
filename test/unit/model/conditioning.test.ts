/**
 * Class conditioning (Ho & Salimans 2022): one more parameter, a label embedding added to the time
 * embedding; ∅ by default; an unconditional model unchanged and refusing labels; Algorithm 1 dropping
 * labels at the rate p_uncond.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import {
  LABEL_ROWS, NULL_LABEL, createDenoiser, describeConfig, labelRows, paramCountOf, paramSpecsOf, sameConfig, validateConfig,
  type ModelConfig,
} from '../../../src/model';
import { Trainer } from '../../../src/engine/trainer';

const unet: ModelConfig = { kind: 'unet', baseChannels: 4, channelMults: [1, 2], groups: 2, timeDim: 8 };
const mlp: ModelConfig = { kind: 'mlp', hidden: 16, depth: 1, timeDim: 8 };
const conditional = <C extends ModelConfig>(c: C): C => ({ ...c, conditional: true });

async function values(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

describe.each([unet, mlp])('a conditional $kind', (config) => {
  it('has the unconditional parameters and one more, label.embedding [11, 4d], after the time MLP', () => {
    const plain = paramSpecsOf(config);
    const cond = paramSpecsOf(conditional(config));
    expect(cond.map((s) => s.name)).toEqual([...plain.slice(0, 4).map((s) => s.name), 'label.embedding', ...plain.slice(4).map((s) => s.name)]);
    expect(cond[4].shape).toEqual([LABEL_ROWS, 4 * config.timeDim]);
    expect(paramCountOf(cond) - paramCountOf(plain)).toBe(11 * 4 * config.timeDim);
    expect(describeConfig(conditional(config))).toMatch(/conditioned on the digit/);
    expect(sameConfig(config, conditional(config))).toBe(false);
  });

  it('predicts with ∅ when no label is given, and differently for different labels', async () => {
    const model = createDenoiser(conditional(config), 3);
    // a random output layer, so that ε_θ depends on the input at all
    const out = model.params.find((p) => p.name === 'out.kernel' || p.name === 'out.conv.kernel')!.variable;
    out.assign(tf.randomNormal(out.shape, 0, 0.3, 'float32', 4));
    const xt = tf.randomNormal([3, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const t = tf.tensor1d([10, 500, 900]);
    const none = await values(model.apply(xt, t));
    const nullRows = labelRows([NULL_LABEL, NULL_LABEL, NULL_LABEL]);
    const explicit = await values(model.apply(xt, t, undefined, nullRows));
    expect(Array.from(explicit)).toEqual(Array.from(none));
    const sevens = labelRows([7, 7, 7]);
    const asked = await values(model.apply(xt, t, undefined, sevens));
    const moved = asked.reduce((m, v, i) => Math.max(m, Math.abs(v - none[i])), 0);
    expect(moved).toBeGreaterThan(1e-3);
    tf.dispose([xt, t, nullRows, sevens]);
    model.dispose();
  });

  it('refuses labels of the wrong shape, and an unconditional model refuses labels at all', () => {
    const cond = createDenoiser(conditional(config), 1);
    const plain = createDenoiser(config, 1);
    const xt = tf.zeros([2, 28, 28, 1]) as tf.Tensor4D;
    const t = tf.tensor1d([1, 2]);
    const three = labelRows([1, 2, 3]);
    const two = labelRows([1, 2]);
    expect(() => cond.apply(xt, t, undefined, three)).toThrow(/\[2, 11\]/);
    expect(() => plain.apply(xt, t, undefined, two)).toThrow(/unconditional/);
    tf.dispose([xt, t, three, two]);
    cond.dispose();
    plain.dispose();
  });
});

describe('labels', () => {
  it('labelRows is one-hot over the ten digits and ∅, and refuses anything else', async () => {
    const rows = labelRows([0, 9, NULL_LABEL]);
    expect(rows.shape).toEqual([3, 11]);
    const v = await values(rows);
    expect([0, 11 + 9, 22 + 10].every((i) => v[i] === 1)).toBe(true);
    expect(v.reduce((a, b) => a + b, 0)).toBe(3);
    expect(() => labelRows([11])).toThrow(/digit 0–9 or 10/);
    expect(() => labelRows([2.5])).toThrow(RangeError);
  });

  it('a configuration’s conditional flag must be a boolean', () => {
    expect(() => validateConfig({ ...unet, conditional: 'yes' } as unknown as ModelConfig)).toThrow(/true or false/);
  });
});

describe('Algorithm 1 with labels', () => {
  it('drops labels to ∅ at the rate p_uncond over many batches, keeps the others, and needs labels', () => {
    const schedule = makeSchedule({ kind: 'linear', T: 1000 });
    for (const pUncond of [0.1, 0.3]) {
      const model = createDenoiser(conditional(mlp), 2);
      const trainer = new Trainer(model, schedule, { learningRate: 1e-3, clipNorm: 1, emaDecay: null, seed: 9, pUncond });
      const x0 = tf.zeros([64, 28, 28, 1]) as tf.Tensor4D;
      const labels = Array.from({ length: 64 }, (_, i) => i % 10);
      let dropped = 0;
      let total = 0;
      for (let k = 0; k < 40; k++) {
        const r = trainer.step(x0, undefined, labels);
        r.y!.forEach((y, i) => {
          expect(y === NULL_LABEL || y === labels[i]).toBe(true);
          if (y === NULL_LABEL) dropped++;
        });
        total += 64;
        tf.dispose([r.loss, r.perExample]);
      }
      // binomial(2560, p): within 4 standard deviations
      const sd = Math.sqrt(total * pUncond * (1 - pUncond));
      expect(Math.abs(dropped - total * pUncond)).toBeLessThan(4 * sd);
      expect(() => trainer.step(x0)).toThrow(/labelled digits/);
      x0.dispose();
      trainer.dispose();
      model.dispose();
    }
  });
});
