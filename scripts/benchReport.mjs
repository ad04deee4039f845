// Markdown rendering of the benchmark report written by scripts/bench.mjs (report.json → report.md).
// Everything here is pure: no I/O, no clock, no locale beyond 'en-US', so the same report always
// renders to the same text (the unit tests in test/unit/bench/ rely on that).

export { statsOf } from './benchStats.mjs';

const DASH = '—';

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/** Digits after the point for a value of this magnitude (12.3, 1.23, 0.123, 1,234). */
function decimalsFor(v) {
  const a = Math.abs(v);
  if (a >= 1000) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return 3;
}

/** A number with `decimals` digits after the point and thousands separators. */
function fixed(v, decimals) {
  return v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A plain number with three significant digits (12.3, 0.00123, 12,300), or "—". */
export function fmtNum(v, digits = 3) {
  if (!isNum(v)) return DASH;
  if (v === 0) return '0';
  return v.toLocaleString('en-US', { maximumSignificantDigits: digits });
}

/** Milliseconds: "12.3 ms", "1.23 ms", "0.123 ms", "1,234 ms", or "—". */
export function fmtMs(v) {
  if (!isNum(v)) return DASH;
  return `${fixed(v, decimalsFor(v))} ms`;
}

/** A duration that may run to seconds or minutes: "850 ms", "12.3 s", "4.2 min". */
export function fmtDuration(ms) {
  if (!isNum(ms)) return DASH;
  if (Math.abs(ms) < 1000) return fmtMs(ms);
  if (Math.abs(ms) < 120_000) return `${fixed(ms / 1000, 1)} s`;
  return `${fixed(ms / 60_000, 1)} min`;
}

/**
 * A timing summary: "12.3 ms (p10 11.9 – p90 13.0, n = 20)". The spread uses the median's precision.
 * Accepts `{ median, p10, p90, n }`; "—" for a missing one.
 */
export function fmtStats(s) {
  if (!s || !isNum(s.median)) return DASH;
  const d = decimalsFor(s.median);
  const spread = isNum(s.p10) && isNum(s.p90) ? `p10 ${fixed(s.p10, d)} – p90 ${fixed(s.p90, d)}, ` : '';
  return `${fixed(s.median, d)} ms (${spread}n = ${isNum(s.n) ? s.n : '?'})`;
}

/** Bytes in binary units: "512 B", "12.3 KiB", "1.23 MiB", "2.00 GiB". */
export function fmtBytes(b) {
  if (!isNum(b)) return DASH;
  const a = Math.abs(b);
  if (a < 1024) return `${Math.round(b)} B`;
  if (a < 1024 ** 2) return `${fixed(b / 1024, 1)} KiB`;
  if (a < 1024 ** 3) return `${fixed(b / 1024 ** 2, 2)} MiB`;
  return `${fixed(b / 1024 ** 3, 2)} GiB`;
}

/** A parameter count: "812", "12.3 k", "1.23 M". */
export function fmtCount(n) {
  if (!isNum(n)) return DASH;
  if (Math.abs(n) < 1000) return String(Math.round(n));
  if (Math.abs(n) < 1e6) return `${fixed(n / 1e3, 1)} k`;
  return `${fixed(n / 1e6, 2)} M`;
}

/** A fraction 0…1 as a percentage: 0.123 → "12.3 %". */
export function fmtPercent(fraction) {
  if (!isNum(fraction)) return DASH;
  return `${fixed(fraction * 100, 1)} %`;
}

/**
 * How much faster `ours` is than `naive`, from their median times: "×2.4 faster", "×1.3 slower",
 * "same speed"; null when either is missing.
 */
export function fmtSpeedup(oursMs, naiveMs) {
  if (!isNum(oursMs) || !isNum(naiveMs) || oursMs <= 0 || naiveMs <= 0) return null;
  const r = naiveMs / oursMs;
  if (Math.abs(r - 1) < 0.05) return 'same speed (×1.0)';
  return r > 1 ? `×${fixed(r, 1)} faster` : `×${fixed(1 / r, 1)} slower`;
}

const MODEL_NAMES = { unet: 'U-Net', mlp: 'MLP' };
const BACKEND_NAMES = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly (1 thread)', 'wasm-threads': 'WebAssembly (threads)', cpu: 'CPU' };

function modelLabel(model, size) {
  const name = MODEL_NAMES[model] ?? String(model ?? '?');
  return size ? `${name} (${size})` : name;
}

function backendLabel(b) {
  return BACKEND_NAMES[b] ?? String(b);
}

/** Escape a value for a Markdown table cell. */
function cell(v) {
  if (v === null || v === undefined || v === '') return DASH;
  return String(v).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(head, rows) {
  const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** The device a backend ran on, in one line, or null. */
export function deviceOf(result) {
  if (!result) return null;
  const a = result.adapter;
  if (a && typeof a === 'object') {
    const parts = [a.vendor, a.architecture, a.device, a.description].filter((p) => typeof p === 'string' && p.trim() !== '');
    if (parts.length) return parts.join(' / ');
  }
  if (typeof result.renderer === 'string' && result.renderer.trim() !== '') return result.renderer;
  return null;
}

function renderHeader(report) {
  const env = report.environment ?? {};
  const os = env.os ?? {};
  const lines = ['# DDPM explorable: benchmark report', ''];
  lines.push(`- **Date:** ${env.date ?? DASH}`);
  const mode = [env.quick ? 'quick (shorter runs, fewer repeats)' : 'full'];
  if (env.gpu !== undefined) mode.push(env.gpu ? 'real GPU flags (--gpu)' : 'software WebGPU (SwiftShader)');
  lines.push(`- **Mode:** ${mode.join(', ')}`);
  const browser = env.browser ?? {};
  const version = typeof browser.version === 'string' && /^\d/.test(browser.version) ? `Chromium ${browser.version}` : browser.version;
  lines.push(`- **Browser:** ${version ?? DASH}${browser.path ? ` (\`${browser.path}\`)` : ''}`);
  const flags = Array.isArray(env.flags) ? env.flags : [];
  lines.push(`- **Chromium flags:** ${flags.length ? flags.map((f) => `\`${f}\``).join(' ') : DASH}`);
  const cpu = os.cpuModel ? `${os.cpuModel} × ${os.cpuCount ?? '?'} logical cores` : DASH;
  lines.push(`- **CPU:** ${cpu}; ${fmtBytes(os.totalMemoryBytes)} RAM`);
  for (const r of report.backends ?? []) {
    const dev = deviceOf(r);
    if (dev) lines.push(`- **${backendLabel(r.backend)} device:** ${dev}`);
  }
  const sys = [os.platform, os.release, os.arch].filter(Boolean).join(' ');
  lines.push(`- **System:** ${sys || DASH}; Node ${env.node ?? DASH}`);
  return lines.join('\n');
}

/** PyTorch's ms per step (one thread) for the same model, size and batch, or null. */
function pytorchMs(pytorch, r) {
  const row = pytorch?.training?.find((p) => p.model === r.model && p.size === r.size && p.batch === r.batch && p.threads === 1);
  return isNum(row?.msPerStep) ? row.msPerStep : null;
}

/** How many times PyTorch's time a step takes here ("12× PyTorch"), or a dash. */
export function fmtVsPytorch(oursMs, torchMs) {
  if (!isNum(oursMs) || !isNum(torchMs) || torchMs <= 0) return DASH;
  const ratio = oursMs / torchMs;
  return `${ratio < 10 ? ratio.toFixed(1) : Math.round(ratio)}× PyTorch`;
}

function renderTraining(rows, pytorch = null) {
  const groups = new Map();
  for (const r of rows) {
    const key = `${r.model}|${r.size}|${r.batch}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const out = [];
  for (const group of groups.values()) {
    for (const r of group) {
      out.push([
        modelLabel(r.model, r.size),
        fmtCount(r.params),
        r.impl,
        r.batch,
        fmtMs(r.firstStepMs),
        fmtStats(r.ms),
        fmtNum(r.stepsPerSecond),
        isNum(r.flopsPerStep) ? fmtNum(r.flopsPerStep / 1e9) : DASH,
        fmtNum(r.gflops),
        fmtPercent(r.utilisation),
        isNum(r.kernels) ? fmtNum(r.kernels, 4) : DASH,
        r.impl === 'ours' ? fmtVsPytorch(r.ms?.median, pytorchMs(pytorch, r)) : DASH,
        r.note ?? '',
      ]);
    }
    const ours = group.find((r) => r.impl === 'ours');
    const naive = group.find((r) => r.impl === 'naive');
    const speedup = fmtSpeedup(ours?.ms?.median, naive?.ms?.median);
    if (speedup) {
      const g = group[0];
      const kernelRatio = isNum(ours?.kernels) && isNum(naive?.kernels) && naive.kernels > 0 ? `${(ours.kernels / naive.kernels).toFixed(2)} ×` : '';
      out.push([modelLabel(g.model, g.size), '', '**ours vs naive**', g.batch, '', `**${speedup}**`, '', '', '', '', kernelRatio, '', 'ratio of median ms/step; of kernels per step']);
    }
  }
  return table(
    ['Model', 'Params', 'Impl', 'Batch', 'First step', 'ms/step: median (p10 – p90, n)', 'Steps/s', 'GFLOP/step', 'GFLOP/s', 'Utilisation (% of matmul peak)', 'Kernels/step', 'Time vs PyTorch (1 thread)', 'Note'],
    out,
  );
}

/** Where a step spends its time: the costliest kernels of each profiled row (tf.profile). */
export function renderKernels(rows) {
  const profiled = rows.filter((r) => Array.isArray(r.topKernels) && r.topKernels.length > 0);
  if (profiled.length === 0) return '';
  const out = profiled.map((r) => [
    modelLabel(r.model, r.size),
    r.impl,
    r.batch,
    r.topKernels.map((k) => `${k.name} ×${k.count}${isNum(k.ms) ? ` ${fmtDuration(k.ms)}` : ''}`).join('; '),
  ]);
  return table(['Model', 'Impl', 'Batch', 'Costliest kernels in one profiled step (name ×count, total time)'], out);
}

function fmtRun(run) {
  if (!run || !isNum(run.ms)) return DASH;
  return `${fmtDuration(run.ms)}${run.measured === false ? ' (est.)' : ''}`;
}

function renderSampling(rows) {
  return table(
    ['Model', 'Images', 'ms per denoising step: median (p10 – p90, n)', 'DDPM, 1000 steps', 'DDIM, 50 steps', 'DDIM, 10 steps', 'Note'],
    rows.map((r) => [modelLabel(r.model, r.size), r.images, fmtStats(r.msPerStep), fmtRun(r.ddpm1000), fmtRun(r.ddim50), fmtRun(r.ddim10), r.note ?? '']),
  );
}

function fmtDrift(d) {
  if (!isNum(d)) return DASH;
  return d === 0 ? '0' : `⚠ ${d > 0 ? '+' : ''}${d}`;
}

function renderMemory(rows) {
  return table(
    ['Model', 'Batch', 'Steps', 'Tensors after warm-up', 'Tensors after', 'Tensor drift', 'GPU memory after warm-up', 'GPU memory after'],
    rows.map((r) => [
      modelLabel(r.model, r.size),
      r.batch,
      r.steps,
      r.tensorsAfterWarmup,
      r.tensorsAfter,
      fmtDrift(r.drift),
      fmtBytes(r.gpuBytesAfterWarmup),
      fmtBytes(r.gpuBytesAfter),
    ]),
  );
}

function renderMatmul(peak) {
  if (!peak) return '**Matmul peak:** not measured.';
  const n = Array.isArray(peak.size) ? peak.size.join(' × ') : isNum(peak.size) ? `${peak.size} × ${peak.size} matrices` : '?';
  return `**Matmul peak** (float32, ${n}): ${fmtStats(peak.ms)} → **${fmtNum(peak.gflops)} GFLOP/s**`;
}

/** The PyTorch reference on the same machine in the same run (reference/bench.py). */
function renderPytorch(pytorch) {
  if (!pytorch) return '';
  if (pytorch.error) return ['## PyTorch reference (CPU)', '', `**Not measured:** ${pytorch.error}`].join('\n');
  const rows = (pytorch.training ?? []).map((r) => [modelLabel(r.model, r.size), r.batch, r.threads, fmtMs(r.msPerStep), isNum(r.gflops) ? fmtNum(r.gflops) : DASH]);
  const sampling = (pytorch.sampling ?? []).map((r) => [modelLabel(r.model, r.size), r.images, r.threads, fmtMs(r.msPerStep)]);
  return [
    '## PyTorch reference (CPU, same machine, same run)',
    '',
    `\`reference/bench.py\`, PyTorch ${pytorch.torch ?? DASH}: the same models and training step (clip, Adam, EMA), median of timed steps.`,
    '',
    table(['Model', 'Batch', 'Threads', 'ms/step', 'GFLOP/s'], rows),
    '',
    table(['Model', 'Images', 'Threads', 'ms per DDIM step'], sampling),
  ].join('\n');
}

function renderBackend(r, pytorch = null) {
  const label = r.backend === 'wasm-threads' && r.available && isNum(r.threads) ? `WebAssembly (${r.threads} threads)` : backendLabel(r.backend);
  const lines = [`## ${label}`, ''];
  if (!r.available) {
    lines.push(`**Not available:** ${r.reason ?? 'no reason given'}`);
    return lines.join('\n');
  }
  const dev = deviceOf(r);
  if (dev) lines.push(`Device: ${dev}`, '');
  lines.push(renderMatmul(r.matmulPeak), '');
  lines.push('### Training (one optimisation step: forward, backward, Adam update)', '');
  lines.push(Array.isArray(r.training) && r.training.length ? renderTraining(r.training, pytorch) : 'No training measurements.', '');
  const kernels = Array.isArray(r.training) ? renderKernels(r.training) : '';
  if (kernels) lines.push('### Where a training step spends its time', '', kernels, '');
  lines.push('### Sampling (est. = extrapolated from the per-step time)', '');
  lines.push(Array.isArray(r.sampling) && r.sampling.length ? renderSampling(r.sampling) : 'No sampling measurements.', '');
  lines.push('### Memory (tensor drift ≠ 0 means tensors leak per step)', '');
  lines.push(Array.isArray(r.memory) && r.memory.length ? renderMemory(r.memory) : 'No memory measurements.');
  return lines.join('\n');
}

function fmtFrames(f) {
  if (!f || !isNum(f.count) || f.count === 0) return DASH;
  return `${fmtMs(f.p50)} / ${fmtMs(f.p95)} / ${fmtMs(f.max)} (${f.count} frames)`;
}

function renderPage(rows) {
  const body = rows.map((p) => {
    const notes = [];
    if (p.backendShown && !p.backendShown.toLowerCase().startsWith(backendLabel(p.backend).toLowerCase())) notes.push(`app used: ${p.backendShown}`);
    if (p.training && p.training.reachedStep === false) notes.push('no training step finished within 120 s');
    if (p.training && p.training.reachedStep !== false && isNum(p.training.stepsDuring)) notes.push(`${p.training.stepsDuring} step${p.training.stepsDuring === 1 ? '' : 's'} during the measurement`);
    if (p.paused === false) notes.push('could not pause: scrubbed while training');
    if (p.error) notes.push(`error: ${p.error}`);
    const heap = p.heap && isNum(p.heap.usedJSHeapSize) ? fmtBytes(p.heap.usedJSHeapSize) : DASH;
    const scrub = (s) => (s && isNum(s.median) ? `${fmtMs(s.median)} / ${fmtMs(s.p95)} (n = ${s.n})` : DASH);
    const whole = (w) => (w && isNum(w.scrub?.median) ? `${scrub(w.scrub)} at 1280 × ${w.viewportHeight}` : DASH);
    const training = p.trainingScrub && isNum(p.trainingScrub.scrub?.median) ? `${scrub(p.trainingScrub.scrub)}; whole panel ${whole(p.trainingScrub.wholePanel)}` : DASH;
    return [
      backendLabel(p.backend), fmtDuration(p.readyMs), fmtFrames(p.idle), fmtFrames(p.training),
      scrub(p.scrub), scrub(p.atChart?.scrub), whole(p.wholePanel), scrub(p.scrubSettled), training, heap, notes.join('; '),
    ];
  });
  return table(
    [
      'Backend', 'Time to ready', 'Idle frame interval p50 / p95 / max', 'Frame interval while training p50 / p95 / max',
      'Scrub, in its frame: median / p95', 'The same, scrolled to the schedule chart', 'The same, the whole panel on screen',
      'Scrub, whole page: median / p95', 'Scrub in its frame while training: median / p95', 'Main-thread JS heap', 'Note',
    ],
    body,
  );
}

function renderSize(size) {
  const rows = (size.files ?? []).map((f) => [`\`${f.path}\``, f.kind, fmtBytes(f.raw), fmtBytes(f.gzip)]);
  if (size.js) rows.push([`**JavaScript total** (${size.js.files} files)`, 'js', `**${fmtBytes(size.js.raw)}**`, `**${fmtBytes(size.js.gzip)}**`]);
  if (size.dataset) rows.push(['**Dataset**', 'data', `**${fmtBytes(size.dataset.raw)}**`, `**${fmtBytes(size.dataset.gzip)}**`]);
  return table(['File', 'Kind', 'Raw', 'gzip (level 6)'], rows);
}

/** The whole report as Markdown. */
export function renderMarkdown(report) {
  const parts = [renderHeader(report)];
  for (const r of report.backends ?? []) parts.push(renderBackend(r, report.pytorch ?? null));
  const torch = renderPytorch(report.pytorch);
  if (torch) parts.push(torch);
  if (Array.isArray(report.page) && report.page.length) {
    parts.push(
      [
        '## Page responsiveness (the app, main thread)',
        '',
        'Frame intervals from requestAnimationFrame. A scrub is one input event on the forward panel’s “Timestep t” slider, dispatched at the start of a frame: ' +
          '“in its frame” is until that frame is rendered with the parts of the panel on screen updated (one frame is 16.7 ms at 60 Hz), “whole page” until the second frame after it, ' +
          'when the rest of the page has followed. The frame redraws what is on screen, so it is timed in three views of a 1280 × 900 window: ' +
          'the images and eq. 4 on screen, scrolled to the schedule chart, and a window as tall as the whole panel. ' +
          'These come after training is paused; while it trains (with the images and eq. 4 on screen, and the whole panel), a scrub shares the machine with the training step.',
        '',
        renderPage(report.page),
      ].join('\n'),
    );
  }
  if (report.size) parts.push(['## Download size (files the app loaded)', '', renderSize(report.size)].join('\n'));
  return `${parts.join('\n\n')}\n`;
}
