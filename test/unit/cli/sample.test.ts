import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args';
import { CliError, writeModelFiles } from '../../../src/cli/modelFiles';
import { loadForSampling, parseSampleArgs, runSample, sampleImages } from '../../../src/cli/sample';
import { artifactsToFiles } from '../../../src/engine/checkpoint';
import { createDenoiser, toArtifacts } from '../../../src/model';
import { Trainer } from '../../../src/engine/trainer';
import { makeSchedule } from '../../../src/diffusion/schedule';

const TINY = { kind: 'mlp', hidden: 32, depth: 2, timeDim: 8 } as const;
let dir: string;
let modelDir: string;

beforeAll(async () => {
  await tf.setBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'ddpm-cli-'));
  modelDir = join(dir, 'model');
  // an app checkpoint after two training steps: weights, EMA and Adam state, as "Export model" writes it
  const model = createDenoiser(TINY, 3);
  const schedule = makeSchedule({ kind: 'linear', T: 20 });
  const trainer = new Trainer(model, schedule, { learningRate: 1e-3, clipNorm: 1, emaDecay: 0.999, seed: 1 });
  const x0 = tf.randomUniform([4, 28, 28, 1], -1, 1) as tf.Tensor4D;
  for (let i = 0; i < 2; i++) {
    const r = trainer.step(x0);
    tf.dispose([r.loss, r.perExample]);
  }
  const state = await trainer.getState();
  const metadata = { app: 'ddpm-explorable', step: 2, trainConfig: { schedule: { kind: 'linear', T: 20 } } };
  writeModelFiles(modelDir, artifactsToFiles(await toArtifacts(model, metadata, state.tensors)));
  tf.dispose([x0, ...state.tensors.map((n) => n.tensor)]);
  trainer.dispose();
  model.dispose();
});

afterAll(() => tf.setBackend('cpu'));

