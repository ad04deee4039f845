import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  CheckpointError, createDenoiser, fromArtifacts, loadIntoModel, toArtifacts, type Denoiser, type MlpConfig, type UnetConfig,
} from '../../../src/model';
import { float16ToFloat32 } from '../../../src/model/serialize';

const unet: UnetConfig = { kind: 'unet', baseChannels: 8, channelMults: [1, 2], groups: 4, timeDim: 8 };
const mlp: MlpConfig = { kind: 'mlp', hidden: 8, depth: 1, timeDim: 4 };
const metadata = { step: 123, schedule: { kind: 'linear', T: 1000 }, hyper: { learningRate: 1e-3, batch: 64 }, lossHistory: [1, 0.5, 0.25] };

async function values(model: Denoiser): Promise<number[][]> {
  return Promise.all(model.params.map(async (p) => Array.from(await p.variable.data())));
}

/** Expects fn to throw a CheckpointError whose message matches `pattern`. */
function expectCheckpointError(fn: () => unknown, pattern: RegExp): void {
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(CheckpointError);
  expect((error as Error).message).toMatch(pattern);
}

describe('checkpoint round trip', () => {
  it('restores identical weights, extra tensors and metadata through JSON + binary', async () => {
    const source = createDenoiser(unet, 1);
    const emaCopies = source.params.map((p) => ({ name: `ema/${p.name}`, tensor: tf.mul(p.variable, 0.5) }));
    const slot = { name: 'opt/in.kernel/m', tensor: tf.fill([3, 3, 1, 8], 0.25) };
    const artifacts = await toArtifacts(source, metadata, [...emaCopies, slot]);
    expect(artifacts.modelTopology).toEqual({ format: 'ddpm-explorable', version: 1, config: unet });

    // as a browser download would: model.json text + weights.bin bytes
    const json = JSON.parse(JSON.stringify({ ...artifacts, weightData: undefined }));
    const bytes = (artifacts.weightData as ArrayBuffer).slice(0);
    const read = fromArtifacts({ ...json, weightData: bytes }, unet);
    expect(read.config).toEqual(unet);
    expect(read.metadata).toEqual(metadata);
    expect(read.tensors.size).toBe(2 * source.params.length + 1);

    const target = createDenoiser(unet, 2);
    expect(await values(target)).not.toEqual(await values(source));
    loadIntoModel(target, read.tensors);
    expect(await values(target)).toEqual(await values(source));
    const ema = read.tensors.get(`ema/${source.params[3].name}`)!;
    const half = Array.from(await source.params[3].variable.data()).map((v) => Math.fround(v * 0.5));
    expect(Array.from(await ema.data())).toEqual(half);
    expect(Array.from(await read.tensors.get('opt/in.kernel/m')!.data())).toEqual(new Array(72).fill(0.25));

    tf.dispose([...emaCopies.map((e) => e.tensor), slot.tensor, ...read.tensors.values()]);
    source.dispose();
    target.dispose();
  });

  it('accepts weight data split into several buffers', async () => {
    const source = createDenoiser(mlp, 1);
    const artifacts = await toArtifacts(source, {});
    const data = artifacts.weightData as ArrayBuffer;
    const read = fromArtifacts({ ...artifacts, weightData: [data.slice(0, 100), data.slice(100)] });
    expect(read.config).toEqual(mlp);
    tf.dispose([...read.tensors.values()]);
    source.dispose();
  });
});

/** float32 → IEEE binary16 bits, rounding to nearest (normal range and zero; enough for weights). */
function toHalfBits(x: number): number {
  if (x === 0) return 0;
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  let m = Math.round((a / 2 ** e - 1) * 1024);
  if (m === 1024) { m = 0; e += 1; }
  if (e < -14) return sign | Math.round(a / 2 ** -24);
  return sign | ((e + 15) << 10) | m;
}

