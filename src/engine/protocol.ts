/**
 * The typed protocol between the UI (engine/client.ts) and the engine worker (engine/worker.ts).
 * Requests carry an id and are answered once by a reply with the same id; events flow from the
 * worker unasked. Only structured-cloneable data crosses: numbers, strings, typed arrays.
 */

export type BackendName = 'webgpu' | 'webgl' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
}

/** Which backend the engine runs on, and why the ones before it were not used. */
export interface BackendReport {
  name: BackendName;
  /** WebGPU adapter details, when the backend is WebGPU */
  adapter: AdapterSummary | null;
  /** true when the URL forced this backend */
  forced: boolean;
  /** one entry per backend tried before this one, in order */
  fallbacks: { name: BackendName; reason: string }[];
}

export type EngineRequest =
  | { type: 'init'; forceBackend: BackendName | null }
  | { type: 'memory' };

export interface EngineMemory {
  numTensors: number;
  numBytes: number;
  /** bytes held on the GPU when the backend reports it */
  gpuBytes: number | null;
}

/** What each request resolves to. */
export interface EngineResults {
  init: BackendReport;
  memory: EngineMemory;
}

export type RequestMessage = { id: number } & EngineRequest;

export type ReplyMessage =
  | { kind: 'reply'; id: number; ok: true; result: EngineResults[EngineRequest['type']] }
  | { kind: 'reply'; id: number; ok: false; error: string };

export type EngineEvent = { kind: 'event'; type: 'log'; level: 'info' | 'warn'; message: string };

export type WorkerMessage = ReplyMessage | EngineEvent;
