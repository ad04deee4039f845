/**
 * `npm run sample`: samples digits from a checkpoint the app exports or ships, with the app's own model
 * and sampler code on tfjs's WebAssembly backend, and writes a PNG grid and the samples as .npy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { reverseSampler } from '../diffusion/sampler';
import { ddimTimesteps, type SamplerSpec } from '../diffusion/reverseSteps';
import { makeSchedule, type Schedule, type ScheduleConfig } from '../diffusion/schedule';
import type { SigmaKind } from '../diffusion/bound';
import { filesToArtifacts } from '../engine/checkpoint';
import { epsModelOf } from '../engine/preview';
import { DEFAULT_GUIDANCE, GUIDANCE_MAX } from '../diffusion/guidance';
import { CheckpointError, createDenoiser, describeConfig, EMA_PREFIX, fromArtifacts, loadIntoModel, type Denoiser } from '../model';
import { choiceOption, intOption, numberOption, parse, requiredOption, UsageError } from './args';
import { CLI_BACKENDS } from './backend';
import { command } from './main';
import { tileImages } from './grid';
import { CliError, readModelFiles } from './modelFiles';
import { encodeNpyFloat32 } from './npy';
import { encodeGreyPng } from './png';
import { formatSeconds, Progress } from './progress';

/** DDIM steps when --steps is not given. */
const DEFAULT_DDIM_STEPS = 50;

export const SAMPLE_USAGE = `Usage: npm run sample -- --out DIR [options]

Samples digits from a model in the app's format (what "Export model" saves, or public/models/unet)
and writes DIR/samples.png (a grid) and DIR/samples.npy (N × 784 float32 in [0, 1]).

  --model PATH        model folder or its model.json (default: public/models/unet, the pretrained U-Net)
  --n N               number of samples, 1 to 4096 (default 64)
  --sampler ddim|ddpm DDIM (Song et al. 2021) or DDPM's Algorithm 2 with all T steps (default ddim)
  --steps K           DDIM steps, 1 to T (default ${DEFAULT_DDIM_STEPS})
  --eta E             DDIM's η from 0 (deterministic) to 1 (default 0)
  --sigma beta|betaTilde  DDPM's σ_t² = β_t or β̃_t (default beta)
  --no-clip           do not clip x̂_0 to [−1, 1] in each step
  --class D|all       a model conditioned on the digit: draw digit D (0 to 9), or all ten in turn
                      (one per column with --columns 10); without it, any digit (no label)
  --w W               guidance scale of --class, 0 to ${GUIDANCE_MAX} (default ${DEFAULT_GUIDANCE})
  --seed S            seed of x_T and of the noise (default 1)
  --batch B           samples computed together, 1 to 512 (default 64)
  --columns C         images per row of the grid (default ⌈√N⌉)
  --scale S           pixels per image pixel in the grid, 1 to 8 (default 2)
  --backend wasm|cpu  tfjs backend (default wasm)
  --help              this text`;

export interface SampleOptions {
  model: string;
  n: number;
  sampler: 'ddim' | 'ddpm';
  steps: number | null;
  eta: number;
  sigma: SigmaKind;
  clip: boolean;
  /** the digit to draw, every digit in turn, or null (no label) */
  digitClass: number | 'all' | null;
  w: number;
  seed: number;
  batch: number;
  columns: number | undefined;
  scale: number;
  backend: (typeof CLI_BACKENDS)[number];
  out: string;
}

