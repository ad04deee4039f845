import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { BACKEND_ORDER, type AdapterSummary, type BackendName, type BackendReport } from './protocol';

/**
 * Choose the compute backend: WebGPU, then WebGL, then CPU, keeping the reason each one failed.
 * `forced` (from `#backend=` in the URL) tries only that backend, and falls back in the usual
 * order only if it cannot start (the reason is kept, so the readout says so).
 */
export async function chooseBackend(forced: BackendName | null): Promise<BackendReport> {
  const fallbacks: { name: BackendName; reason: string }[] = [];
  const order = forced ? [forced, ...BACKEND_ORDER.filter((b) => b !== forced)] : [...BACKEND_ORDER];
  for (const name of order) {
    const attempt = await tryBackend(name);
    if (attempt.ok) {
      return { name, adapter: attempt.adapter, forced: forced === name, fallbacks };
    }
    fallbacks.push({ name, reason: attempt.reason });
  }
  throw new Error(`No compute backend could start: ${fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')}`);
}

type Attempt = { ok: true; adapter: AdapterSummary | null } | { ok: false; reason: string };

async function tryBackend(name: BackendName): Promise<Attempt> {
  // 1. Find out, in words, why a backend cannot start before tfjs swallows the reason.
  let adapter: AdapterSummary | null = null;
  if (name === 'webgpu') {
    const probe = await probeWebGPU();
    if (typeof probe === 'string') return { ok: false, reason: probe };
    adapter = probe;
  } else if (name === 'webgl') {
    const reason = probeWebGL();
    if (reason) return { ok: false, reason };
  }
  // 2. Let tfjs initialise it; a false or a throw is a failure with tfjs's message.
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return { ok: false, reason: `TensorFlow.js could not initialise the ${name} backend` };
    await tf.ready();
    // 3. A tiny computation proves the backend really runs (read back asynchronously, rule 5).
    const probe = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.scalar(1)));
    const values = await probe.data();
    probe.dispose();
    if (values[0] !== 2 || values[1] !== 3) return { ok: false, reason: `the ${name} backend computed 1+1 = ${values[0]}` };
    return { ok: true, adapter };
  } catch (err) {
    return { ok: false, reason: (err as Error).message || String(err) };
  }
}

async function probeWebGPU(): Promise<AdapterSummary | string> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return 'this browser does not expose WebGPU (navigator.gpu is missing)';
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return `requesting a WebGPU adapter failed: ${(err as Error).message}`;
  }
  if (!adapter) return 'no WebGPU adapter is available (WebGPU may be disabled or the GPU blocklisted)';
  const info = adapter.info;
  return {
    vendor: info?.vendor || 'unknown vendor',
    architecture: info?.architecture || 'unknown architecture',
    description: info?.description || '',
  };
}

function probeWebGL(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return 'OffscreenCanvas is not available in this worker';
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return 'a WebGL2 context could not be created (WebGL may be disabled)';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return null;
  } catch (err) {
    return `creating a WebGL2 context failed: ${(err as Error).message}`;
  }
}

/** Bytes on the GPU when the backend says (tf.memory() carries numBytesInGPU for WebGL/WebGPU). */
export function gpuBytes(): number | null {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number };
  return typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null;
}
