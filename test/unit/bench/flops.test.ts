import { describe, expect, it } from 'vitest';
import {
  OPTIMIZER_FLOPS_PER_PARAM, forwardFlops, trainingStepFlops, walkedParamCount,
} from '../../../src/bench/flops';
import { DEFAULT_CONFIGS, paramCountOf, paramSpecsOf, type ModelConfig, type UnetConfig } from '../../../src/model';

// One level: in-conv, down0.res0 (4 → 4), mid.res0, mid.res1, up0.res0 (8 → 4, 1×1 skip), out head.
const tinyUnet: ModelConfig = { kind: 'unet', baseChannels: 4, channelMults: [1], groups: 2, timeDim: 4 };
const tinyMlp: ModelConfig = { kind: 'mlp', hidden: 8, depth: 1, timeDim: 4 };
const P = 28 * 28;

/** Hand-written closed forms for the tiny U-Net (d = 4, E = 16, C = 4, every layer at 28×28). */
const tinyUnetByHand = (() => {
  const time = 2 * 4 * 16 + 2 * 16 * 16; // dense0 + dense1
  const inConv = 2 * 9 * 1 * 4 * P;
  const res44 = 2 * 9 * 4 * 4 * P + 2 * 16 * 4 + 2 * 9 * 4 * 4 * P; // conv1 + temb + conv2
  const res84 = 2 * 9 * 8 * 4 * P + 2 * 16 * 4 + 2 * 9 * 4 * 4 * P + 2 * 8 * 4 * P; // … + 1×1 skip
  const out = 2 * 9 * 4 * 1 * P;
  const matmul = time + inConv + 3 * res44 + res84 + out;

  const timeEw = (3 * 4) / 2 + 16 + 4 * 16 + 16 + 4 * 16; // sinusoid, bias, SiLU, bias, SiLU
  const inEw = 4 * P; // bias
  // GN 8·in + SiLU 4·in + bias + temb bias (per example) + offset add + GN + SiLU + bias + [skip bias] + residual add
  const res44Ew = (8 * 4 + 4 * 4 + 4 + 4 + 8 * 4 + 4 * 4 + 4 + 4) * P + 4;
  const res84Ew = (8 * 8 + 4 * 8 + 4 + 4 + 8 * 4 + 4 * 4 + 4 + 4 + 4) * P + 4;
  const outEw = (8 * 4 + 4 * 4 + 1) * P;
  const elementwise = timeEw + inEw + 3 * res44Ew + res84Ew + outEw;

  const params = (4 * 16 + 16 + 16 * 16 + 16) + (9 * 4 + 4)
    + 3 * (2 * 4 + 9 * 16 + 4 + 16 * 4 + 4 + 2 * 4 + 9 * 16 + 4)
    + (2 * 8 + 9 * 32 + 4 + 16 * 4 + 4 + 2 * 4 + 9 * 16 + 4 + 32 + 4)
    + (2 * 4 + 9 * 4 + 1);
  return { matmul, elementwise, params };
})();

/** Hand-written closed forms for the tiny MLP: (784 + 16) → 8 → 784. */
const tinyMlpByHand = {
  matmul: 2 * 4 * 16 + 2 * 16 * 16 + 2 * (784 + 16) * 8 + 2 * 8 * 784,
  elementwise: (3 * 4) / 2 + 16 + 4 * 16 + 16 + 4 * 16 + 8 + 4 * 8 + 784,
  params: (4 * 16 + 16 + 16 * 16 + 16) + (800 * 8 + 8) + (8 * 784 + 784),
};

/**
 * The default U-Net (C = 32, 64, 64 at 28², 14², 7²; d = 32, E = 128) at batch 1, layer by layer:
 * 274,417,664 matmul FLOPs (≈ 137 M multiply-adds per image) for the 32-channel U-Net.
 */
