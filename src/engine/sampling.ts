import * as tf from '@tensorflow/tfjs';
import { sigmaSquared } from '../diffusion/bound';
import { validateGuidance } from '../diffusion/guidance';
import { ddimSigma, ddimStep, ddimTimesteps, ddpmStep } from '../diffusion/sampler';
import type { Schedule } from '../diffusion/schedule';
import type { Denoiser } from '../model';
import { guidedEps } from './guidedEps';
import type { ModelSource, SampleFrame, SampleStartRequest, SampleStartResult, SamplerSpec } from './protocol';

/** The timesteps a run visits, from its start down to 0. */
export function chainTimesteps(start: number, sampler: SamplerSpec): number[] {
  if (sampler.kind === 'ddpm') return Array.from({ length: start + 1 }, (_, i) => start - i);
  const k = Math.min(Math.max(1, Math.round(sampler.steps)), start);
  return [...ddimTimesteps(start, k), 0];
}

/**
 * One reverse-sampling run of n chains in the worker: x lives on the device between requests, and
 * each step returns every part of the update so the panel can show inside it. Deterministic for a
 * seed: x_T and each step's z come from seeded generators.
 */
export class ReverseChain {
  readonly ts: number[];
  /** the model this run samples from */
  readonly source: ModelSource;
  private index = 0;
  private x: tf.Tensor4D;

  constructor(
    private readonly req: SampleStartRequest,
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
  async step(model: Denoiser, weights: tf.Tensor[] | undefined): Promise<SampleFrame> {
    if (this.done) throw new Error('This chain has already reached x₀');
    const started = performance.now();
    const { schedule: s, req } = this;
    const tFrom = this.ts[this.index];
    const t = this.ts[this.index + 1];
    // ε (guided when asked: this throws, before anything is allocated, for a digit asked of an unconditional model)
    const guided = guidedEps(model, this.x, tFrom, weights, req.guidance ?? null);
    const extra = guided.parts ? [guided.parts.cond, guided.parts.uncond] : [];
    // z for this step, seeded by the run's seed and the step, so a run can be reproduced
    const z = tf.randomNormal(this.x.shape, 0, 1, 'float32', (req.seed + 7919 * (this.index + 1)) >>> 0);
    let parts: { eps: tf.Tensor; x0Hat: tf.Tensor; mean: tf.Tensor; noise: tf.Tensor; next: tf.Tensor };
    try {
      parts = tf.tidy(() => {
        const eps = guided.eps;
        if (req.sampler.kind === 'ddpm') {
          const r = ddpmStep(this.x, eps, tFrom, s, req.sampler.sigma, z, req.sampler.clip === true);
          return { eps, x0Hat: r.x0Hat, mean: r.mean, noise: r.noise, next: r.next };
        }
        const sigma = ddimSigma(s, tFrom, t, req.sampler.eta);
        const useZ = sigma > 0 && t > 0;
        const r = ddimStep(this.x, eps, tFrom, t, s, req.sampler.eta, useZ ? z : null, req.sampler.clip === true);
        const noise = useZ ? tf.mul(sigma, z) : tf.zerosLike(r.next);
        return { eps, x0Hat: r.x0Hat, mean: tf.sub(r.next, noise), noise, next: r.next };
      });
    } catch (err) {
      tf.dispose([guided.eps, ...extra]);
      throw err;
    } finally {
      z.dispose();
    }
    this.x.dispose();
    this.x = parts.next as tf.Tensor4D;
    this.index++;
    let read: Float32Array[];
    let both: SampleFrame['guided'];
    try {
      read = (await Promise.all([parts.eps, parts.x0Hat, parts.mean, parts.noise, parts.next].map((p) => p.data()))) as Float32Array[];
      if (extra.length && req.guidance?.label != null) {
        const [cond, uncond] = (await Promise.all(extra.map((p) => p.data()))) as Float32Array[];
        both = { cond, uncond, label: req.guidance.label, w: req.guidance.w };
      }
    } finally {
      tf.dispose([parts.eps, parts.x0Hat, parts.mean, parts.noise, ...extra]);
    }
    const coef = {
      recipSqrtAlpha: s.sqrtRecipAlphas[tFrom - 1],
      epsCoef: s.epsCoef[tFrom - 1],
      sigma: req.sampler.kind === 'ddpm' ? (t > 0 ? Math.sqrt(sigmaSquared(s, tFrom, req.sampler.sigma)) : 0) : ddimSigma(s, tFrom, t, req.sampler.eta),
    };
    const [eps, x0Hat, mean, noise, x] = read;
    return { tFrom, t, eps, x0Hat, mean, noise, x, coef, ms: performance.now() - started, ...(both ? { guided: both } : {}) };
  }

  dispose(): void {
    this.x.dispose();
  }
}
