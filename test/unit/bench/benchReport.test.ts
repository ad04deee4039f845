import { describe, expect, it } from 'vitest';
import { fmtBytes, fmtDuration, fmtMs, fmtSpeedup, fmtStats, renderMarkdown, statsOf, type BenchReport } from '../../../scripts/benchReport.mjs';

const stats = (median: number, p10: number, p90: number, n: number) => ({ median, p10, p90, min: p10, max: p90, n });

/** Three backends: WebGPU with results, WebGL unavailable, WebAssembly threads with no rows. */
const REPORT: BenchReport = {
  environment: {
    date: '2025-01-02T03:04:05.000Z',
    quick: true,
    gpu: false,
    browser: { path: '/usr/bin/chromium', version: '131.0.6778.85' },
    flags: ['--no-sandbox', '--enable-unsafe-webgpu'],
    os: { platform: 'linux', release: '6.1.0', arch: 'x64', cpuModel: 'AMD EPYC 7B13', cpuCount: 16, totalMemoryBytes: 64 * 1024 ** 3 },
    node: 'v20.11.0',
  },
  backends: [
    {
      backend: 'webgpu',
      available: true,
      adapter: { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader Device (Subzero)' },
      renderer: null,
      matmulPeak: { size: 1024, gflops: 200, ms: stats(10.74, 10.5, 11.2, 7) },
      training: [
        { model: 'unet', size: 'default', impl: 'ours', batch: 16, params: 1_234_567, firstStepMs: 850, ms: stats(100, 95, 110, 20), stepsPerSecond: 10, flopsPerStep: 2.5e9, gflops: 25, utilisation: 0.125, kernels: 2642, topKernels: [{ name: 'FusedConv2D', count: 26, ms: 5888.4 }, { name: 'Multiply', count: 296, ms: null }] },
        { model: 'unet', size: 'default', impl: 'naive', batch: 16, params: 1_234_567, firstStepMs: 1500, ms: stats(240, 230, 260, 10), stepsPerSecond: 1000 / 240, flopsPerStep: 2.5e9, gflops: 2.5e9 / 240e6, utilisation: 2.5e9 / 240e6 / 200, kernels: 4440, topKernels: [], note: 'time budget reached after 10 steps' },
        { model: 'mlp', size: 'default', impl: 'ours', batch: 16, params: 98_765, firstStepMs: 40, ms: null, stepsPerSecond: null, flopsPerStep: 3.2e6, gflops: null, utilisation: null, note: 'first step too slow' },
      ],
      sampling: [
        { model: 'unet', size: 'default', images: 16, msPerStep: stats(45, 44, 47.5, 20), ddpm1000: { ms: 45_000, measured: false }, ddim50: { ms: 2300, measured: true }, ddim10: { ms: 450, measured: true } },
      ],
      memory: [
        { model: 'unet', size: 'default', batch: 16, steps: 20, tensorsAfterWarmup: 120, tensorsAfter: 120, drift: 0, gpuBytesAfterWarmup: 10 * 1024 ** 2, gpuBytesAfter: 10 * 1024 ** 2 },
        { model: 'mlp', size: 'default', batch: 16, steps: 20, tensorsAfterWarmup: 40, tensorsAfter: 43, drift: 3, gpuBytesAfterWarmup: null, gpuBytesAfter: null },
      ],
    },
    { backend: 'webgl', available: false, reason: 'webgl: WebGL2 is not supported here', matmulPeak: null, training: [], sampling: [], memory: [] },
    { backend: 'wasm-threads', available: true, threads: 4, matmulPeak: null, training: [], sampling: [], memory: [] },
  ],
  page: [
    {
      backend: 'webgpu',
      backendShown: 'WebGPU',
      readyMs: 2300,
      idle: { count: 180, p50: 16.7, p95: 17.2, max: 33.4, longFrames: 0 },
      training: { count: 170, p50: 16.7, p95: 18.4, max: 50.1, longFrames: 1, reachedStep: true, firstStepWaitMs: 900, stepsDuring: 12 },
      paused: true,
      scrub: { median: 8.5, p10: 7.9, p90: 12.1, p95: 13.2, min: 7.5, max: 14, n: 20 },
      scrubSettled: { median: 30.5, p10: 28, p90: 40, p95: 45.5, min: 27, max: 50, n: 20 },
      atChart: { scrub: { median: 9.25, p10: 8, p90: 12, p95: 14.5, min: 7.9, max: 15, n: 20 } },
      wholePanel: { viewportHeight: 3140, scrub: { median: 12, p10: 10, p90: 15, p95: 16.25, min: 9.5, max: 18, n: 20 } },
      trainingScrub: {
        scrub: { median: 9.5, p10: 8, p90: 14, p95: 17.5, min: 7.5, max: 19, n: 20 },
        wholePanel: { viewportHeight: 3140, scrub: { median: 13, p10: 11, p90: 20, p95: 22, min: 10, max: 25, n: 20 } },
      },
      heap: { usedJSHeapSize: 24 * 1024 ** 2, totalJSHeapSize: 40 * 1024 ** 2, jsHeapSizeLimit: 4 * 1024 ** 3 },
    },
    { backend: 'webgl', backendShown: 'CPU (WebGL failed)', readyMs: 1800, error: 'locator.click: Timeout 30000ms exceeded.' },
    {
      backend: 'cpu',
      backendShown: 'CPU, chosen in the link',
      readyMs: 950,
      idle: { count: 90, p50: 16.7, p95: 16.8, max: 16.9, longFrames: 0 },
      training: { count: 88, p50: 16.7, p95: 20, max: 120, longFrames: 2, reachedStep: false, firstStepWaitMs: null, stepsDuring: 0 },
      paused: false,
      scrub: { median: 150, p10: 140, p90: 210, p95: 220, min: 130, max: 230, n: 10 },
      heap: null,
    },
  ],
  size: {
    files: [
      { path: 'assets/main-abc.js', kind: 'js', raw: 700_000, gzip: 215_000 },
      { path: 'assets/worker-def.js', kind: 'js', raw: 2_100_000, gzip: 320_000 },
      { path: 'data/mnist-10k.bin', kind: 'data', raw: 7_840_000, gzip: 1_650_000 },
    ],
    js: { files: 2, raw: 2_800_000, gzip: 535_000 },
    dataset: { path: 'data/mnist-10k.bin', raw: 7_840_000, gzip: 1_650_000 },
  },
  pytorch: {
    torch: '1.13.0',
    cpuCount: 2,
    defaultThreads: 2,
    training: [
      { model: 'unet', size: 'default', batch: 16, threads: 1, msPerStep: 40, gflops: 62.5 },
      { model: 'unet', size: 'default', batch: 16, threads: 2, msPerStep: 25, gflops: 100 },
    ],
    sampling: [{ model: 'unet', size: 'default', images: 16, threads: 1, msPerStep: 12.5 }],
  },
};

const md = renderMarkdown(REPORT);
const lines = md.split('\n');
/** The text of one backend's section, up to the next "## " heading. */
const section = (title: string) => {
  const start = lines.indexOf(`## ${title}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start, end < 0 ? undefined : end);
};

describe('benchmark report formatting', () => {
  it('formats timings, stats, sizes and speed-ups with units', () => {
    expect(fmtStats({ median: 12.34, p10: 11.9, p90: 13, n: 20 })).toBe('12.3 ms (p10 11.9 – p90 13.0, n = 20)');
    expect(fmtStats({ median: 1234.4, p10: 1200, p90: 1300.6, n: 5 })).toBe('1,234 ms (p10 1,200 – p90 1,301, n = 5)');
    expect(fmtStats(null)).toBe('—');
    expect(fmtMs(0.1234)).toBe('0.123 ms');
    expect(fmtMs(5)).toBe('5.00 ms');
    expect(fmtMs(null)).toBe('—');
    expect(fmtDuration(45_000)).toBe('45.0 s');
    expect(fmtDuration(600_000)).toBe('10.0 min');
    expect(fmtBytes(512)).toBe('512 B');
    expect(fmtBytes(1536)).toBe('1.5 KiB');
    expect(fmtBytes(3 * 1024 ** 2)).toBe('3.00 MiB');
    expect(fmtSpeedup(100, 240)).toBe('×2.4 faster');
    expect(fmtSpeedup(100, 50)).toBe('×2.0 slower');
    expect(fmtSpeedup(100, 102)).toBe('same speed (×1.0)');
    expect(fmtSpeedup(null, 50)).toBeNull();
  });

  it('summarizes samples with interpolated percentiles', () => {
    const s = statsOf([5, 1, 3, 2, 4])!;
    expect([s.median, s.min, s.max, s.n]).toEqual([3, 1, 5, 5]);
    expect(s.p10).toBeCloseTo(1.4);
    expect(s.p90).toBeCloseTo(4.6);
    expect(s.p95).toBeCloseTo(4.8);
    expect(statsOf([])).toBeNull();
  });
});

describe('renderMarkdown', () => {
  it('starts with the hardware, browser, flags and date', () => {
    expect(lines[0]).toBe('# DDPM explorable: benchmark report');
    expect(lines).toContain('- **Date:** 2025-01-02T03:04:05.000Z');
    expect(lines).toContain('- **Mode:** quick (shorter runs, fewer repeats), software WebGPU (SwiftShader)');
    expect(lines).toContain('- **Browser:** Chromium 131.0.6778.85 (`/usr/bin/chromium`)');
    expect(lines).toContain('- **Chromium flags:** `--no-sandbox` `--enable-unsafe-webgpu`');
    expect(lines).toContain('- **CPU:** AMD EPYC 7B13 × 16 logical cores; 64.00 GiB RAM');
    expect(lines).toContain('- **WebGPU device:** google / swiftshader / SwiftShader Device (Subzero)');
    expect(lines).toContain('- **System:** linux 6.1.0 x64; Node v20.11.0');
  });

  it('renders the training table with the ours-vs-naive ratio', () => {
    const s = section('WebGPU');
    expect(s).toContain('Device: google / swiftshader / SwiftShader Device (Subzero)');
    expect(s).toContain('**Matmul peak** (float32, 1024 × 1024 matrices): 10.7 ms (p10 10.5 – p90 11.2, n = 7) → **200 GFLOP/s**');
    expect(s).toContain(
      '| Model | Params | Impl | Batch | First step | ms/step: median (p10 – p90, n) | Steps/s | GFLOP/step | GFLOP/s | Utilisation (% of matmul peak) | Kernels/step | Time vs PyTorch (1 thread) | Note |',
    );
    // 100 ms here against PyTorch's 40 ms with one thread
    expect(s).toContain('| U-Net (default) | 1.23 M | ours | 16 | 850.0 ms | 100.0 ms (p10 95.0 – p90 110.0, n = 20) | 10 | 2.5 | 25 | 12.5 % | 2,642 | 2.5× PyTorch | — |');
    expect(s).toContain(
      '| U-Net (default) | 1.23 M | naive | 16 | 1,500 ms | 240.0 ms (p10 230.0 – p90 260.0, n = 10) | 4.17 | 2.5 | 10.4 | 5.2 % | 4,440 | — | time budget reached after 10 steps |',
    );
    // 240 ms / 100 ms: ours is 2.4 times as fast; the row follows the pair.
    // and 2,642 of 4,440 kernels per step
    const ratio = '| U-Net (default) | — | **ours vs naive** | 16 | — | **×2.4 faster** | — | — | — | — | 0.60 × | — | ratio of median ms/step; of kernels per step |';
    expect(s.indexOf(ratio)).toBe(s.findIndex((l) => l.includes('| naive | 16 |')) + 1);
    // the MLP has no naive twin, hence no ratio row; a missing measurement shows a dash and its note
    expect(s).toContain('| MLP (default) | 98.8 k | ours | 16 | 40.0 ms | — | — | 0.0032 | — | — | — | — | first step too slow |');
    // where the time goes, for the profiled row only
    expect(s).toContain('| U-Net (default) | ours | 16 | FusedConv2D ×26 5.9 s; Multiply ×296 |');
    expect(s.filter((l) => l.includes('Costliest kernels'))).toHaveLength(1);
    expect(s.filter((l) => l.includes('ours vs naive'))).toHaveLength(1);
  });

  it('renders sampling with extrapolated runs marked, and memory with drift flagged', () => {
    const s = section('WebGPU');
    expect(s).toContain('| U-Net (default) | 16 | 45.0 ms (p10 44.0 – p90 47.5, n = 20) | 45.0 s (est.) | 2.3 s | 450.0 ms | — |');
    expect(s).toContain('| U-Net (default) | 16 | 20 | 120 | 120 | 0 | 10.00 MiB | 10.00 MiB |');
    expect(s).toContain('| MLP (default) | 16 | 20 | 40 | 43 | ⚠ +3 | — | — |');
  });

  it('shows an unavailable backend’s reason instead of tables', () => {
    const s = section('WebGL');
    expect(s).toContain('**Not available:** webgl: WebGL2 is not supported here');
    // the threaded WebAssembly build is named with its number of threads
    expect(section('WebAssembly (4 threads)')).toContain('No training measurements.');
    expect(s.some((l) => l.startsWith('|') || l.startsWith('###'))).toBe(false);
    expect(md).not.toContain('**WebGL device:**');
  });

  it('renders the page metrics, keeping partial results beside an error', () => {
    const s = section('Page responsiveness (the app, main thread)');
    expect(s).toContain(
      '| WebGPU | 2.3 s | 16.7 ms / 17.2 ms / 33.4 ms (180 frames) | 16.7 ms / 18.4 ms / 50.1 ms (170 frames) | 8.50 ms / 13.2 ms (n = 20) | 9.25 ms / 14.5 ms (n = 20) | 12.0 ms / 16.3 ms (n = 20) at 1280 × 3140 | 30.5 ms / 45.5 ms (n = 20) | 9.50 ms / 17.5 ms (n = 20); whole panel 13.0 ms / 22.0 ms (n = 20) at 1280 × 3140 | 24.00 MiB | 12 steps during the measurement |',
    );
    expect(s).toContain('| WebGL | 1.8 s | — | — | — | — | — | — | — | — | app used: CPU (WebGL failed); error: locator.click: Timeout 30000ms exceeded. |');
    expect(s).toContain(
      '| CPU | 950.0 ms | 16.7 ms / 16.8 ms / 16.9 ms (90 frames) | 16.7 ms / 20.0 ms / 120.0 ms (88 frames) | 150.0 ms / 220.0 ms (n = 10) | — | — | — | — | — | no training step finished within 120 s; could not pause: scrubbed while training |',
    );
  });

  it('renders the PyTorch reference measured in the same run', () => {
    const s = section('PyTorch reference (CPU, same machine, same run)');
    expect(s).toContain('| U-Net (default) | 16 | 1 | 40.0 ms | 62.5 |');
    expect(s).toContain('| U-Net (default) | 16 | 2 | 25.0 ms | 100 |');
    expect(s).toContain('| U-Net (default) | 16 | 1 | 12.5 ms |');
    const missing = renderMarkdown({ ...REPORT, pytorch: { error: '/usr/bin/python3 has no PyTorch (apt-get install -y python3-torch)' } });
    expect(missing).toContain('**Not measured:** /usr/bin/python3 has no PyTorch (apt-get install -y python3-torch)');
    expect(missing).toContain('| 2,642 | — | — |');
  });

  it('renders the download sizes with totals', () => {
    const s = section('Download size (files the app loaded)');
    expect(s).toContain('| `assets/worker-def.js` | js | 2.00 MiB | 312.5 KiB |');
    expect(s).toContain('| **JavaScript total** (2 files) | js | **2.67 MiB** | **522.5 KiB** |');
    expect(s).toContain('| **Dataset** | data | **7.48 MiB** | **1.57 MiB** |');
  });
});