const defaultUnetMatmulByHand = [
  2 * 32 * 128 + 2 * 128 * 128, // time MLP: 40,960
  2 * 9 * 1 * 32 * 784, // in: 451,584
  2 * (2 * 9 * 32 * 32 * 784) + 2 * 128 * 32, // down0.res0: 28,909,568
  2 * 9 * 32 * 32 * 196, // down0.downsample (→ 14²): 3,612,672
  2 * 9 * 32 * 64 * 196 + 2 * 9 * 64 * 64 * 196 + 2 * 128 * 64 + 2 * 32 * 64 * 196, // down1.res0: 22,495,232
  2 * 9 * 64 * 64 * 49, // down1.downsample (→ 7²): 3,612,672
  2 * (2 * 9 * 64 * 64 * 49) + 2 * 128 * 64, // down2.res0: 7,241,728
  2 * (2 * (2 * 9 * 64 * 64 * 49) + 2 * 128 * 64), // mid.res0, mid.res1: 14,483,456
  2 * 9 * 128 * 64 * 49 + 2 * 9 * 64 * 64 * 49 + 2 * 128 * 64 + 2 * 128 * 64 * 49, // up2.res0: 11,657,216
  2 * 9 * 64 * 64 * 196, // up2.upsample (→ 14²): 14,450,688
  2 * 9 * 128 * 64 * 196 + 2 * 9 * 64 * 64 * 196 + 2 * 128 * 64 + 2 * 128 * 64 * 196, // up1.res0: 46,579,712
  2 * 9 * 64 * 64 * 784, // up1.upsample (→ 28²): 57,802,752
  2 * 9 * 96 * 32 * 784 + 2 * 9 * 32 * 32 * 784 + 2 * 128 * 32 + 2 * 96 * 32 * 784, // up0.res0: 62,627,840
  2 * 9 * 32 * 1 * 784, // out.conv: 451,584
].reduce((a, b) => a + b, 0);

describe('forwardFlops', () => {
  it('matches the hand-written closed form of a tiny U-Net', () => {
    const f = forwardFlops(tinyUnet, 1);
    expect(f.matmul).toBe(tinyUnetByHand.matmul);
    expect(f.matmul).toBe(2_196_352);
    expect(f.elementwise).toBe(tinyUnetByHand.elementwise);
    expect(f.optimizer).toBe(0);
    expect(f.total).toBe(f.matmul + f.elementwise);
  });

  it('matches the hand-written closed form of a tiny MLP', () => {
    const f = forwardFlops(tinyMlp, 1);
    expect(f.matmul).toBe(tinyMlpByHand.matmul);
    expect(f.matmul).toBe(25_984);
    expect(f.elementwise).toBe(tinyMlpByHand.elementwise);
  });

  it('is linear in the batch size', () => {
    for (const config of [tinyUnet, tinyMlp, DEFAULT_CONFIGS.unet, DEFAULT_CONFIGS.mlp]) {
      const one = forwardFlops(config, 1);
      const many = forwardFlops(config, 16);
      expect(many.matmul).toBe(16 * one.matmul);
      expect(many.elementwise).toBe(16 * one.elementwise);
      expect(many.total).toBe(16 * one.total);
    }
  });

  it('gives the 32-channel U-Net 274,417,664 matmul FLOPs per image, as summed layer by layer', () => {
    const unet32 = { ...DEFAULT_CONFIGS.unet, baseChannels: 32 } as UnetConfig;
    const f = forwardFlops(unet32, 1);
    expect(defaultUnetMatmulByHand).toBe(274_417_664);
    expect(f.matmul).toBe(defaultUnetMatmulByHand);
    // the default (16 channels) does about a quarter of that: the convolutions scale with channels²
    expect(forwardFlops(DEFAULT_CONFIGS.unet, 1).matmul).toBe(68_889_600);
    // Sanity bounds: convolution weights are applied on 7² to 28² pixels (dense ones once).
    const params = paramCountOf(paramSpecsOf(unet32));
    expect(f.matmul).toBeGreaterThan(2 * 49 * params);
    expect(f.matmul).toBeLessThan(2 * 784 * params);
    // Elementwise work is a small fraction of the convolutions.
    expect(f.elementwise).toBeLessThan(0.1 * f.matmul);
  });

  it('gives the default MLP two FLOPs per weight per image', () => {
    const weights = 32 * 128 + 128 * 128 + 912 * 1024 + 1024 * 1024 + 1024 * 784;
    expect(forwardFlops(DEFAULT_CONFIGS.mlp, 1).matmul).toBe(2 * weights);
  });

  it('rejects a batch that is not a positive integer', () => {
    expect(() => forwardFlops(tinyMlp, 0)).toThrow(RangeError);
    expect(() => forwardFlops(tinyMlp, 1.5)).toThrow(RangeError);
  });
});

