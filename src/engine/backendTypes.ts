/**
 * Which compute backend the engine runs on, and why.
 * Types and constants only (structured-cloneable data), so the UI may import them without tfjs.
 */

import type { BackendName } from '../state/choices';

// The list a shared link can also name lives in state/choices.ts (state/ may not import engine/).
export { BACKEND_ORDER } from '../state/choices';
export type { BackendName };

/** The backends that run on a GPU (and compile its programs on first use), in order of preference. */
export const GPU_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl'];
/** Each backend's name in prose ("training runs on …"). */
export const BACKEND_LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'the CPU' };

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
  /** one entry per backend tried before this one, in order; `passedOver` when it started but was not chosen */
  fallbacks: { name: BackendName; reason: string; passedOver?: true }[];
  /** why this backend was chosen over a GPU that works (a software GPU, or the probe), else null */
  reason: string | null;
  /** the speed probe's figures (GFLOP/s of one convolution), for the backends it timed */
  probe: { name: BackendName; gflops: number }[];
  /** threads of the WebAssembly backend (1: its threaded build is off, see engine/backend.ts) */
  threads: number | null;
}

