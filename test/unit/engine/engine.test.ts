/**
 * The engine's handlers driven directly (as the worker drives them): a model trains as a job, a
 * sampling job runs the whole reverse chain on two requests and streams coded frames, the bound is a
 * job with progress that a stop ends, and bad requests are refused with a reason. CPU backend, a tiny
 * MLP on made-up digits.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/engine';
import { nextTask } from '../../../src/engine/jobs';
import { ESTIMATE_EXAMPLES } from '../../../src/engine/evaluate';
import { DEFAULT_TRAIN_CONFIG, type EngineEvent, type EngineRequest, type JobEvent, type LtEstimate, type SampleJob } from '../../../src/engine/protocol';
import { PART_NAMES } from '../../../src/diffusion/stepCodes';

const CONFIG = { ...DEFAULT_TRAIN_CONFIG, model: 'mlp' as const, size: 'tiny' as const, batchSize: 8, schedule: { kind: 'linear' as const, T: 20 } };

function digits(count: number) {
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
  return { labels: Uint8Array.from({ length: count }, (_, i) => i % 10), pixels };
}

const posted: (EngineEvent | JobEvent)[] = [];
const engine = createEngine((e) => posted.push(e));
/** requests sent, by type */
const sent: string[] = [];
const ask = <R,>(req: EngineRequest) => {
  sent.push(req.type);
  return engine.handle(req) as Promise<R>;
};
const jobEvents = (jobId: number) => posted.filter((e): e is JobEvent => e.kind === 'job' && e.jobId === jobId);

async function end(jobId: number): Promise<JobEvent> {
  for (let i = 0; i < 3000; i++) {
    const last = jobEvents(jobId).find((e) => e.type === 'done' || e.type === 'error');
    if (last) return last;
    await nextTask(2);
  }
  throw new Error(`job ${jobId} did not end`);
}

const sampleJob = (over: Partial<SampleJob> = {}): SampleJob => ({
  kind: 'sample', seed: 3, n: 2, start: null, sampler: { kind: 'ddpm', sigma: 'beta' }, mode: 'wait', pace: null, frames: true, score: null, ...over,
});

beforeAll(async () => {
  const { labels, pixels } = digits(1010);
  await ask({ type: 'setData', labels, pixels });
  await ask({ type: 'configure', config: CONFIG });
});
afterAll(() => engine.session.rebuild(CONFIG));

