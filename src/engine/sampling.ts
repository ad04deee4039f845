import * as tf from '@tensorflow/tfjs';
import { validateGuidance } from '../diffusion/guidance';
import { chainTimesteps, stepCoefficients, stepSigma } from '../diffusion/reverseSteps';
import { reverseStep } from '../diffusion/sampler';
import { codeStep, EPS_RANGE, quantise, type StepValues } from '../diffusion/stepCodes';
import type { Schedule } from '../diffusion/schedule';
import type { Denoiser } from '../model';
import { guidedEps } from './guidedEps';
import type { ChainSpec, ModelSource, SampleFrame, SampleStartResult } from './protocol';

/** One step of a chain: its frame (coded, for the panel), and the same parts as floats. */
export interface ChainStep {
  frame: SampleFrame;
  values: StepValues;
  /** a guided step's ε(y) and ε(∅) as floats */
  guided: { cond: Float32Array; uncond: Float32Array } | null;
}

/**
 * One reverse-sampling run of n chains in the worker: x lives on the device between steps, and each
 * step returns every part of the update so the panel can show inside it. Deterministic for a seed:
 * x_T and each step's z come from seeded generators.
 */
export class ReverseChain {
  readonly ts: number[];
  /** the model this run samples from */
  readonly source: ModelSource;
  private index = 0;
  private x: tf.Tensor4D;

  constructor(
    private readonly req: ChainSpec,
    private readonly schedule: Schedule,
  ) {
    const { n, seed, start, sampler } = req;
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`the number of chains must be 1–64, got ${n}`);
    if (sampler.kind === 'ddim' && !(sampler.eta >= 0 && sampler.eta <= 1)) throw new RangeError(`η must be in [0, 1], got ${sampler.eta}`);
    const t0 = start ? start.t : schedule.T;
    if (!Number.isInteger(t0) || t0 < 1 || t0 > schedule.T) throw new RangeError(`the chain must start at t = 1 … ${schedule.T}, got ${t0}`);
    if (start && start.xt.length !== 784) throw new RangeError(`the starting image must have 784 pixels, got ${start.xt.length}`);
    if (req.guidance) validateGuidance(req.guidance);
    this.ts = chainTimesteps(t0, sampler);
    this.source = req.source ?? 'yours';
    this.x = start
      ? tf.tidy(() => tf.tile(tf.tensor4d(start.xt, [1, 28, 28, 1]), [n, 1, 1, 1]) as tf.Tensor4D)
      : tf.randomNormal([n, 28, 28, 1], 0, 1, 'float32', seed);
  }

  get done(): boolean {
    return this.index >= this.ts.length - 1;
  }

  async describe(modelStep: number, ema: boolean): Promise<SampleStartResult> {
    return { ts: this.ts, nfe: this.ts.length - 1, x: (await this.x.data()) as Float32Array, modelStep, ema };
  }

  /** One step of Algorithm 2 or of DDIM for all chains, with the given weights; reads back asynchronously. */
  async step(model: Denoiser, weights: tf.Tensor[] | undefined): Promise<ChainStep> {
    if (this.done) throw new Error('This chain has already reached x₀');
    const started = performance.now();
    const { schedule: s, req } = this;
    const tFrom = this.ts[this.index];
    const t = this.ts[this.index + 1];
    const coef = stepCoefficients(s, req.sampler, tFrom, t);
    // 1. ε, guided when asked (this throws, before anything is allocated, for a digit asked of an unconditional model)
    const guided = guidedEps(model, this.x, tFrom, weights, req.guidance ?? null);
    const extra = guided.parts ? [guided.parts.cond, guided.parts.uncond] : [];
    // 2. z for this step, seeded by the run's seed and the step, so a run can be reproduced
    const z = stepSigma(s, req.sampler, tFrom, t) > 0 ? tf.randomNormal(this.x.shape, 0, 1, 'float32', (req.seed + 7919 * (this.index + 1)) >>> 0) : null;
    let parts: { eps: tf.Tensor; x0Hat: tf.Tensor; mean: tf.Tensor; noise: tf.Tensor; next: tf.Tensor };
    try {
      // 3. the step itself, the same record for DDPM and DDIM
      parts = tf.tidy(() => {
        const r = reverseStep(req.sampler, this.x, guided.eps, tFrom, t, s, z);
        return { eps: r.eps, x0Hat: r.x0Hat, mean: r.mean, noise: r.noise, next: r.next };
      });
    } catch (err) {
      tf.dispose([guided.eps, ...extra]);
      throw err;
    } finally {
      z?.dispose();
    }
    this.x.dispose();
    this.x = parts.next as tf.Tensor4D;
    this.index++;
    // 4. read everything back at once, and code it as bytes for the panel
    let frame: SampleFrame;
    let values: StepValues;
    let both: ChainStep['guided'] = null;
    try {
      const [eps, x0Hat, mean, noise, next, ...bothEps] = (await Promise.all(
        [parts.eps, parts.x0Hat, parts.mean, parts.noise, parts.next, ...extra].map((p) => p.data()),
      )) as Float32Array[];
      values = { eps, x0Hat, mean, noise, x: next };
      const label = req.guidance?.label;
      if (bothEps.length && label != null) both = { cond: bothEps[0], uncond: bothEps[1] };
      frame = {
        step: this.index, tFrom, t, coef, ms: 0,
        parts: codeStep(values, coef.sigma),
        ...(both ? { guided: { cond: quantise(both.cond, EPS_RANGE), uncond: quantise(both.uncond, EPS_RANGE), label: label!, w: req.guidance!.w } } : {}),
      };
    } finally {
      tf.dispose([parts.eps, parts.x0Hat, parts.mean, parts.noise, ...extra]);
    }
    frame.ms = performance.now() - started;
    return { frame, values, guided: both };
  }

  /** The buffers of a frame, to transfer rather than copy. */
  static buffers(frame: SampleFrame): ArrayBuffer[] {
    const codes = [...Object.values(frame.parts), ...(frame.guided ? [frame.guided.cond, frame.guided.uncond] : [])];
    return codes.map((c) => c.buffer as ArrayBuffer);
  }

  dispose(): void {
    this.x.dispose();
  }
}
