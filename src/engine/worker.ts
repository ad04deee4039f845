/// <reference lib="webworker" />
/**
 * The engine worker: the only place that runs tfjs. It answers typed requests from
 * engine/client.ts (see protocol.ts) so that the main thread only draws and never freezes.
 */
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, gpuBytes } from './backend';
import type { BackendReport, EngineRequest, EngineResults, RequestMessage, WorkerMessage } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let backend: Promise<BackendReport> | null = null;

const handlers: { [K in EngineRequest['type']]: (req: Extract<EngineRequest, { type: K }>) => Promise<EngineResults[K]> } = {
  init: (req) => {
    // Initialise once; later calls get the same report.
    backend ??= chooseBackend(req.forceBackend);
    return backend;
  },
  memory: async () => {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes, gpuBytes: gpuBytes() };
  },
};

function post(msg: WorkerMessage): void {
  self.postMessage(msg);
}

self.onmessage = async (ev: MessageEvent<RequestMessage>) => {
  const { id, ...req } = ev.data;
  try {
    const handler = handlers[req.type] as (r: EngineRequest) => Promise<EngineResults[EngineRequest['type']]>;
    if (!handler) throw new Error(`unknown request "${(req as { type: string }).type}"`);
    const result = await handler(req as EngineRequest);
    post({ kind: 'reply', id, ok: true, result });
  } catch (err) {
    post({ kind: 'reply', id, ok: false, error: (err as Error).message || String(err) });
  }
};
