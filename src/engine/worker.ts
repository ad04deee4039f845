/// <reference lib="webworker" />
/**
 * The engine worker: the only place that runs tfjs. It answers typed requests from
 * engine/client.ts (see protocol.ts) with engine.ts's handlers, and posts their jobs' events, so that
 * the main thread only draws and never freezes.
 */
import { offerWasmThreads } from './wasmThreads';
import { createEngine } from './engine';
import type { RequestMessage, WorkerMessage } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

offerWasmThreads();

const post = (msg: WorkerMessage, transfer: Transferable[] = []) => self.postMessage(msg, transfer);
const engine = createEngine(post);

self.onmessage = async (ev: MessageEvent<RequestMessage>) => {
  const { id, ...req } = ev.data;
  try {
    post({ kind: 'reply', id, ok: true, result: await engine.handle(req) });
  } catch (err) {
    post({ kind: 'reply', id, ok: false, error: (err as Error).message || String(err) });
  }
};