export function parseSampleArgs(argv: string[]): SampleOptions | 'help' {
  const v = parse(argv, {
    model: { type: 'string' }, n: { type: 'string' }, sampler: { type: 'string' }, steps: { type: 'string' },
    eta: { type: 'string' }, sigma: { type: 'string' }, 'no-clip': { type: 'boolean' }, seed: { type: 'string' },
    batch: { type: 'string' }, columns: { type: 'string' }, scale: { type: 'string' }, backend: { type: 'string' },
    out: { type: 'string' }, help: { type: 'boolean' }, class: { type: 'string' }, w: { type: 'string' },
  });
  if (v.help) return 'help';
  const sampler = choiceOption(v, 'sampler', ['ddim', 'ddpm'] as const, 'ddim');
  if (sampler === 'ddpm' && v.eta !== undefined) throw new UsageError('--eta is for DDIM; DDPM takes --sigma');
  if (sampler === 'ddim' && v.sigma !== undefined) throw new UsageError('--sigma is for DDPM; DDIM takes --eta');
  const n = intOption(v, 'n', 1, 4096, 64);
  const digitClass = v.class === undefined ? null : v.class === 'all' ? 'all' : intOption(v, 'class', 0, 9, 0);
  if (digitClass === null && v.w !== undefined) throw new UsageError('--w is the guidance scale of --class; give the digit to draw too');
  return {
    model: typeof v.model === 'string' ? v.model : 'public/models/unet',
    n,
    sampler,
    steps: v.steps === undefined ? null : intOption(v, 'steps', 1, 100_000, DEFAULT_DDIM_STEPS),
    eta: numberOption(v, 'eta', 0, 1, 0),
    sigma: choiceOption(v, 'sigma', ['beta', 'betaTilde'] as const, 'beta'),
    clip: !v['no-clip'],
    digitClass,
    w: numberOption(v, 'w', 0, GUIDANCE_MAX, DEFAULT_GUIDANCE),
    seed: intOption(v, 'seed', 0, 2 ** 31 - 1, 1),
    batch: intOption(v, 'batch', 1, 512, 64),
    columns: v.columns === undefined ? undefined : intOption(v, 'columns', 1, n, 8),
    scale: intOption(v, 'scale', 1, 8, 2),
    backend: choiceOption(v, 'backend', CLI_BACKENDS, 'wasm'),
    out: requiredOption(v, 'out'),
  };
}

export interface LoadedModel {
  model: Denoiser;
  schedule: Schedule;
  /** training steps behind it, when the file says */
  step: number | null;
  /** true when the EMA weights were loaded (an app checkpoint has both; the shipped model is EMA only) */
  ema: boolean;
  description: string;
}

/** Builds the model of a checkpoint with the weights sampling uses (its EMA copy when it has one). */
export function loadForSampling(path: string): LoadedModel {
  const files = readModelFiles(path);
  let contents;
  try {
    contents = fromArtifacts(filesToArtifacts(files));
  } catch (err) {
    if (err instanceof CheckpointError) throw new CliError(`${path}: ${err.message}`);
    throw err;
  }
  try {
    const meta = contents.metadata as { step?: unknown; pretrained?: { steps?: unknown }; trainConfig?: { schedule?: ScheduleConfig } };
    const schedule = makeSchedule(meta.trainConfig?.schedule ?? { kind: 'linear', T: 1000 });
    const ema = [...contents.tensors.keys()].some((name) => name.startsWith(EMA_PREFIX));
    const model = createDenoiser(contents.config);
    try {
      loadIntoModel(model, contents.tensors, ema ? EMA_PREFIX : '');
    } catch (err) {
      model.dispose();
      throw err instanceof CheckpointError ? new CliError(`${path}: ${err.message}`) : err;
    }
    const steps = typeof meta.step === 'number' ? meta.step : typeof meta.pretrained?.steps === 'number' ? meta.pretrained.steps : null;
    return { model, schedule, step: steps, ema, description: describeConfig(contents.config) };
  } finally {
    tf.dispose([...contents.tensors.values()]);
  }
}

/** Only a model conditioned on the digit can be asked for one. */
function checkCanDraw(loaded: LoadedModel, digitClass: SampleOptions['digitClass']): void {
  if (digitClass !== null && !loaded.model.config.conditional) {
    throw new CliError('this model is not conditioned on the digit, so it cannot be asked for one: drop --class');
  }
}

/**
 * n samples x_0 ∈ [−1, 1], computed `batch` at a time; `onStep` is told each network evaluation.
 * x_T of sample i is the same whatever the batch size (one seeded draw for all n, sliced).
 */