describe('the engine, request by request', () => {
  it('refuses what it does not know, and a job it cannot open, with a reason', async () => {
    await expect(engine.handle({ type: 'nope' } as unknown as EngineRequest)).rejects.toThrow(/unknown request "nope"/);
    await expect(ask({ type: 'start', job: sampleJob({ n: 0 }) })).rejects.toThrow(/number of chains/);
    await expect(ask({ type: 'start', job: sampleJob({ source: 'pretrained' }) })).rejects.toThrow(/not loaded yet/);
    expect(await ask({ type: 'stop', jobId: 12345 })).toEqual({ stopped: false });
  });

  it('one step of training is a job that ends with the step and its loss, after reporting it', async () => {
    const { jobId, started } = await ask<{ jobId: number; started: { step: number } }>({ type: 'start', job: { kind: 'train', once: true } });
    expect(started.step).toBe(0);
    const done = await end(jobId);
    expect(done.type).toBe('done');
    const result = (done as Extract<JobEvent, { type: 'done' }>).result as { step: number; loss: number };
    expect(result.step).toBe(1);
    const progress = jobEvents(jobId).filter((e) => e.type === 'progress').map((e) => (e as { progress: { type: string; losses?: Float32Array } }).progress);
    const losses = progress.filter((p) => p.type === 'progress');
    expect(losses).toHaveLength(1);
    expect(Array.from(losses[0].losses!)).toEqual([Math.fround(result.loss)]);
  });

  it('training runs as a job until stopped; a second one is refused while it runs; its last losses come before done', async () => {
    const { jobId } = await ask<{ jobId: number }>({ type: 'start', job: { kind: 'train' } });
    await expect(ask({ type: 'start', job: { kind: 'train' } })).rejects.toThrow(/already running/);
    // let it take a few steps
    while (engine.session.step < 4) await nextTask(5);
    expect(engine.session.running).toBe(true);
    expect(await ask({ type: 'stop', jobId })).toEqual({ stopped: true });
    const done = await end(jobId);
    expect(done.type).toBe('done');
    expect(engine.session.running).toBe(false);
    const events = jobEvents(jobId);
    expect(events.at(-1)!.type).toBe('done');
    const stepsReported = events.flatMap((e) => (e.type === 'progress' && (e.progress as { type: string }).type === 'progress' ? Array.from((e.progress as { losses: Float32Array }).losses) : []));
    expect(stepsReported.length).toBe(engine.session.step - 1); // every step after the first (the Step above) reported
    expect((done as { result: { step: number } }).result.step).toBe(engine.session.step);
  });

  it('a training job stopped while the one before is still ending never starts a loop of its own', async () => {
    const first = await ask<{ jobId: number }>({ type: 'start', job: { kind: 'train' } });
    while (!engine.session.running) await nextTask(2);
    await ask({ type: 'stop', jobId: first.jobId });
    const second = await ask<{ jobId: number }>({ type: 'start', job: { kind: 'train' } }); // accepted: the first was stopped
    await ask({ type: 'stop', jobId: second.jobId });
    await end(first.jobId);
    expect((await end(second.jobId)).type).toBe('done');
    const step = engine.session.step;
    await nextTask(50);
    expect(engine.session.running).toBe(false);
    expect(engine.session.step).toBe(step);
  });

  it('a sampling run whose model is replaced mid-run ends with an error that says so', async () => {
    const { jobId } = await ask<{ jobId: number }>({ type: 'start', job: sampleJob() });
    await ask({ type: 'control', jobId, control: { mode: 'step' } });
    while (jobEvents(jobId).length < 1) await nextTask(2);
    await ask({ type: 'reset' });
    await ask({ type: 'control', jobId, control: { mode: 'run' } });
    expect(await end(jobId)).toMatchObject({ type: 'error', error: expect.stringMatching(/reset or replaced/) });
  });

  it('a 20-step DDPM run costs two requests: start and run; every step arrives as a coded frame, then done with x_0', async () => {
    const before = sent.length;
    const tensors = tf.memory().numTensors;
    const { jobId, started } = await ask<{ jobId: number; started: { ts: number[]; nfe: number; x: Float32Array } }>({ type: 'start', job: sampleJob() });
    expect(started.nfe).toBe(20);
    expect(started.ts).toEqual(Array.from({ length: 21 }, (_, i) => 20 - i));
    expect(started.x).toHaveLength(2 * 784);
    await nextTask(20);
    expect(jobEvents(jobId)).toEqual([]); // mode 'wait': nothing until steered
    await ask({ type: 'control', jobId, control: { mode: 'run' } });
    const done = await end(jobId);
    expect(sent.length - before).toBe(2);
    const frames = jobEvents(jobId).filter((e) => e.type === 'frame').map((e) => (e as { frame: { step: number; tFrom: number; t: number; parts: Record<string, Uint8Array> } }).frame);
    expect(frames.map((f) => f.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(frames.map((f) => [f.tFrom, f.t])).toEqual(Array.from({ length: 20 }, (_, i) => [20 - i, 19 - i]));
    for (const part of PART_NAMES) expect(frames[0].parts[part]).toBeInstanceOf(Uint8Array);
    expect(frames[0].parts.x).toHaveLength(2 * 784);
    const result = (done as { result: { steps: number; x0: Float32Array | null } }).result;
    expect(result.steps).toBe(20);
    expect(result.x0).toHaveLength(2 * 784);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('a sampling job steps once when asked, waits, and a stop ends it early without x_0 and without leaks', async () => {
    const tensors = tf.memory().numTensors;
    const { jobId } = await ask<{ jobId: number }>({ type: 'start', job: sampleJob({ sampler: { kind: 'ddim', eta: 0, steps: 5 } }) });
    await ask({ type: 'control', jobId, control: { mode: 'step' } });
    while (jobEvents(jobId).length < 1) await nextTask(2);
    await nextTask(20);
    expect(jobEvents(jobId).map((e) => e.type)).toEqual(['frame']); // one step, then it waits
    await ask({ type: 'stop', jobId });
    const done = await end(jobId);
    expect((done as { result: { steps: number; x0: unknown } }).result).toMatchObject({ steps: 1, x0: null });
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('at a pace of 50 steps a second, 5 steps take at least 80 ms (the worker paces, not the page)', async () => {
    const { jobId } = await ask<{ jobId: number }>({ type: 'start', job: sampleJob({ sampler: { kind: 'ddim', eta: 0, steps: 5 }, mode: 'run', pace: 50, frames: false }) });
    const t0 = performance.now();
    await end(jobId);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(80);
    expect(jobEvents(jobId).map((e) => e.type)).toEqual(['done']); // frames: false
  });

  it('the bound is a job that reports its progress up to 1 and ends with the estimate; a stop ends it with an error', async () => {
    const { jobId } = await ask<{ jobId: number }>({ type: 'start', job: { kind: 'bound', sigma: 'beta', strata: 3, n: 4 } });
    const done = await end(jobId);
    expect(done.type).toBe('done');
    const fractions = jobEvents(jobId).filter((e) => e.type === 'progress').map((e) => (e as { progress: { fraction: number } }).progress.fraction);
    expect(fractions).toEqual([1 / 4, 2 / 4, 3 / 4, 1]);
    const estimate = (done as { result: { total: number; LT: number; sumLt: number; L0: number } }).result;
    expect(estimate.total).toBeCloseTo(estimate.LT + estimate.sumLt + estimate.L0, 10);

    const other = await ask<{ jobId: number }>({ type: 'start', job: { kind: 'bound', sigma: 'beta', strata: 10, n: 4 } });
    await ask({ type: 'stop', jobId: other.jobId });
    expect(await end(other.jobId)).toMatchObject({ type: 'error', error: 'Stopped' });
  });

  it('of estimates of L_{t−1} asked for in a row only the newest is computed; the older stop as superseded', async () => {
    const before = tf.memory().numTensors;
    const asks = [3, 5, 7].map((t) => ask<LtEstimate>({ type: 'estimateLt', t, sigma: 'beta' }));
    const [first, second, newest] = await Promise.allSettled(asks);
    expect(first).toMatchObject({ status: 'rejected', reason: { name: 'Superseded' } });
    expect(second).toMatchObject({ status: 'rejected', reason: { name: 'Superseded' } });
    expect(newest.status).toBe('fulfilled');
    const estimate = (newest as PromiseFulfilledResult<LtEstimate>).value;
    expect(estimate.n).toBe(ESTIMATE_EXAMPLES);
    // the newest is the estimate at t = 7 that the same request alone gives (its noise is seeded by t)
    expect(await ask<LtEstimate>({ type: 'estimateLt', t: 7, sigma: 'beta' })).toEqual(estimate);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a cancelled estimate of L_{t−1} stops as superseded; one asked for afterwards is computed', async () => {
    const before = tf.memory().numTensors;
    const running = ask<LtEstimate>({ type: 'estimateLt', t: 9, sigma: 'beta' });
    expect(await ask({ type: 'cancelEstimates' })).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ name: 'Superseded' });
    // nothing waiting or running any more
    expect(await ask({ type: 'cancelEstimates' })).toEqual({ cancelled: false });
    const estimate = await ask<LtEstimate>({ type: 'estimateLt', t: 9, sigma: 'beta' });
    expect(estimate.n).toBe(ESTIMATE_EXAMPLES);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the model’s news (a restore’s history) goes out as unasked events, not job events', async () => {
    const files = await ask<{ modelJson: string; weights: ArrayBuffer; weightsName: string }>({ type: 'export' });
    const count = posted.length;
    const info = await ask<{ step: number }>({ type: 'import', files });
    const news = posted.slice(count).filter((e) => e.kind === 'event');
    expect(news.some((e) => e.type === 'history' && e.step === info.step)).toBe(true);
  });
});
