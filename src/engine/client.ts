/**
 * The UI's handle on the engine worker: a promise per request, jobs with their own event stream, and
 * a subscription for the model's unasked events. The UI imports this file (and protocol.ts types),
 * never tfjs.
 */
import type { EngineEvent, EngineRequest, EngineResults, JobEvent, JobKind, JobSpec, JobTypes, RequestMessage, SampleControl, WorkerMessage } from './protocol';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** A started job: its id, what it opened with, and how to steer it. */
export interface Job<K extends JobKind> {
  readonly id: number;
  readonly started: JobTypes[K]['started'];
  /** ask it to stop; its last events (and `done`) still arrive unless detached */
  stop(): void;
  /** a sampling job's new mode or pace */
  control(control: Partial<SampleControl>): void;
  /** drop whatever it sends from now on (a superseded job) */
  detach(): void;
}

export class EngineClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private readonly jobs = new Map<number, (e: JobEvent) => void>();
  private failure: Error | null = null;

  constructor(worker?: Worker) {
    this.worker = worker ?? new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'ddpm-engine' });
    this.worker.onmessage = (ev: MessageEvent<WorkerMessage>) => this.receive(ev.data);
    this.worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      this.fail(new Error(`The engine worker failed: ${ev.message || 'it could not be loaded'}`));
    };
  }

  /** Send a request; resolves with the worker's result or rejects with its error message. */
  request<K extends EngineRequest['type']>(req: Extract<EngineRequest, { type: K }>, onResult?: (result: EngineResults[K]) => void): Promise<EngineResults[K]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<EngineResults[K]>((resolve, reject) => {
      const done = (v: unknown) => {
        onResult?.(v as EngineResults[K]);
        resolve(v as EngineResults[K]);
      };
      this.pending.set(id, { resolve: done, reject });
      const msg: RequestMessage = { id, ...req };
      this.worker.postMessage(msg);
    });
  }

  /**
   * Start a job; `listener` gets every event of it (stale ones of other jobs never reach it), from the
   * moment the worker answers until its `done` or `error`, or until it is detached.
   */
  async start<K extends JobKind>(job: Extract<JobSpec, { kind: K }>, listener: (e: JobEvent<K>) => void): Promise<Job<K>> {
    // registered while the reply is handled, before any event of the job can be read
    const { jobId, started } = await this.request({ type: 'start', job }, (r) => this.jobs.set(r.jobId, listener as (e: JobEvent) => void));
    return {
      id: jobId,
      started: started as JobTypes[K]['started'],
      stop: () => void this.request({ type: 'stop', jobId }).catch(() => undefined),
      control: (control) => void this.request({ type: 'control', jobId, control }).catch(() => undefined),
      detach: () => this.jobs.delete(jobId),
    };
  }

  /**
   * Run a job to its end: resolves with its `done` result, rejects with its error; `signal` stops it
   * (and rejects with "Stopped" at once).
   */
  run<K extends JobKind>(job: Extract<JobSpec, { kind: K }>, opts: { onProgress?: (p: JobTypes[K]['progress']) => void; signal?: AbortSignal } = {}): Promise<JobTypes[K]['done']> {
    const { signal, onProgress } = opts;
    if (signal?.aborted) return Promise.reject(new Error('Stopped'));
    let onAbort = () => undefined as void;
    const result = new Promise<JobTypes[K]['done']>((resolve, reject) => {
      const started = this.start<K>(job, (e) => {
        if (e.type === 'progress') onProgress?.(e.progress);
        else if (e.type === 'done') resolve(e.result);
        else if (e.type === 'error') reject(new Error(e.error));
      });
      started.catch(reject);
      onAbort = () => {
        reject(new Error('Stopped'));
        void started.then((j) => (j.detach(), j.stop()), () => undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return result.finally(() => signal?.removeEventListener('abort', onAbort));
  }

  /** Subscribe to the model's unasked events; returns the unsubscribe function. */
  subscribe(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.worker.terminate();
    this.fail(new Error('The engine was stopped'));
  }

  private receive(msg: WorkerMessage): void {
    if (msg.kind === 'event') {
      for (const l of this.listeners) l(msg);
      return;
    }
    if (msg.kind === 'job') {
      const listener = this.jobs.get(msg.jobId);
      if (msg.type === 'done' || msg.type === 'error') this.jobs.delete(msg.jobId);
      listener?.(msg);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(msg.error));
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const [jobId, listener] of this.jobs) listener({ kind: 'job', jobId, type: 'error', error: err.message });
    this.jobs.clear();
  }
}
