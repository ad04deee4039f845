/**
 * The job lifecycle of the worker (engine/jobs.ts): a job's events come only after `start` has
 * answered, are tagged with its id, and end with exactly one `done` or `error`; stop and control
 * reach the job and wake it.
 */
import { describe, expect, it } from 'vitest';
import { JobRunner, nextTask, type JobContext } from '../../../src/engine/jobs';
import type { JobEvent } from '../../../src/engine/protocol';

function runner() {
  const events: JobEvent[] = [];
  return { jobs: new JobRunner((e) => events.push(e)), events };
}

/** Resolves once `events` holds an event that ends job `id`. */
async function ended(events: JobEvent[], id: number): Promise<JobEvent> {
  for (let i = 0; i < 200; i++) {
    const end = events.find((e) => e.jobId === id && (e.type === 'done' || e.type === 'error'));
    if (end) return end;
    await nextTask(1);
  }
  throw new Error(`job ${id} did not end`);
}

describe('jobs', () => {
  it('answer start with an id and what they opened with, and post nothing before that answer', async () => {
    const { jobs, events } = runner();
    const started = await jobs.start((ctx) => ({
      started: { hello: ctx.jobId },
      run: async () => {
        ctx.progress({ fraction: 0.5 });
        ctx.frame({ n: 1 });
        return 42;
      },
    }));
    expect(started).toEqual({ jobId: 1, started: { hello: 1 } });
    expect(events).toEqual([]); // the run waits for the next task: the reply goes first
    const end = await ended(events, 1);
    expect(events.map((e) => [e.jobId, e.type])).toEqual([[1, 'progress'], [1, 'frame'], [1, 'done']]);
    expect(end).toMatchObject({ type: 'done', result: 42 });
    expect(jobs.running).toEqual([]);
  });

  it('give each job its own id, and tag every event with it', async () => {
    const { jobs, events } = runner();
    const a = await jobs.start((ctx) => ({ started: null, run: async () => ctx.progress('a') }));
    const b = await jobs.start((ctx) => ({ started: null, run: async () => ctx.progress('b') }));
    expect(a.jobId).not.toBe(b.jobId);
    await ended(events, a.jobId);
    await ended(events, b.jobId);
    const progress = events.filter((e) => e.type === 'progress') as Extract<JobEvent, { type: 'progress' }>[];
    expect(progress.map((e) => [e.jobId, e.progress])).toEqual([[a.jobId, 'a'], [b.jobId, 'b']]);
  });

  it('end a failing job with one error event that says why', async () => {
    const { jobs, events } = runner();
    const { jobId } = await jobs.start(() => ({ started: null, run: async () => { throw new Error('no digits'); } }));
    expect(await ended(events, jobId)).toMatchObject({ type: 'error', error: 'no digits' });
    expect(events.filter((e) => e.jobId === jobId)).toHaveLength(1);
  });

  it('refuse to open when opening throws, and post nothing', async () => {
    const { jobs, events } = runner();
    await expect(jobs.start(() => { throw new Error('No model yet'); })).rejects.toThrow('No model yet');
    await nextTask(5);
    expect(events).toEqual([]);
    expect(jobs.running).toEqual([]);
  });

  it('stop: the job sees `stopped`, its onStop runs once, a waiting job wakes, and it still ends once', async () => {
    const { jobs, events } = runner();
    let stops = 0;
    let seen: JobContext | null = null;
    const { jobId } = await jobs.start((ctx) => {
      seen = ctx;
      return {
        started: null,
        onStop: () => stops++,
        run: async () => {
          while (!ctx.stopped) await ctx.pause(Infinity);
          return 'stopped';
        },
      };
    });
    await nextTask(5);
    expect(jobs.running).toEqual([jobId]);
    expect(jobs.stop(jobId)).toBe(true);
    expect(jobs.stop(jobId)).toBe(true); // asked again while it ends: still running, onStop not again
    expect(seen!.stopped).toBe(true);
    expect(await ended(events, jobId)).toMatchObject({ type: 'done', result: 'stopped' });
    expect(stops).toBe(1);
    expect(jobs.stop(jobId)).toBe(false); // ended
    expect(jobs.stop(999)).toBe(false);
  });

  it('control reaches a job that can be steered, and wakes it; others refuse', async () => {
    const { jobs, events } = runner();
    const modes: string[] = [];
    const steer = await jobs.start((ctx) => {
      let mode = 'wait';
      return {
        started: null,
        control: (c) => {
          mode = c.mode ?? mode;
          modes.push(mode);
        },
        run: async () => {
          while (mode === 'wait') await ctx.pause(Infinity);
          return mode;
        },
      };
    });
    const plain = await jobs.start(() => ({ started: null, run: () => new Promise(() => undefined) }));
    expect(jobs.control(plain.jobId, { mode: 'run' })).toBe(false);
    expect(jobs.control(steer.jobId, { mode: 'run' })).toBe(true);
    expect(await ended(events, steer.jobId)).toMatchObject({ type: 'done', result: 'run' });
    expect(modes).toEqual(['run']);
    expect(jobs.control(steer.jobId, { mode: 'wait' })).toBe(false); // ended
  });

  it('pause(ms) waits about that long when nothing wakes it', async () => {
    const { jobs, events } = runner();
    const { jobId } = await jobs.start((ctx) => ({
      started: null,
      run: async () => {
        const t0 = performance.now();
        await ctx.pause(30);
        return performance.now() - t0;
      },
    }));
    const end = (await ended(events, jobId)) as Extract<JobEvent, { type: 'done' }>;
    expect(end.result as unknown as number).toBeGreaterThanOrEqual(25);
  });
});
