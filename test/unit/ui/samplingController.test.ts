/**
 * The sampling panel's controller (the reducer of a sampling job's events, and its steering) against
 * a fake engine: what the panel shows after Sample, one step, Run to x₀, a scrub, Pause, Cancel and the
 * job's end, and that a superseded job can never write into the current run.
 */
import { describe, expect, it } from 'vitest';
import type { EngineClient, Job } from '../../../src/engine/client';
import type { JobEvent, SampleControl, SampleFrame, SampleJob } from '../../../src/engine/protocol';
import { codeStep } from '../../../src/diffusion/stepCodes';
import { SAMPLING_CHAINS, SamplingController, canStep, type SamplingOptions } from '../../../src/ui/panels/sampling/samplingController';

const N = SAMPLING_CHAINS * 784;
const TS = [4, 3, 2, 1, 0];

/** A fake engine: records the jobs started, their controls and stops, and lets the test send events. */
function fakeEngine() {
  const jobs: { id: number; spec: SampleJob; controls: Partial<SampleControl>[]; stopped: boolean; detached: boolean; send: (e: JobEvent<'sample'>) => void }[] = [];
  const client = {
    start: async (spec: SampleJob, listener: (e: JobEvent<'sample'>) => void): Promise<Job<'sample'>> => {
      const entry = { id: jobs.length + 1, spec, controls: [] as Partial<SampleControl>[], stopped: false, detached: false, send: (e: JobEvent<'sample'>) => !entry.detached && listener(e) };
      jobs.push(entry);
      return {
        id: entry.id,
        started: { ts: TS, nfe: TS.length - 1, x: new Float32Array(N), modelStep: 7, ema: true },
        stop: () => void (entry.stopped = true),
        control: (c) => void entry.controls.push(c),
        detach: () => void (entry.detached = true),
      };
    },
  } as unknown as EngineClient;
  return { client, jobs };
}

function frame(step: number): SampleFrame {
  const a = (v: number) => new Float32Array(N).fill(v);
  return {
    step, tFrom: TS[step - 1], t: TS[step], ms: 2, coef: { recipSqrtAlpha: 1, epsCoef: 0.1, sigma: 0.1 },
    parts: codeStep({ eps: a(0), x0Hat: a(0), mean: a(0), noise: a(0), x: a(step / 10) }, 0.1),
  };
}
const frameEvent = (jobId: number, step: number): JobEvent<'sample'> => ({ kind: 'job', jobId, type: 'frame', frame: frame(step) });

const OPTIONS: SamplingOptions = { reducedMotion: false, stepsPerSecond: 20, meter: true };
const REQUEST = { seed: 5, sampler: { kind: 'ddpm', sigma: 'beta' } as const, start: null, source: 'yours' as const, guidance: null };

async function started(options = OPTIONS) {
  const engine = fakeEngine();
  const c = new SamplingController(engine.client, options);
  c.sample(REQUEST);
  expect(c.getSnapshot().phase).toBe('starting');
  await Promise.resolve();
  await Promise.resolve();
  return { c, ...engine, job: engine.jobs[0] };
}

