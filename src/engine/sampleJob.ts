/**
 * A sampling job: a ReverseChain stepped inside the worker, one step per turn of the weights' lock
 * (so training, if it runs, interleaves), posting each step as a frame whose byte buffers are moved to
 * the UI. It runs to x_0, takes one step at a time, or waits, as the UI steers it, at most `pace`
 * steps a second; at the end the meter may read x_0.
 */
import type { Denoiser } from '../model';
import type * as tf from '@tensorflow/tfjs';
import type { Schedule } from '../diffusion/schedule';
import type { JobBody, JobContext } from './jobs';
import type { DigitScores, ModelSource, SampleControl, SampleDone, SampleJob } from './protocol';
import { ReverseChain } from './sampling';

/** A model to evaluate: its network, the weights to use (EMA when kept), its schedule and its step. */
export interface Evaluated {
  model: Denoiser;
  weights: tf.Tensor[] | undefined;
  schedule: Schedule;
  step: number;
  ema: boolean;
}

/** What a sampling job needs from the worker. */
export interface SampleJobDeps {
  /** run under the lock that guards the weights */
  locked<R>(fn: () => Promise<R> | R): Promise<R>;
  /** the model a source names, as it is now */
  modelFor(source: ModelSource | undefined): Evaluated;
  /** the meter's reading of images (given the digit they were asked to be) */
  score(images: Float32Array, target: number | undefined): Promise<DigitScores>;
}

/** Open a sampling job: the chain is made (and its x_T read) before `start` answers. */
export async function openSampleJob(spec: SampleJob, ctx: JobContext, deps: SampleJobDeps): Promise<JobBody> {
  const { chain, started, model } = await deps.locked(async () => {
    const m = deps.modelFor(spec.source);
    const chain = new ReverseChain(spec, m.schedule);
    try {
      return { chain, started: await chain.describe(m.step, m.ema), model: m.model };
    } catch (err) {
      chain.dispose();
      throw err;
    }
  });
  let steer: SampleControl = { mode: spec.mode, pace: spec.pace };

  const run = async (): Promise<SampleDone> => {
    let steps = 0;
    let x0: Float32Array | null = null;
    let modelStep = started.modelStep;
    try {
      while (!chain.done && !ctx.stopped) {
        if (steer.mode === 'wait') {
          await ctx.pause(Infinity);
          continue;
        }
        const begun = performance.now();
        const { frame, values } = await deps.locked(async () => {
          const m = deps.modelFor(chain.source);
          // training may go on between steps (the same network, newer weights); a new network may not
          if (m.model !== model) throw new Error('The model was reset or replaced during the run; press Sample to start again.');
          modelStep = m.step;
          return chain.step(m.model, m.weights);
        });
        steps++;
        if (chain.done) x0 = values.x;
        if (spec.frames) ctx.frame(frame, ReverseChain.buffers(frame));
        if (steer.mode === 'step') steer = { ...steer, mode: 'wait' };
        // paced: wait out the rest of the step's share of a second; else just let messages in
        const rest = steer.pace ? 1000 / steer.pace - (performance.now() - begun) : 0;
        if (!chain.done) await ctx.pause(Math.max(0, rest));
      }
    } finally {
      chain.dispose();
    }
    const done: SampleDone = { steps, x0, modelStep };
    if (x0 && spec.score && !ctx.stopped) {
      try {
        done.scores = await deps.score(x0, spec.score.target);
      } catch (err) {
        done.scoreError = (err as Error).message;
      }
    }
    return done;
  };

  return {
    started,
    run,
    control: (c) => {
      steer = { mode: c.mode ?? steer.mode, pace: c.pace !== undefined ? c.pace : steer.pace };
    },
  };
}
