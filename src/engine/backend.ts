import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import './wasmKernels';
import { BACKEND_LABELS, BACKEND_ORDER, GPU_BACKENDS, type AdapterSummary, type BackendName, type BackendReport } from './protocol';

// The WebAssembly binaries are served by Vite from the app's own origin (hashed asset files); tfjs
// picks its SIMD build, and its threaded one where the page is cross-origin isolated and the thread
// workers can start from this origin (wasmThreads.ts; the engine worker sets that up, the dev
// server cannot). Elsewhere, and in an embed whose host page is not isolated, one thread.
let wasmThreadsCheck: (() => Promise<boolean>) | null = null;

/**
 * Says that the thread workers can start here (offerWasmThreads in wasmThreads.ts calls it),
 * once `served` confirms that their files are there: a thread that cannot load its script would
 * leave the backend waiting for ever.
 */
export function allowWasmThreads(served: () => Promise<boolean>): void {
  wasmThreadsCheck = served;
}

/**
 * The threaded build, where it can start and helps: tfjs runs XNNPACK on half the logical cores (at
 * most 8), so below 4 it would run one thread anyway, at the cost of starting its pool of workers.
 */
async function wasmThreadsWanted(): Promise<boolean> {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return wasmThreadsCheck !== null && isolated && cores >= 4 && (await wasmThreadsCheck().catch(() => false));
}
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

/**
 * Choose the compute backend. By default the fastest one here: a hardware GPU (WebGPU, then WebGL)
 * unless a short probe finds WebAssembly faster; WebAssembly when the only GPU is a software renderer
 * (SwiftShader, llvmpipe: a CPU pretending, at a tenth of WebAssembly's speed); the plain CPU backend
 * last. Every backend passed over keeps its reason. `forced` (from `#backend=` in the URL) tries only
 * that backend, and falls back in the usual order only if it cannot start (the reason is kept).
 */
export async function chooseBackend(forced: BackendName | null): Promise<BackendReport> {
  // WebAssembly is tried unless another backend is forced (and then only if that one fails)
  if ((forced !== null && forced !== 'wasm') || !(await wasmThreadsWanted())) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (forced) return chooseForced(forced);
  const fallbacks: BackendReport['fallbacks'] = [];
  // 1. the first GPU backend that starts on real hardware; software ones are kept as a last resort
  let gpu: { name: BackendName; adapter: AdapterSummary | null } | null = null;
  let softwareGpu: { name: BackendName; adapter: AdapterSummary | null; renderer: string } | null = null;
  for (const name of GPU_BACKENDS) {
    const attempt = await tryBackend(name);
    if (!attempt.ok) {
      fallbacks.push({ name, reason: attempt.reason });
      continue;
    }
    if (attempt.software) {
      softwareGpu ??= { name, adapter: attempt.adapter, renderer: attempt.software };
      fallbacks.push({ name, reason: `its ${name === 'webgpu' ? 'adapter' : 'renderer'} is a software one (${attempt.software}), slower than WebAssembly on the same CPU`, passedOver: true });
      continue;
    }
    gpu = { name, adapter: attempt.adapter };
    break;
  }
  // 2. WebAssembly, timed against the hardware GPU when there is one
  const wasm = await tryBackend('wasm');
  if (wasm.ok) {
    const probe: BackendReport['probe'] = [{ name: 'wasm', gflops: await probeSpeed('wasm') }];
    if (gpu) {
      probe.unshift({ name: gpu.name, gflops: await probeSpeed(gpu.name) });
      if (probe[0].gflops >= probe[1].gflops) {
        await tf.setBackend(gpu.name);
        return { name: gpu.name, adapter: gpu.adapter, forced: false, fallbacks, reason: null, probe, threads: null };
      }
      fallbacks.push({ name: gpu.name, reason: `the probe measured WebAssembly faster on this machine`, passedOver: true });
    }
    await tf.setBackend('wasm');
    const reason = gpu ? `WebAssembly ran the probe faster than ${BACKEND_LABELS[gpu.name]}` : softwareGpu ? `the only GPU here is a software renderer (${softwareGpu.renderer})` : 'no GPU backend could start';
    return { name: 'wasm', adapter: null, forced: false, fallbacks, reason, probe, threads: getThreadsCount() };
  }
  fallbacks.push({ name: 'wasm', reason: wasm.reason });
  // 3. without WebAssembly: the GPU, even a software one, then the CPU backend
  const last = gpu ?? softwareGpu;
  if (last && (await tf.setBackend(last.name))) {
    return { name: last.name, adapter: last.adapter, forced: false, fallbacks: fallbacks.filter((f) => f.name !== last.name), reason: null, probe: [], threads: null };
  }
  const cpu = await tryBackend('cpu');
  if (cpu.ok) return { name: 'cpu', adapter: null, forced: false, fallbacks, reason: null, probe: [], threads: null };
  fallbacks.push({ name: 'cpu', reason: cpu.reason });
  throw new Error(`No compute backend could start: ${fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')}`);
}

/** `#backend=`: that backend, or the others in the usual order when it cannot start. */
async function chooseForced(forced: BackendName): Promise<BackendReport> {
  const fallbacks: { name: BackendName; reason: string }[] = [];
  for (const name of [forced, ...BACKEND_ORDER.filter((b) => b !== forced)]) {
    const attempt = await tryBackend(name);
    if (attempt.ok) {
      return { name, adapter: attempt.adapter, forced: forced === name, fallbacks, reason: null, probe: [], threads: name === 'wasm' ? getThreadsCount() : null };
    }
    fallbacks.push({ name, reason: attempt.reason });
  }
  throw new Error(`No compute backend could start: ${fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; ')}`);
}

