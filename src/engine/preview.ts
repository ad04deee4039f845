import * as tf from '@tensorflow/tfjs';
import { qSample } from '../diffusion/forwardOps';
import { predictX0FromEps } from '../diffusion/posterior';
import { reverseSampler, type EpsModel } from '../diffusion/sampler';
import type { Schedule } from '../diffusion/schedule';
import { NUM_CLASSES, type Denoiser } from '../model';
import { DEFAULT_GUIDANCE } from '../diffusion/guidance';
import { epsForLabels } from './guidedEps';
import type { DeviceData } from './deviceData';
import type { PreviewEvent } from './protocol';

/** Held-out digits shown in the preview, the timesteps (as fractions of T), samples and DDIM steps. */
const PREVIEW_DIGITS = 4;
const PREVIEW_T_FRACTIONS = [0.1, 0.3, 0.5, 0.7, 0.9];
const PREVIEW_SAMPLES = 4;
const PREVIEW_DDIM_STEPS = 10;
/** Fixed seeds, so that successive snapshots show the same noise being turned into digits. */
const NOISE_SEED = 4242;
const SAMPLE_SEED = 777;

/**
 * ε_θ(x_t, t) with one t for the whole batch, with the given weights (the EMA copy or the live ones);
 * a conditional model is asked for `labels` (one per image), guided with scale w, or for ∅ without them.
 */
export function epsModelOf(model: Denoiser, weights?: tf.Tensor[], labels: ArrayLike<number> | null = null, w = 0): EpsModel {
  return (xt, t) => {
    const r = epsForLabels(model, xt as tf.Tensor4D, t, weights, labels, w);
    if (r.parts) tf.dispose([r.parts.cond, r.parts.uncond]);
    return r.eps;
  };
}

/** What the training meter asks a conditional model for: every digit in turn, guided at DEFAULT_GUIDANCE. */
export function meterLabels(model: Denoiser, n: number): ArrayLike<number> | null {
  return model.config.conditional ? Array.from({ length: n }, (_, i) => i % NUM_CLASSES) : null;
}

/**
 * n samples by deterministic DDIM (η = 0) with `steps` evaluations from x_T drawn with `seed`, clipped
 * to [−1, 1]; a conditional model draws the digits meterLabels asks for.
 */
export function quickSamples(
  model: Denoiser, weights: tf.Tensor[] | undefined, schedule: Schedule, n: number, steps: number, seed: number,
): tf.Tensor4D {
  const xT = tf.randomNormal([n, 28, 28, 1], 0, 1, 'float32', seed);
  const eps = epsModelOf(model, weights, meterLabels(model, n), DEFAULT_GUIDANCE);
  const gen = reverseSampler(eps, xT, schedule, { kind: 'ddim', steps, eta: 0 }, (shape) => tf.randomNormal(shape));
  let r = gen.next();
  while (!r.done) r = gen.next();
  const sample = r.value;
  xT.dispose();
  const clipped = tf.clipByValue(sample, -1, 1);
  sample.dispose();
  return clipped as tf.Tensor4D;
}

/** The preview timesteps for a schedule: 10 %, 30 %, … 90 % of T. */
export function previewTimesteps(T: number): number[] {
  return PREVIEW_T_FRACTIONS.map((f) => Math.max(1, Math.round(f * T)));
}

/**
 * What the model does now: x̂_0 (eq. 15) for fixed noisy held-out digits at a few t, and a short
 * deterministic DDIM run from fixed noise. Reads back asynchronously; no tensor survives.
 */
export async function makePreview(
  model: Denoiser,
  weights: tf.Tensor[] | undefined,
  schedule: Schedule,
  data: DeviceData,
  step: number,
): Promise<Omit<PreviewEvent, 'type'>> {
  const ts = previewTimesteps(schedule.T);
  const n = PREVIEW_DIGITS;
  // 1. x_t of the fixed digits at each t (eq. 4) and x̂_0 from the predicted noise (eq. 15)
  const [x0, xt, x0Hat] = tf.tidy(() => {
    const clean = data.heldOutSlice(0, n);
    const tiled = tf.tile(clean, [ts.length, 1, 1, 1]) as tf.Tensor4D;
    const tPer = ts.flatMap((t) => new Array<number>(n).fill(t));
    const noise = tf.randomNormal(tiled.shape, 0, 1, 'float32', NOISE_SEED);
    const noisy = qSample(tiled, tPer, noise, schedule) as tf.Tensor4D;
    const pred = model.apply(noisy, tf.tensor1d(tPer, 'float32'), weights);
    const hat = tf.clipByValue(predictX0FromEps(noisy, pred, tPer, schedule), -1, 1);
    return [clean, noisy, hat];
  });
  // 2. a quick DDIM sample (η = 0) from fixed x_T
  const samples = quickSamples(model, weights, schedule, PREVIEW_SAMPLES, PREVIEW_DDIM_STEPS, SAMPLE_SEED);
  try {
    const [a, b, c, d] = await Promise.all([x0.data(), xt.data(), x0Hat.data(), samples.data()]);
    return {
      step,
      ts,
      x0: a as Float32Array,
      xt: b as Float32Array,
      x0Hat: c as Float32Array,
      samples: d as Float32Array,
      samplerSteps: PREVIEW_DDIM_STEPS,
      ema: weights !== undefined,
    };
  } finally {
    tf.dispose([x0, xt, x0Hat, samples]);
  }
}
