/**
 * The benchmark page (bench.html): measures training, sampling, the matmul peak and memory on one
 * backend per call of `window.ddpmBench.run`. scripts/bench.mjs drives it in headless Chromium and
 * adds the page-level measurements (frame intervals, scrubbing, sizes); a person can also open it
 * and press Run.
 */
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../engine/backend';
import { offerWasmThreads } from '../engine/wasmThreads';
import type { AdapterSummary, BackendName, ModelKind, ModelSize } from '../engine/protocol';
import { setGradientAlgorithm } from '../model';
import { matmulPeak, type MatmulPeak } from './peak';
import { measureSampling, type SamplingRow } from './sampling';
import { measureTraining, type MemoryRow, type TrainingCell, type TrainingRow } from './training';
import { log } from './common';
import { runParity, type ParityFixture, type ParityReport } from './parity';

export interface BenchOptions {
  backend: BackendName;
  quick: boolean;
  /** which model sizes to measure (default: both; the tiny ones are what slow devices use) */
  sizes?: ModelSize[];
  /** WebAssembly's threaded build, as the app runs it on a cross-origin isolated page with 4 or more cores */
  threads?: boolean;
}

export interface BackendResult {
  backend: BackendName;
  available: boolean;
  reason?: string;
  adapter?: AdapterSummary | null;
  renderer?: string | null;
  /** threads of the WebAssembly backend */
  threads?: number | null;
  matmulPeak: MatmulPeak | null;
  training: TrainingRow[];
  sampling: SamplingRow[];
  memory: MemoryRow[];
}


/** The WebGL renderer string, which names the GPU (or SwiftShader). */
function webglRenderer(): string | null {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } catch {
    return null;
  }
}

async function run(options: BenchOptions): Promise<BackendResult> {
  const { backend, quick } = options;
  const empty = { matmulPeak: null, training: [], sampling: [], memory: [] };
  // 1. the backend, exactly the one asked for (WebAssembly on one thread unless threads are asked for)
  let adapter: AdapterSummary | null;
  let threads: number | null;
  if (options.threads) {
    if (backend !== 'wasm') return { backend, available: false, reason: 'threads are an option of the WebAssembly backend', ...empty };
    offerWasmThreads();
  }
  try {
    const report = await chooseBackend(backend);
    if (report.name !== backend) {
      return { backend, available: false, reason: report.fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; '), ...empty };
    }
    if (options.threads && (report.threads ?? 1) < 2) return { backend, available: false, reason: noThreadsReason(), ...empty };
    adapter = report.adapter;
    threads = report.threads;
  } catch (err) {
    return { backend, available: false, reason: (err as Error).message, ...empty };
  }
  setGradientAlgorithm('auto');
  log(`${backend}: started${adapter ? ` on ${adapter.vendor} ${adapter.architecture} ${adapter.description}` : ''}`);
  // 2. the peak a large matrix product reaches here
  const size = backend === 'cpu' ? 256 : quick ? 512 : 1024;
  const peak = await matmulPeak(size, quick ? 3 : 7, backend === 'cpu' ? 1 : 4);
  log(`${backend}: matmul ${size}×${size} reaches ${peak.gflops.toFixed(1)} GFLOP/s`);
  // 3. training: both models at batch 16 and 64, and the naive U-Net beside ours
  const budget = quick
    ? { steps: 6, budgetMs: 20_000, maxFirstStepMs: 60_000, groupMs: 100 }
    : { steps: 40, budgetMs: 60_000, maxFirstStepMs: 120_000, groupMs: 100 };
  const training: TrainingRow[] = [];
  const memory: MemoryRow[] = [];
  for (const size of options.sizes ?? (['default', 'tiny'] as ModelSize[])) {
    for (const batch of [16, 64]) {
      // (tf.layers' naive U-Net needs Conv2DBackpropFilter, which the wasm backend lacks)
      const cells: TrainingCell[] = [
        { model: 'unet', size, impl: 'ours', batch },
        ...(backend === 'wasm' ? [] : [{ model: 'unet', size, impl: 'naive', batch } as TrainingCell]),
        { model: 'mlp', size, impl: 'ours', batch },
      ];
      for (const cell of cells) {
        const r = await measureTraining(cell, budget, peak.gflops);
        training.push(r.row);
        if (r.memory) memory.push(r.memory);
      }
    }
  }
  // 4. sampling, 16 images
  const sampling: SamplingRow[] = [];
  for (const size of options.sizes ?? (['default', 'tiny'] as ModelSize[])) {
    for (const model of ['unet', 'mlp'] as ModelKind[]) {
      sampling.push(await measureSampling(model, size, { steps: quick ? 5 : 20, budgetMs: quick ? 10_000 : 60_000, maxFirstStepMs: budget.maxFirstStepMs, peakGflops: peak.gflops }));
    }
  }
  return { backend, available: true, adapter, renderer: backend === 'webgl' ? webglRenderer() : null, threads, matmulPeak: peak, training, sampling, memory };
}

/** Why the threaded build did not run here. */
function noThreadsReason(): string {
  if (!globalThis.crossOriginIsolated) return 'the page is not cross-origin isolated (COOP and COEP headers), so there is no SharedArrayBuffer';
  const cores = navigator.hardwareConcurrency || 1;
  return `tfjs 4.22 runs XNNPACK on half of the logical cores, which is one thread here (${cores} logical cores); the app then runs the single-threaded build`;
}

/**
 * Parity with the PyTorch reference (test/fixtures/parity.json) on exactly `backend`, with the backend's
 * own convolution kernels, as the app runs them; one backend per page load.
 */
async function parity(backend: BackendName, fixture: ParityFixture): Promise<ParityReport & { backend: BackendName }> {
  const report = await chooseBackend(backend);
  if (report.name !== backend) throw new Error(`${backend} is not available: ${report.fallbacks.map((f) => f.reason).join('; ')}`);
  setGradientAlgorithm('auto');
  return { backend, ...(await runParity(fixture)) };
}

declare global {
  interface Window {
    /** `tf` is there for profiling by hand from the console (tf.profile, tf.memory) */
    ddpmBench: {
      run: (options: BenchOptions) => Promise<BackendResult>;
      parity: typeof parity;
      tfVersion: string;
      tf: typeof tf;
    };
  }
}
window.ddpmBench = { run, parity, tfVersion: tf.version.tfjs, tf };

// By hand: choose a backend and press Run; the result appears as JSON.
const form = document.getElementById('bench-form') as HTMLFormElement | null;
form?.addEventListener('submit', (e) => {
  e.preventDefault();
  const data = new FormData(form);
  const out = document.getElementById('bench-out') as HTMLOutputElement;
  out.textContent = 'Running…';
  run({ backend: data.get('backend') as BackendName, quick: data.get('quick') === 'on' }).then(
    (r) => (out.textContent = JSON.stringify(r, null, 2)),
    (err: Error) => (out.textContent = `Failed: ${err.message}`),
  );
});