describe('the sampling controller', () => {
  it('Sample starts a waiting job for 16 chains with the speed and the meter, and shows x_T', async () => {
    const { c, job } = await started();
    expect(job.spec).toMatchObject({ kind: 'sample', n: 16, seed: 5, mode: 'wait', pace: 20, frames: true, score: {} });
    const s = c.getSnapshot();
    expect(s.phase).toBe('idle');
    expect(s.run!.nfe).toBe(4);
    expect(s.run!.modelStep).toBe(7);
    expect(s.position).toBe(0);
    expect(canStep(s.run)).toBe(true);
  });

  it('one step: asks the job for one, and its frame moves the view to it', async () => {
    const { c, job } = await started();
    c.stepOnce();
    expect(job.controls).toEqual([{ mode: 'step' }]);
    expect(c.getSnapshot().phase).toBe('stepping');
    job.send(frameEvent(job.id, 1));
    const s = c.getSnapshot();
    expect([s.phase, s.position, s.stepsDone, s.run!.store.tAt(1)]).toEqual(['idle', 1, 1, 3]);
  });

  it('Run to x₀ is one control; frames follow the view until the learner scrubs back; the last frame ends the run', async () => {
    const { c, job } = await started();
    c.runToEnd();
    expect(job.controls).toEqual([{ mode: 'run', pace: 20 }]);
    job.send(frameEvent(job.id, 1));
    expect(c.getSnapshot().position).toBe(1);
    c.setPosition(0); // scrub back: the view stays there
    job.send(frameEvent(job.id, 2));
    job.send(frameEvent(job.id, 3));
    expect([c.getSnapshot().position, c.getSnapshot().phase]).toEqual([0, 'running']);
    job.send(frameEvent(job.id, 4));
    const s = c.getSnapshot();
    expect([s.phase, s.position, s.run!.finished, s.run!.scores]).toEqual(['idle', 4, true, null]); // the meter's reading is on its way
    expect(canStep(s.run)).toBe(false);
    const x0 = new Float32Array(N).fill(0.4);
    const scores = { digits: new Uint8Array(16), confidence: new Float32Array(16), confident: 3, histogram: [], classifierAccuracy: 0.99, fd: null, fdFloor: null };
    job.send({ kind: 'job', jobId: job.id, type: 'done', result: { steps: 4, x0, modelStep: 7, scores } });
    expect(c.getSnapshot().run!.final).toBe(x0);
    expect(c.getSnapshot().run!.scores).toBe(scores);
  });

  it('with reduced motion the view does not follow, and jumps once when paused', async () => {
    const { c, job } = await started({ ...OPTIONS, reducedMotion: true });
    c.runToEnd();
    job.send(frameEvent(job.id, 1));
    job.send(frameEvent(job.id, 2));
    expect(c.getSnapshot().position).toBe(0);
    c.pause();
    expect(job.controls.at(-1)).toEqual({ mode: 'wait' });
    expect([c.getSnapshot().phase, c.getSnapshot().position]).toEqual(['idle', 2]);
    // a frame already on its way is still recorded, but does not move the view
    job.send(frameEvent(job.id, 3));
    expect([c.getSnapshot().stepsDone, c.getSnapshot().position]).toEqual([3, 2]);
  });

  it('a new speed reaches the running job', async () => {
    const { c, job } = await started();
    c.runToEnd();
    c.setOptions({ ...OPTIONS, stepsPerSecond: null });
    expect(job.controls.at(-1)).toEqual({ pace: null });
  });

  it('Cancel stops the job for good and keeps what was recorded', async () => {
    const { c, job } = await started();
    c.stepOnce();
    job.send(frameEvent(job.id, 1));
    c.cancel();
    expect([job.stopped, job.detached]).toEqual([true, true]);
    const s = c.getSnapshot();
    expect([s.run!.cancelled, s.stepsDone, canStep(s.run)]).toEqual([true, 1, false]);
    c.stepOnce();
    expect(job.controls).toEqual([{ mode: 'step' }]); // nothing more is asked of it
  });

  it('a second Sample stops the first job; a job answered after it was superseded is stopped unseen', async () => {
    const engine = fakeEngine();
    const c = new SamplingController(engine.client, OPTIONS);
    c.sample(REQUEST);
    c.sample({ ...REQUEST, seed: 6 }); // before the first answered
    await Promise.resolve();
    await Promise.resolve();
    const [first, second] = engine.jobs;
    expect([first.stopped, first.detached]).toEqual([true, true]);
    expect(second.stopped).toBe(false);
    expect(c.getSnapshot().run!.seed).toBe(6);
    c.sample({ ...REQUEST, seed: 8 });
    expect([second.stopped, second.detached]).toEqual([true, true]);
  });

  it('an error ends the run with its message', async () => {
    const { c, job } = await started();
    c.runToEnd();
    job.send({ kind: 'job', jobId: job.id, type: 'error', error: 'The model changed' });
    expect([c.getSnapshot().phase, c.getSnapshot().error]).toEqual(['idle', 'The model changed']);
    expect(canStep(c.getSnapshot().run)).toBe(false); // its job is gone: no button may promise another step
  });

  it('without an engine, Sample does nothing', () => {
    const c = new SamplingController(null, OPTIONS);
    c.sample(REQUEST);
    expect(c.getSnapshot()).toMatchObject({ phase: 'idle', run: null });
  });
});
