/**
 * The benchmark page (bench.html): measures training, sampling, the matmul peak and memory on one
 * backend per call of `window.ddpmBench.run`. scripts/bench.mjs drives it in headless Chromium and
 * adds the page-level measurements (frame intervals, scrubbing, sizes); a person can also open it
 * and press Run.
 */
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../engine/backend';
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
}

export interface BackendResult {
  backend: BackendName;
  available: boolean;
  reason?: string;
  adapter?: AdapterSummary | null;
  renderer?: string | null;
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
  // 1. the backend, exactly the one asked for
  let adapter: AdapterSummary | null;
  try {
    const report = await chooseBackend(backend);
    if (report.name !== backend) {
      return { backend, available: false, reason: report.fallbacks.map((f) => `${f.name}: ${f.reason}`).join('; '), ...empty };
    }
    adapter = report.adapter;
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
  return { backend, available: true, adapter, renderer: backend === 'webgl' ? webglRenderer() : null, matmulPeak: peak, training, sampling, memory };
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
