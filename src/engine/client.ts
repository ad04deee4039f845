/**
 * The UI's handle on the engine worker: a promise per request and a subscription for events.
 * The UI imports this file (and protocol.ts types), never tfjs.
 */
import type { EngineEvent, EngineRequest, EngineResults, RequestMessage, WorkerMessage } from './protocol';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class EngineClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(e: EngineEvent) => void>();
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
  request<K extends EngineRequest['type']>(req: Extract<EngineRequest, { type: K }>): Promise<EngineResults[K]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<EngineResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const msg: RequestMessage = { id, ...req };
      this.worker.postMessage(msg);
    });
  }

  /** Subscribe to unasked events; returns the unsubscribe function. */
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
  }
}