describe('npm run sample', () => {
  it('writes a PNG grid and an N × 784 .npy in [0, 1] from an exported checkpoint, on wasm', async () => {
    const lines: string[] = [];
    const out = join(dir, 'out');
    const code = await runSample(['--model', modelDir, '--n', '5', '--steps', '3', '--seed', '7', '--columns', '5', '--scale', '1', '--out', out], (l) => lines.push(l));
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^MLP .*2 training steps \(EMA weights\); 5 samples by DDIM, 3 steps, η = 0, x̂_0 clipped, seed 7, on wasm$/);
    const png = readFileSync(join(out, 'samples.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([5 * 28 + 6 * 2, 28 + 2 * 2]);
    const npy = readFileSync(join(out, 'samples.npy'));
    const headerLength = npy.readUInt16LE(8);
    expect(npy.toString('latin1', 10, 10 + headerLength)).toContain("'shape': (5, 784)");
    const values = new Float32Array(npy.buffer.slice(npy.byteOffset + 10 + headerLength, npy.byteOffset + npy.length));
    expect(values.length).toBe(5 * 784);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
  });

  it('sample i does not depend on the batch size, and DDPM takes all T steps', async () => {
    const loaded = loadForSampling(modelDir);
    const base = { n: 3, sampler: 'ddpm' as const, steps: null, eta: 0, sigma: 'beta' as const, clip: true, seed: 4 };
    let calls = 0;
    const whole = await sampleImages(loaded, { ...base, batch: 3 }, () => calls++);
    expect(calls).toBe(20);
    const before = tf.memory().numTensors;
    const split = await sampleImages(loaded, { ...base, sampler: 'ddim', steps: 4, batch: 1 }, () => undefined);
    const together = await sampleImages(loaded, { ...base, sampler: 'ddim', steps: 4, batch: 3 }, () => undefined);
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < split.length; i++) expect(Math.abs(split[i] - together[i])).toBeLessThan(1e-5);
    expect(whole.length).toBe(3 * 784);
    loaded.model.dispose();
  });

  it('bad arguments are usage errors that name the option', () => {
    expect(() => parseSampleArgs(['--n', '0', '--out', 'x'])).toThrow(new UsageError("--n must be an integer from 1 to 4096, got '0'"));
    expect(() => parseSampleArgs(['--n', '2.5', '--out', 'x'])).toThrow(UsageError);
    expect(() => parseSampleArgs(['--sampler', 'ode', '--out', 'x'])).toThrow(/--sampler must be one of ddim, ddpm, got 'ode'/);
    expect(() => parseSampleArgs(['--n', '4'])).toThrow(/--out is required/);
    expect(() => parseSampleArgs(['--frobnicate', '--out', 'x'])).toThrow(/Unknown option '--frobnicate'/);
    expect(() => parseSampleArgs(['--sampler', 'ddpm', '--eta', '0.5', '--out', 'x'])).toThrow(/--eta is for DDIM/);
    expect(parseSampleArgs(['--help'])).toBe('help');
  });

  it('DDIM steps past T, or --steps with DDPM, are refused before any work', async () => {
    await expect(runSample(['--model', modelDir, '--steps', '21', '--out', join(dir, 'x')], () => undefined)).rejects.toThrow(/from 1 to 20, got 21/);
    await expect(runSample(['--model', modelDir, '--sampler', 'ddpm', '--steps', '5', '--out', join(dir, 'x')], () => undefined)).rejects.toThrow(new UsageError('DDPM runs all T = 20 steps; --steps is for DDIM'));
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('--class asks a conditional model for a digit (or each in turn), and is refused for an unconditional one', async () => {
    const condDir = join(dir, 'conditional');
    const model = createDenoiser({ ...TINY, conditional: true }, 5);
    // a random output layer, so that the label changes the samples
    const out = model.params.find((p) => p.name === 'out.kernel')!.variable;
    out.assign(tf.randomNormal(out.shape, 0, 0.2, 'float32', 6));
    writeModelFiles(condDir, artifactsToFiles(await toArtifacts(model, { app: 'ddpm-explorable', step: 1, trainConfig: { schedule: { kind: 'linear', T: 20 } } }, [])));
    model.dispose();
    const loaded = loadForSampling(condDir);
    const base = { n: 10, sampler: 'ddim' as const, steps: 3, eta: 0, sigma: 'beta' as const, clip: true, seed: 4, batch: 10 };
    const sevens = await sampleImages(loaded, { ...base, digitClass: 7, w: 2 }, () => undefined);
    const all = await sampleImages(loaded, { ...base, digitClass: 'all', w: 2 }, () => undefined);
    const none = await sampleImages(loaded, base, () => undefined);
    // with every digit in turn, sample 7 was asked for a 7, as every sample of --class 7 was (same x_T)
    const image = (xs: Float32Array, i: number) => Array.from(xs.subarray(i * 784, (i + 1) * 784));
    expect(image(all, 7)).toEqual(image(sevens, 7));
    expect(image(all, 3)).not.toEqual(image(sevens, 3));
    expect(image(none, 7)).not.toEqual(image(sevens, 7));
    loaded.model.dispose();
    const lines: string[] = [];
    expect(await runSample(['--model', condDir, '--n', '2', '--steps', '2', '--class', '3', '--w', '1.5', '--out', join(dir, 'c')], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/conditioned on the digit, 1 training steps; 2 samples by DDIM, 2 steps, η = 0, x̂_0 clipped, digit 3 with guidance w = 1\.5, seed 1, on wasm$/);
    await expect(runSample(['--model', modelDir, '--class', '3', '--out', join(dir, 'd')], () => undefined)).rejects.toThrow(/not conditioned on the digit/);
    expect(() => parseSampleArgs(['--class', '12', '--out', 'x'])).toThrow(/--class must be an integer from 0 to 9/);
    expect(() => parseSampleArgs(['--w', '2', '--out', 'x'])).toThrow(/give the digit to draw too/);
    expect(() => parseSampleArgs(['--class', 'all', '--w', '9', '--out', 'x'])).toThrow(/--w must be a number from 0 to 8/);
  });

  it('bad files get one sentence naming the file', async () => {
    expect(() => loadForSampling(join(dir, 'nowhere'))).toThrow(new CliError(`${join(dir, 'nowhere')}: no such file or folder`));
    const broken = join(dir, 'broken');
    writeModelFiles(broken, { modelJson: '{"weightsManifest": [{"paths": ["./w.bin"], "weights": []}]}', weights: new ArrayBuffer(8), weightsName: 'w.bin' });
    expect(() => loadForSampling(broken)).toThrow(CliError);
    writeFileSync(join(broken, 'model.json'), '{ not json');
    expect(() => loadForSampling(broken)).toThrow(/model\.json: not valid JSON/);
    writeFileSync(join(broken, 'model.json'), '{"weightsManifest": [{"paths": ["./gone.bin"], "weights": []}]}');
    expect(() => loadForSampling(broken)).toThrow(/its weights file \.\/gone\.bin is not beside it/);
  });
});
