import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args';
import { CliError } from '../../../src/cli/modelFiles';
import { loadForSampling } from '../../../src/cli/sample';
import { parseTrainArgs, runTrain } from '../../../src/cli/train';

const dir = mkdtempSync(join(tmpdir(), 'ddpm-train-'));
const TINY = ['--model', 'mlp', '--size', 'tiny', '--batch', '16', '--T', '50'];
const metadataOf = (out: string) => JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).userDefinedMetadata;

afterAll(() => tf.setBackend('cpu'));

describe('npm run train', () => {
  it('trains exactly the steps asked for on wasm, writes a checkpoint, and continues from it', async () => {
    const out = join(dir, 'run');
    const lines: string[] = [];
    expect(await runTrain([...TINY, '--steps', '3', '--out', out], (l) => lines.push(l))).toBe(0);
    expect(tf.getBackend()).toBe('wasm');
    expect(lines[0]).toMatch(/^tiny mlp, [\d,]+ parameters, batch 16, linear schedule with T = 50, on wasm: steps 0 → 3$/);
    let meta = metadataOf(out);
    expect(meta.step).toBe(3);
    expect(meta.trainConfig).toMatchObject({ model: 'mlp', size: 'tiny', batchSize: 16, schedule: { kind: 'linear', T: 50 } });
    // three finite losses in the saved history (base64 of float32)
    const losses = new Float32Array(Uint8Array.from(atob(meta.losses), (c) => c.charCodeAt(0)).buffer);
    expect(losses.length).toBe(3);
    expect(losses.every((l) => Number.isFinite(l) && l > 0)).toBe(true);

    lines.length = 0;
    expect(await runTrain([...TINY, '--steps', '5', '--out', out], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toBe(`continuing from ${join(out, 'model.json')} at step 3`);
    meta = metadataOf(out);
    expect(meta.step).toBe(5);
    // the sampler reads it, with its EMA weights and its schedule
    const loaded = loadForSampling(out);
    expect([loaded.step, loaded.ema, loaded.schedule.T]).toEqual([5, true, 50]);
    loaded.model.dispose();

    lines.length = 0;
    expect(await runTrain([...TINY, '--steps', '5', '--out', out], (l) => lines.push(l))).toBe(0);
    expect(lines.at(-1)).toBe('already trained for 5 steps; nothing to do');
    await expect(runTrain(['--model', 'unet', '--size', 'tiny', '--steps', '6', '--out', out], () => undefined)).rejects.toThrow(
      new UsageError(`${out} holds a tiny mlp checkpoint; pass --model mlp --size tiny or another --out`),
    );
  });

  it('--conditional trains a model conditioned on the digit, which continues only as one', async () => {
    const out = join(dir, 'conditional');
    const lines: string[] = [];
    expect(await runTrain([...TINY, '--conditional', '--steps', '2', '--out', out], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/^tiny mlp conditioned on the digit, [\d,]+ parameters/);
    const meta = metadataOf(out);
    expect(meta.trainConfig).toMatchObject({ model: 'mlp', size: 'tiny', conditional: true });
    const loaded = loadForSampling(out);
    expect(loaded.model.config.conditional).toBe(true);
    expect(loaded.model.params.some((p) => p.name === 'label.embedding')).toBe(true);
    loaded.model.dispose();
    await expect(runTrain([...TINY, '--steps', '3', '--out', out], () => undefined)).rejects.toThrow(
      new UsageError(`${out} holds a tiny mlp conditional checkpoint; pass --model mlp --size tiny --conditional or another --out`),
    );
  });

  it('a damaged checkpoint or dataset is one sentence naming the file', async () => {
    const out = join(dir, 'damaged');
    await runTrain([...TINY, '--steps', '1', '--out', out], () => undefined);
    writeFileSync(join(out, 'model.json'), '{"format": "ddpm-explorable", "weightsManifest": [{"paths": ["./ddpm-explorable.weights.bin"], "weights": []}]}');
    await expect(runTrain([...TINY, '--steps', '2', '--out', out], () => undefined)).rejects.toThrow(CliError);
    await expect(runTrain([...TINY, '--data', join(dir, 'none.bin'), '--out', join(dir, 'x')], () => undefined)).rejects.toThrow(
      new CliError(`${join(dir, 'none.bin')}: no such file (run \`npm run prepare-data\` first)`),
    );
    writeFileSync(join(dir, 'bad.bin'), 'not a dataset');
    await expect(runTrain([...TINY, '--data', join(dir, 'bad.bin'), '--out', join(dir, 'y')], () => undefined)).rejects.toThrow(/bad\.bin: /);
  });

  it('bad arguments name the option and its range', () => {
    expect(() => parseTrainArgs(['--model', 'gan', '--out', 'x'])).toThrow(new UsageError("--model must be one of unet, mlp, got 'gan'"));
    expect(() => parseTrainArgs(['--batch', '8', '--out', 'x'])).toThrow(/--batch must be an integer from 16 to 256, got '8'/);
    expect(() => parseTrainArgs(['--lr', 'fast', '--out', 'x'])).toThrow(/--lr must be a number/);
    expect(() => parseTrainArgs(['--steps', '10'])).toThrow(/--out is required/);
  });
});