describe('trainingStepFlops', () => {
  it('counts matmul work 3× forward, elementwise 3× (network + loss) + q_sample, 20 per parameter', () => {
    for (const config of [tinyUnet, tinyMlp]) {
      for (const batch of [1, 4]) {
        const f = forwardFlops(config, batch);
        const s = trainingStepFlops(config, batch);
        expect(s.matmul).toBe(3 * f.matmul);
        expect(s.elementwise).toBe(3 * (f.elementwise + 3 * P * batch) + 3 * P * batch);
        expect(s.optimizer).toBe(20 * paramCountOf(paramSpecsOf(config)));
        expect(s.total).toBe(s.matmul + s.elementwise + s.optimizer);
      }
    }
    expect(OPTIMIZER_FLOPS_PER_PARAM).toBe(20);
  });

  it('scales linearly in the batch, except the optimizer, which is per step', () => {
    const a = trainingStepFlops(DEFAULT_CONFIGS.unet, 16);
    const b = trainingStepFlops(DEFAULT_CONFIGS.unet, 64);
    expect(b.matmul).toBe(4 * a.matmul);
    expect(b.elementwise).toBe(4 * a.elementwise);
    expect(b.optimizer).toBe(a.optimizer);
    expect(a.optimizer).toBe(20 * 225_265);
  });
});

describe('walkedParamCount', () => {
  it('meets every parameter of the specs, so the walk follows the architecture', () => {
    expect(walkedParamCount(tinyUnet)).toBe(tinyUnetByHand.params);
    expect(walkedParamCount(tinyMlp)).toBe(tinyMlpByHand.params);
    const configs: ModelConfig[] = [
      tinyUnet, tinyMlp, DEFAULT_CONFIGS.unet, DEFAULT_CONFIGS.mlp,
      { kind: 'unet', baseChannels: 8, channelMults: [1, 2, 2], groups: 4, timeDim: 16 },
      { kind: 'unet', baseChannels: 6, channelMults: [1, 3], groups: 3, timeDim: 8 },
      { kind: 'mlp', hidden: 64, depth: 3, timeDim: 16 },
    ];
    for (const config of configs) expect(walkedParamCount(config)).toBe(paramCountOf(paramSpecsOf(config)));
    expect(walkedParamCount(DEFAULT_CONFIGS.unet)).toBe(225_265);
    expect(walkedParamCount(DEFAULT_CONFIGS.mlp)).toBe(2_808_848);
  });
});

describe('the reference evaluator’s FLOP column', () => {
  it('uses the numbers of this counter (reference/evaluate.py, TRAINING_FLOPS)', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../../../reference/evaluate.py', import.meta.url), 'utf8');
    const table = Object.fromEntries([...source.matchAll(/"([^"]+)": ([\d_]+),/g)].map((m) => [m[1], Number(m[2].replace(/_/g, ''))]));
    const unet = DEFAULT_CONFIGS.unet as UnetConfig;
    expect(table['U-Net 16ch']).toBe(trainingStepFlops({ ...unet, baseChannels: 16 }, 64).total);
    expect(table['U-Net 32ch']).toBe(trainingStepFlops({ ...unet, baseChannels: 32 }, 64).total);
    expect(table.MLP).toBe(trainingStepFlops(DEFAULT_CONFIGS.mlp, 64).total);
  });
});