export async function sampleImages(
  loaded: LoadedModel, o: Pick<SampleOptions, 'n' | 'sampler' | 'steps' | 'eta' | 'sigma' | 'clip' | 'seed' | 'batch'> & Partial<Pick<SampleOptions, 'digitClass' | 'w'>>,
  onStep: (done: number) => void,
): Promise<Float32Array> {
  const { model, schedule } = loaded;
  const digitClass = o.digitClass ?? null;
  checkCanDraw(loaded, digitClass);
  const out = new Float32Array(o.n * 784);
  const allNoise = tf.randomNormal([o.n, 28, 28, 1], 0, 1, 'float32', o.seed);
  let noiseSeed = o.seed + 1;
  const noise = (shape: number[]) => tf.randomNormal(shape, 0, 1, 'float32', noiseSeed++);
  let done = 0;
  try {
    for (let start = 0; start < o.n; start += o.batch) {
      const size = Math.min(o.batch, o.n - start);
      const xT = tf.slice(allNoise, [start, 0, 0, 0], [size, 28, 28, 1]);
      // sample i is asked for digit i mod 10 with --class all
      const labels = digitClass === null ? null : Array.from({ length: size }, (_, i) => (digitClass === 'all' ? (start + i) % 10 : digitClass));
      const eps = epsModelOf(model, undefined, labels, o.w ?? DEFAULT_GUIDANCE);
      const sampler: SamplerSpec = o.sampler === 'ddim'
        ? { kind: 'ddim', steps: o.steps ?? DEFAULT_DDIM_STEPS, eta: o.eta, clip: o.clip }
        : { kind: 'ddpm', sigma: o.sigma, clip: o.clip };
      const gen = reverseSampler(eps, xT, schedule, sampler, noise);
      let r = gen.next();
      while (!r.done) {
        onStep(++done);
        // let the progress bar draw
        await new Promise((resolve) => setImmediate(resolve));
        r = gen.next();
      }
      const x0 = tf.tidy(() => tf.clipByValue(r.value as tf.Tensor, -1, 1));
      (r.value as tf.Tensor).dispose();
      xT.dispose();
      out.set(await x0.data(), start * 784);
      x0.dispose();
    }
  } finally {
    allNoise.dispose();
  }
  return out;
}

/** Runs the command; resolves to the exit code. */
export const runSample = command(parseSampleArgs, SAMPLE_USAGE, async (o, log) => {
  const loaded = loadForSampling(o.model);
  try {
    const { T } = loaded.schedule;
    checkCanDraw(loaded, o.digitClass);
    if (o.sampler === 'ddim') ddimTimesteps(T, o.steps ?? DEFAULT_DDIM_STEPS); // throws a RangeError past T
    if (o.sampler === 'ddpm' && o.steps !== null && o.steps !== T) throw new UsageError(`DDPM runs all T = ${T} steps; --steps is for DDIM`);
    const perChain = o.sampler === 'ddim' ? (o.steps ?? DEFAULT_DDIM_STEPS) : T;
    const evaluations = perChain * Math.ceil(o.n / o.batch);
    const how = o.sampler === 'ddim' ? `DDIM, ${perChain} steps, η = ${o.eta}` : `DDPM, ${T} steps, σ² = ${o.sigma === 'beta' ? 'β' : 'β̃'}`;
    const asked = o.digitClass === null ? '' : `, ${o.digitClass === 'all' ? 'each digit in turn' : `digit ${o.digitClass}`} with guidance w = ${o.w}`;
    log(`${loaded.description}${loaded.step === null ? '' : `, ${loaded.step.toLocaleString('en-US')} training steps`}${loaded.ema ? ' (EMA weights)' : ''}; ${o.n} samples by ${how}${o.clip ? ', x̂_0 clipped' : ''}${asked}, seed ${o.seed}, on ${o.backend}`);
    const started = performance.now();
    const progress = new Progress(evaluations, 'network evaluations');
    const x0 = await sampleImages(loaded, o, (done) => progress.update(done));
    const pixels = x0.map((v) => (v + 1) / 2);
    const grid = tileImages(pixels, { columns: o.columns, scale: o.scale });
    mkdirSync(o.out, { recursive: true });
    writeFileSync(join(o.out, 'samples.png'), encodeGreyPng(grid.pixels, grid.width, grid.height));
    writeFileSync(join(o.out, 'samples.npy'), encodeNpyFloat32(pixels, [o.n, 784]));
    log(`wrote ${join(o.out, 'samples.png')} (${grid.width} × ${grid.height}) and ${join(o.out, 'samples.npy')} (${o.n} × 784 float32 in [0, 1]) in ${formatSeconds((performance.now() - started) / 1000)}`);
    return 0;
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  } finally {
    loaded.model.dispose();
  }
});