describe('float16-quantised weights (tfjs quantization: float16), dequantised on load', () => {
  it('decodes binary16: ±1, −2, 0.5, the largest 65504, the smallest subnormal 2⁻²⁴, and 0.1 rounded', () => {
    const bits = Uint16Array.from([0x3c00, 0xbc00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x2e66, 0x0000]);
    expect(Array.from(float16ToFloat32(bits.buffer))).toEqual([1, -1, -2, 0.5, 65504, 2 ** -24, 0.0999755859375, 0]);
  });

  it('a float16 checkpoint loads into the model within half precision of the original', async () => {
    const source = createDenoiser(mlp, 3);
    const artifacts = await toArtifacts(source, { step: 5 });
    const specs = artifacts.weightSpecs!;
    const all = new Float32Array(artifacts.weightData as ArrayBuffer);
    const halves = Uint16Array.from(all, toHalfBits);
    const quantised = specs.map((spec) => ({ ...spec, quantization: { dtype: 'float16' as const } }));
    const read = fromArtifacts({ ...artifacts, weightSpecs: quantised, weightData: halves.buffer });
    const target = createDenoiser(mlp, 4);
    loadIntoModel(target, read.tensors);
    const want = await values(source);
    const got = await values(target);
    want.forEach((w, i) => w.forEach((v, k) => expect(Math.abs(got[i][k] - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -24)));
    // a float16 file is half the size, and a truncated one is still refused
    expect(halves.byteLength * 2).toBe((artifacts.weightData as ArrayBuffer).byteLength);
    expectCheckpointError(() => fromArtifacts({ ...artifacts, weightSpecs: quantised, weightData: halves.buffer.slice(4) }), /truncated/);
    // other quantisations are refused by name
    const uint8 = specs.map((spec) => ({ ...spec, quantization: { dtype: 'uint8' as const, scale: 1, min: 0 } }));
    expectCheckpointError(() => fromArtifacts({ ...artifacts, weightSpecs: uint8 }), /quantised as uint8/);
    tf.dispose([...read.tensors.values()]);
    source.dispose();
    target.dispose();
  });
});

describe('checkpoint import rejects', () => {
  it('a model.json that is not ours', async () => {
    const source = createDenoiser(mlp, 1);
    const artifacts = await toArtifacts(source, {});
    const before = tf.memory().numTensors;
    expectCheckpointError(() => fromArtifacts({ ...artifacts, modelTopology: { class_name: 'Sequential' } }), /not a model saved by this explorable/);
    expectCheckpointError(() => fromArtifacts({ ...artifacts, modelTopology: undefined }), /not a model saved by this explorable/);
    expectCheckpointError(() => fromArtifacts({ ...artifacts, modelTopology: { format: 'ddpm-explorable', version: 99, config: mlp } }), /version 99/);
    expect(tf.memory().numTensors).toBe(before);
    source.dispose();
  });

  it('a checkpoint of another architecture, saying which', async () => {
    const source = createDenoiser(mlp, 1);
    const artifacts = await toArtifacts(source, {});
    expectCheckpointError(() => fromArtifacts(artifacts, unet), /holds the MLP \(as in the notes\), but the current model is the U-Net \(small\)/);
    expectCheckpointError(() => fromArtifacts(artifacts, { ...mlp, hidden: 16 }), /width 8.*does not match.*width 16/);
    source.dispose();
  });

  it('a truncated or over-long weights file', async () => {
    const source = createDenoiser(unet, 1);
    const artifacts = await toArtifacts(source, {});
    const data = artifacts.weightData as ArrayBuffer;
    const before = tf.memory().numTensors;
    expectCheckpointError(() => fromArtifacts({ ...artifacts, weightData: data.slice(0, data.byteLength - 4) }), /truncated/);
    expectCheckpointError(() => fromArtifacts({ ...artifacts, weightData: data.slice(0, 1000) }), /truncated: it holds 1000 bytes/);
    const longer = new Uint8Array(data.byteLength + 8);
    longer.set(new Uint8Array(data));
    expectCheckpointError(() => fromArtifacts({ ...artifacts, weightData: longer.buffer }), /longer than/);
    expect(tf.memory().numTensors).toBe(before);
    source.dispose();
  });

  it('a weight of the wrong shape, a missing weight, and non-finite values', async () => {
    const source = createDenoiser(mlp, 1);
    const artifacts = await toArtifacts(source, {});
    const specs = artifacts.weightSpecs!;
    // the kernel of the first layer stored as [size] instead of its 2-D shape: same bytes, wrong shape
    const reshaped = specs.map((s) => (s.name === 'layer0.kernel' ? { ...s, shape: [s.shape.reduce((a, b) => a * b, 1)] } : s));
    expectCheckpointError(() => fromArtifacts({ ...artifacts, weightSpecs: reshaped }), /'layer0.kernel' has shape \[6400\].*needs \[800, 8\]/);
    // a manifest whose last entry was dropped (and the bytes with it)
    const last = specs[specs.length - 1];
    const lastBytes = last.shape.reduce((a, b) => a * b, 1) * 4;
    const data = artifacts.weightData as ArrayBuffer;
    expectCheckpointError(
      () => fromArtifacts({ ...artifacts, weightSpecs: specs.slice(0, -1), weightData: data.slice(0, data.byteLength - lastBytes) }),
      new RegExp(`lacks the weight '${last.name}'`),
    );
    // a NaN in the middle of the data
    const poisoned = data.slice(0);
    new Float32Array(poisoned)[10] = Number.NaN;
    expectCheckpointError(() => fromArtifacts({ ...artifacts, weightData: poisoned }), /non-finite/);
    source.dispose();
  });

  it('loadIntoModel assigns nothing when any weight is wrong', async () => {
    const source = createDenoiser(unet, 1);
    const target = createDenoiser(unet, 2);
    const original = await values(target);
    const tensors = new Map(source.params.map((p) => [p.name, tf.clone(p.variable) as tf.Tensor]));
    const lastName = source.params[source.params.length - 1].name;
    tensors.get(lastName)!.dispose();
    tensors.set(lastName, tf.zeros([7]));
    expect(() => loadIntoModel(target, tensors)).toThrow(CheckpointError);
    expect(await values(target)).toEqual(original);
    tensors.delete(lastName);
    expect(() => loadIntoModel(target, tensors)).toThrow(/lacks the weight/);
    expect(await values(target)).toEqual(original);
    tf.dispose([...tensors.values()]);
    source.dispose();
    target.dispose();
  });
});
