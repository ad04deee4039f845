import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIGS, MODEL_LABELS, createDenoiser, createMlp, paramCountOf, paramSpecsOf,
  type MlpConfig, type UnetConfig,
} from '../../../src/model';
import { makeDigits } from './digits';

const tinyMlp: MlpConfig = { kind: 'mlp', hidden: 16, depth: 2, timeDim: 8 };
const tinyUnet: UnetConfig = { kind: 'unet', baseChannels: 8, channelMults: [1, 2, 2], groups: 4, timeDim: 8 };

// Hand formulas: dense in → out has in·out + out parameters, a k×k convolution k²·in·out + out,
// a GroupNorm 2·C (γ, β).
const denseCount = (i: number, o: number) => i * o + o;
const convCount = (k: number, i: number, o: number) => k * k * i * o + o;
const gnCount = (c: number) => 2 * c;
const resCount = (i: number, o: number, e: number) =>
  gnCount(i) + convCount(3, i, o) + denseCount(e, o) + gnCount(o) + convCount(3, o, o) + (i !== o ? convCount(1, i, o) : 0);

describe('parameter counts', () => {
  it('MLP: time MLP d → 4d → 4d, then (784 + 4d) → hidden → … → 784', () => {
    const d = 8, e = 32, h = 16;
    const want = denseCount(d, e) + denseCount(e, e) + denseCount(784 + e, h) + denseCount(h, h) + denseCount(h, 784);
    expect(paramCountOf(paramSpecsOf(tinyMlp))).toBe(want);
    const m = createDenoiser(tinyMlp, 1);
    expect(m.paramCount).toBe(want);
    expect(m.params.reduce((n, p) => n + p.variable.size, 0)).toBe(want);
    m.dispose();
  });

  it('tiny U-Net (8 base channels × [1, 2, 2]) matches the block-by-block sum', () => {
    const e = 32; // 4 · timeDim
    const want = denseCount(8, e) + denseCount(e, e) // time MLP
      + convCount(3, 1, 8) // in
      + resCount(8, 8, e) + convCount(3, 8, 8) // down0 at 28×28, downsample to 14×14
      + resCount(8, 16, e) + convCount(3, 16, 16) // down1, downsample to 7×7
      + resCount(16, 16, e) // down2
      + 2 * resCount(16, 16, e) // mid
      + resCount(32, 16, e) + convCount(3, 16, 16) // up2 (concat 16 + 16), upsample to 14×14
      + resCount(32, 16, e) + convCount(3, 16, 16) // up1 (16 + 16), upsample to 28×28
      + resCount(24, 8, e) // up0 (16 + 8)
      + gnCount(8) + convCount(3, 8, 1); // output head
    expect(paramCountOf(paramSpecsOf(tinyUnet))).toBe(want);
    const m = createDenoiser(tinyUnet, 1);
    expect(m.paramCount).toBe(want);
    expect(m.params.reduce((n, p) => n + p.variable.size, 0)).toBe(want);
    m.dispose();
  });

  it('the default U-Net (16 base channels) has 225,265 parameters; the labels are the UI names', () => {
    const n = paramCountOf(paramSpecsOf(DEFAULT_CONFIGS.unet));
    expect(n).toBe(225_265);
    expect(paramCountOf(paramSpecsOf(DEFAULT_CONFIGS.mlp))).toBe(2_808_848);
    expect(MODEL_LABELS).toEqual({ mlp: 'MLP (as in the notes)', unet: 'U-Net (small)' });
  });

  it('rejects invalid configurations', () => {
    expect(() => paramSpecsOf({ ...tinyUnet, groups: 3 })).toThrow(RangeError);
    expect(() => paramSpecsOf({ ...tinyUnet, channelMults: [1, 2, 2, 2] })).toThrow(RangeError);
    expect(() => paramSpecsOf({ ...tinyMlp, timeDim: 5 })).toThrow(RangeError);
    expect(() => paramSpecsOf({ ...tinyMlp, depth: 0 })).toThrow(RangeError);
  });
});

describe('forward pass', () => {
  const t = () => tf.tensor1d([1, 10, 500, 1000]);

  for (const config of [tinyMlp, tinyUnet]) {
    it(`${config.kind}: [B, 28, 28, 1] → [B, 28, 28, 1], finite, starting at ε_θ = 0 (zero output layer)`, async () => {
      const m = createDenoiser(config, 2);
      const before = tf.memory().numTensors;
      const x = makeDigits();
      const tt = t();
      const y = m.apply(x, tt);
      expect(y.shape).toEqual([4, 28, 28, 1]);
      const values = await y.data();
      expect(values.every((v) => v === 0)).toBe(true);
      tf.dispose([x, tt, y]);
      expect(tf.memory().numTensors).toBe(before);
      m.dispose();
    });

    it(`${config.kind}: the same seed gives the same weights; weights can be substituted`, async () => {
      const a = createDenoiser(config, 7);
      const b = createDenoiser(config, 7);
      const c = createDenoiser(config, 8);
      const first = a.params.find((p) => p.name.endsWith('.kernel'))!;
      const wa = await first.variable.data();
      const wb = await b.params.find((p) => p.name === first.name)!.variable.data();
      const wc = await c.params.find((p) => p.name === first.name)!.variable.data();
      expect(Array.from(wa)).toEqual(Array.from(wb));
      expect(Array.from(wa)).not.toEqual(Array.from(wc));
      // Give the output layer non-zero weights so that predictions depend on every parameter.
      const bump = (m: typeof a) => m.params.forEach((p) => {
        if (p.name.startsWith('out.') && p.name.endsWith('kernel')) p.variable.assign(tf.fill(p.variable.shape, 0.01));
      });
      bump(a); bump(c);
      const x = makeDigits();
      const tt = t();
      // a's forward pass with c's weights equals c's forward pass
      const mixed = a.apply(x, tt, c.params.map((p) => p.variable));
      const own = c.apply(x, tt);
      const other = a.apply(x, tt);
      const [dm, doOwn, dOther] = await Promise.all([mixed.data(), own.data(), other.data()]);
      expect(Array.from(dm)).toEqual(Array.from(doOwn));
      expect(Array.from(dm)).not.toEqual(Array.from(dOther));
      expect(() => a.apply(x, tt, c.params.slice(1).map((p) => p.variable))).toThrow(/weight tensors/);
      tf.dispose([x, tt, mixed, own, other]);
      [a, b, c].forEach((m) => m.dispose());
    });
  }

  it('MLP applyFlat works on [B, 784] like the notes and agrees with apply', async () => {
    const m = createMlp(tinyMlp, 3);
    m.params.forEach((p) => { if (p.name === 'out.kernel') p.variable.assign(tf.fill(p.variable.shape, 0.02)); });
    const x = makeDigits();
    const flat = tf.reshape(x, [4, 784]) as tf.Tensor2D;
    const tt = t();
    const yFlat = m.applyFlat(flat, tt);
    expect(yFlat.shape).toEqual([4, 784]);
    const y = m.apply(x, tt);
    const [a, b] = await Promise.all([yFlat.data(), y.data()]);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(() => m.apply(flat as unknown as tf.Tensor4D, tt)).toThrow(/28, 28, 1/);
    tf.dispose([x, flat, tt, yFlat, y]);
    m.dispose();
  });

  it('rejects a timestep vector of the wrong length', () => {
    const m = createDenoiser(tinyMlp, 1);
    const x = makeDigits();
    const tt = tf.tensor1d([1, 2]);
    expect(() => m.apply(x, tt)).toThrow(/one timestep per example/);
    tf.dispose([x, tt]);
    m.dispose();
  });
});