/**
 * GFLOP/s of one 3×3 convolution of the U-Net's first level (batch 32, 32 → 32 channels, 28×28):
 * one run to compile, then the median of three, each read back asynchronously.
 */
async function probeSpeed(name: BackendName): Promise<number> {
  await tf.setBackend(name);
  const [x, w] = tf.tidy(() => [tf.randomNormal([32, 28, 28, 32], 0, 1, 'float32', 1), tf.randomNormal([3, 3, 32, 32], 0, 0.1, 'float32', 2)]);
  const flops = 2 * 32 * 28 * 28 * 32 * 32 * 9;
  const times: number[] = [];
  try {
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same');
      await y.data();
      y.dispose();
      if (i > 0) times.push(performance.now() - started);
    }
  } finally {
    tf.dispose([x, w]);
  }
  times.sort((a, b) => a - b);
  return flops / (times[1] / 1000) / 1e9;
}

/** A renderer that is the CPU pretending to be a GPU, by its name. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render/i;

/** A backend that started, with its WebGPU adapter and, for a software GPU, the renderer's name. */
type Attempt = { ok: true; adapter: AdapterSummary | null; software: string | null } | { ok: false; reason: string };

async function tryBackend(name: BackendName): Promise<Attempt> {
  // 1. Find out, in words, why a backend cannot start before tfjs swallows the reason.
  let adapter: AdapterSummary | null = null;
  let software: string | null = null;
  if (name === 'webgpu') {
    const probe = (await withinTime(probeWebGPU(), startTimeoutMs)) ?? `requesting a WebGPU adapter did not finish within ${startTimeoutMs / 1000} s`;
    if (typeof probe === 'string') return { ok: false, reason: probe };
    adapter = probe;
    software = probe.software ? [probe.vendor, probe.architecture].filter((s) => !s.startsWith('unknown')).join(' ') || 'a fallback adapter' : null;
  } else if (name === 'webgl') {
    const probe = probeWebGL();
    if (!probe.ok) return { ok: false, reason: probe.reason };
    software = probe.renderer && SOFTWARE_RENDERER.test(probe.renderer) ? softwareName(probe.renderer) : null;
  }
  // 2. Let tfjs initialise it; a false or a throw is a failure with tfjs's message, and so is a start
  //    that has not finished in time (the next backend is tried instead of waiting for ever).
  const started = await withinTime(startBackend(name), startTimeoutMs);
  if (started === null) {
    // tfjs would keep waiting for the pending start (tf.ready() awaits it); removing the backend
    // makes that start obsolete, so the next backend can start.
    try {
      tf.removeBackend(name);
    } catch {
      // already gone
    }
    return { ok: false, reason: `it did not start within ${startTimeoutMs / 1000} s` };
  }
  return started.ok ? { ok: true, adapter, software } : started;
}

/** How long a backend may take to start before the next is tried (WebAssembly fetches and compiles its binary). */
export const BACKEND_START_TIMEOUT_MS = 60_000;
let startTimeoutMs = BACKEND_START_TIMEOUT_MS;

/** For tests: a shorter limit on a backend's start (the default when called without a value). */
export function setBackendStartTimeout(ms = BACKEND_START_TIMEOUT_MS): void {
  startTimeoutMs = ms;
}

/** `promise`'s value, or null once `ms` have passed first. */
async function withinTime<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((done) => {
    timer = setTimeout(() => done(null), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** tfjs's start of a backend, proved by a tiny computation read back asynchronously (rule 5). */
async function startBackend(name: BackendName): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return { ok: false, reason: `TensorFlow.js could not initialise the ${name} backend` };
    await tf.ready();
    const probe = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.scalar(1)));
    const values = await probe.data();
    probe.dispose();
    if (values[0] !== 2 || values[1] !== 3) return { ok: false, reason: `the ${name} backend computed 1+1 = ${values[0]}` };
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message || String(err) };
  }
}

/** The software renderer's own name (SwiftShader, llvmpipe…) out of a long renderer string. */
function softwareName(renderer: string): string {
  return /swiftshader/i.test(renderer) ? 'SwiftShader' : (SOFTWARE_RENDERER.exec(renderer)?.[0] ?? renderer);
}

async function probeWebGPU(): Promise<(AdapterSummary & { software: boolean }) | string> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return 'this browser does not expose WebGPU (navigator.gpu is missing)';
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (err) {
    return `requesting a WebGPU adapter failed: ${(err as Error).message}`;
  }
  if (!adapter) return 'no WebGPU adapter is available (WebGPU may be disabled or the GPU blocklisted)';
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const summary = {
    vendor: info?.vendor || 'unknown vendor',
    architecture: info?.architecture || 'unknown architecture',
    description: info?.description || '',
  };
  const fallback = info?.isFallbackAdapter === true || (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return { ...summary, software: fallback || SOFTWARE_RENDERER.test(`${summary.vendor} ${summary.architecture} ${summary.description}`) };
}

/** Whether WebGL2 works here, and its renderer's name (unmasked where the browser allows). */
function probeWebGL(): { ok: true; renderer: string | null } | { ok: false; reason: string } {
  if (typeof OffscreenCanvas === 'undefined') return { ok: false, reason: 'OffscreenCanvas is not available in this worker' };
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return { ok: false, reason: 'a WebGL2 context could not be created (WebGL may be disabled)' };
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) as unknown;
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { ok: true, renderer: typeof renderer === 'string' ? renderer : null };
  } catch (err) {
    return { ok: false, reason: `creating a WebGL2 context failed: ${(err as Error).message}` };
  }
}
