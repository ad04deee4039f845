/**
 * The worker's jobs: long work (training, a sampling run, the bound estimate) that starts, streams
 * events tagged with its id, and ends with exactly one `done` or `error`. A job is opened first (its
 * `started` record goes back in the reply to `start`), and runs only after that reply has been posted,
 * so a listener registered on the reply never misses an event. No tfjs here.
 */
import type { JobEvent, SampleControl } from './protocol';

/** What a running job may do. */
export interface JobContext {
  readonly jobId: number;
  /** true once `stop` was asked for */
  readonly stopped: boolean;
  progress(progress: unknown): void;
  /** post a frame, handing over the buffers listed (they are moved, not copied) */
  frame(frame: unknown, transfer?: Transferable[]): void;
  /** wait at most `ms` (0: just let the worker's messages run; Infinity: until woken), waking early on stop or control */
  pause(ms: number): Promise<void>;
}

/** An opened job: what it says first, its work, and what it does when stopped or steered. */
export interface JobBody {
  started: unknown;
  run(): Promise<unknown>;
  /** called once when `stop` is asked for (e.g. pause a loop that is not watching `stopped`) */
  onStop?(): void;
  /** a sampling job's new mode or pace */
  control?(control: Partial<SampleControl>): void;
}

interface Live {
  ctx: JobContext & { stopped: boolean };
  body: JobBody;
  wake: (() => void) | null;
}

/** Let queued messages (a stop, a control) run; resolves on the next macrotask. */
export function nextTask(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class JobRunner {
  private nextId = 1;
  private readonly live = new Map<number, Live>();

  constructor(private readonly post: (event: JobEvent, transfer?: Transferable[]) => void) {}

  /** Ids of the jobs that have not ended. */
  get running(): number[] {
    return [...this.live.keys()];
  }

  /** Open a job and schedule its run; resolves with its id and `started` once it is opened. */
  async start(open: (ctx: JobContext) => Promise<JobBody> | JobBody): Promise<{ jobId: number; started: unknown }> {
    const jobId = this.nextId++;
    const entry = { wake: null } as Live;
    const post = this.post;
    const ctx = {
      jobId,
      stopped: false,
      progress: (progress: unknown) => post({ kind: 'job', jobId, type: 'progress', progress: progress as never }),
      frame: (frame: unknown, transfer?: Transferable[]) => post({ kind: 'job', jobId, type: 'frame', frame: frame as never }, transfer),
      pause: (ms: number) =>
        new Promise<void>((resolve) => {
          // a timer may fire up to a millisecond before performance.now() says it is due (Node
          // counts timers from the start of its loop turn): wait out any remainder
          const until = performance.now() + Math.max(0, ms);
          let timer: ReturnType<typeof setTimeout> | undefined;
          const arm = () => {
            timer = setTimeout(() => (performance.now() < until ? arm() : done()), Math.max(0, until - performance.now()));
          };
          function done() {
            clearTimeout(timer);
            entry.wake = null;
            resolve();
          }
          if (Number.isFinite(ms)) arm();
          entry.wake = done;
        }),
    };
    entry.ctx = ctx;
    entry.body = await open(ctx);
    this.live.set(jobId, entry);
    // after the reply to `start` (posted when this promise resolves) has gone out
    void nextTask().then(() => this.run(entry));
    return { jobId, started: entry.body.started };
  }

  /** Ask a job to stop; false when it had already ended. */
  stop(jobId: number): boolean {
    const entry = this.live.get(jobId);
    if (!entry || entry.ctx.stopped) return !!entry;
    entry.ctx.stopped = true;
    entry.body.onStop?.();
    entry.wake?.();
    return true;
  }

  /** Steer a sampling job; false when it has ended or cannot be steered. */
  control(jobId: number, control: Partial<SampleControl>): boolean {
    const entry = this.live.get(jobId);
    if (!entry?.body.control) return false;
    entry.body.control(control);
    entry.wake?.();
    return true;
  }

  private async run(entry: Live): Promise<void> {
    const { jobId } = entry.ctx;
    try {
      const result = await entry.body.run();
      this.live.delete(jobId);
      this.post({ kind: 'job', jobId, type: 'done', result: result as never });
    } catch (err) {
      this.live.delete(jobId);
      this.post({ kind: 'job', jobId, type: 'error', error: (err as Error)?.message || String(err) });
    }
  }
}
