#!/usr/bin/env node
/* global window, requestAnimationFrame, HTMLInputElement */
// Benchmark of the production build in headless Chromium: `npm run bench [-- options]`.
//
// For each compute backend it opens dist/bench.html and runs `window.ddpmBench.run({ backend, quick })`
// (matmul peak, training steps, sampling, tensor/memory drift), then opens the app itself
// (dist/index.html#backend=<b>&panel=training) to measure main-thread frame intervals while idle and
// while training, and the latency of one scrub of the forward panel's "Timestep t" slider. It also
// sizes the JavaScript and the dataset the app downloaded (raw and gzip), and, when Debian's
// python3-torch is installed, times the PyTorch reference on the same machine (reference/bench.py) so
// that every training figure is also a multiple of PyTorch's. Results go to <out>/report.json and
// <out>/report.md, and the Markdown is printed to stdout.
//
// Options:
//   --quick              shorter runs (fewer repeats, 1.5 s frame windows, 20 scrubs)
//   --scrubs N           scrubs timed in each view of the forward panel (default: 40, or 20 with --quick)
//   --out DIR            where to write report.json and report.md (default: bench-out/)
//   --backends LIST      comma-separated subset of webgpu,webgl,wasm,wasm-threads,cpu (default: all)
//   --browser PATH       Chromium binary (default: $CHROMIUM_PATH or /usr/bin/chromium); never downloaded
//   --gpu                use a real GPU instead of SwiftShader (flags below)
//   --flags "..."        extra Chromium flags, separated by spaces
//   --no-build           skip `npm run build` and use the existing dist/
//   --help               print this help
//
// Chromium flags. Always: --no-sandbox --disable-background-networking --disable-component-update
// --disable-sync --no-first-run --disable-quic --enable-precise-memory-info (the last makes
// performance.memory exact instead of bucketed).
//   Without --gpu (any machine, software rendering; numbers measure the CPU, not a GPU):
//     --enable-unsafe-webgpu --use-webgpu-adapter=swiftshader
//   With --gpu (a real GPU on Linux, through Vulkan; needs the GPU's Vulkan driver):
//     --enable-unsafe-webgpu --enable-features=Vulkan,UseSkiaRenderer --use-angle=vulkan
//     --enable-gpu-rasterization --ignore-gpu-blocklist
//   Chromium honours only the last --enable-features, so an extra one given with --flags must repeat
//   Vulkan,UseSkiaRenderer when used with --gpu.
//   On macOS (Metal) and Windows (D3D12) headless Chromium usually finds the GPU with
//   --enable-unsafe-webgpu alone; pass other flags with --flags. Check the adapter and the WebGL
//   renderer printed in the report's header: a "swiftshader" or "llvmpipe" device means the run
//   did not reach the GPU.
//
// Exit codes: 0 when the report was written (a backend that fails is recorded in the report as
// unavailable, with its reason), 1 when the build, the browser or the server failed, 2 for bad options.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM, COMMON_FLAGS as TEST_FLAGS, DIST, WEBGPU_FLAGS, forwardSlider, startServer } from '../test/e2e/harness.mjs';
import { renderMarkdown } from './benchReport.mjs';
import { statsOf } from './benchStats.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** 'wasm-threads' is WebAssembly's threaded build (on a cross-origin isolated page with 4 or more cores). */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'wasm-threads', 'cpu'];

/** The browser tests' flags, plus exact (not rounded) heap sizes for the page measurements. */
export const COMMON_FLAGS = [...TEST_FLAGS, '--enable-precise-memory-info'];
export const SOFTWARE_GPU_FLAGS = WEBGPU_FLAGS;
export const REAL_GPU_FLAGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan,UseSkiaRenderer',
  '--use-angle=vulkan',
  '--enable-gpu-rasterization',
  '--ignore-gpu-blocklist',
];

export const HELP = `Usage: npm run bench -- [options]   (or: node scripts/bench.mjs [options])

Benchmarks the production build in headless Chromium: dist/bench.html per backend (matmul peak,
training, sampling, memory drift), then the app's frame intervals, scrub latency and download size.
Writes <out>/report.json and <out>/report.md and prints the Markdown.

Options:
  --quick              shorter runs
  --scrubs N           scrubs timed in each view of the forward panel (default 40; 20 with --quick)
  --out DIR            output folder (default: bench-out/)
  --backends LIST      comma-separated subset of ${BACKENDS.join(',')} (default: all)
  --browser PATH       Chromium binary (default: $CHROMIUM_PATH or /usr/bin/chromium)
  --gpu                real-GPU flags instead of SwiftShader:
                         ${REAL_GPU_FLAGS.join(' ')}
                       (default: ${SOFTWARE_GPU_FLAGS.join(' ')})
  --flags "..."        extra Chromium flags, separated by spaces
  --no-build           skip "npm run build"
  --help               this text
`;

class UsageError extends Error {}

/** Parse the command line (without `node script`). Throws UsageError for bad options. */
export function parseArgs(argv, env = process.env) {
  const opts = {
    quick: false,
    scrubs: null,
    out: 'bench-out',
    backends: [...BACKENDS],
    browser: env.CHROMIUM_PATH || CHROMIUM,
    gpu: false,
    flags: [],
    build: true,
    help: false,
  };
  const args = [...argv];
  while (args.length) {
    let arg = args.shift();
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    // Values may not look like options, except for --flags, whose value is a list of them.
    const take = (dashes = false) => {
      if (value !== undefined) return value;
      if (!args.length || (!dashes && args[0].startsWith('--'))) throw new UsageError(`${arg} needs a value`);
      return args.shift();
    };
    const flag = () => {
      if (value !== undefined) throw new UsageError(`${arg} takes no value`);
      return true;
    };
    switch (arg) {
      case '--quick':
        opts.quick = flag();
        break;
      case '--gpu':
        opts.gpu = flag();
        break;
      case '--no-build':
        opts.build = !flag();
        break;
      case '--help':
      case '-h':
        opts.help = true;
        break;
      case '--out':
        opts.out = take();
        break;
      case '--scrubs': {
        const text = take();
        const n = Number(text);
        if (!/^\d+$/.test(text) || n < 5 || n > 1000) throw new UsageError(`--scrubs takes a whole number from 5 to 1000, not ${text}`);
        opts.scrubs = n;
        break;
      }
      case '--browser':
        opts.browser = take();
        break;
      case '--flags':
        opts.flags.push(...take(true).split(/\s+/).filter(Boolean));
        break;
      case '--backends': {
        const list = take().split(',').map((b) => b.trim().toLowerCase()).filter(Boolean);
        const bad = list.filter((b) => !BACKENDS.includes(b));
        if (bad.length) throw new UsageError(`unknown backend ${bad.join(', ')}: use ${BACKENDS.join(', ')}`);
        if (!list.length) throw new UsageError('--backends needs at least one backend');
        opts.backends = [...new Set(list)];
        break;
      }
      default:
        throw new UsageError(`unknown option ${arg} (see --help)`);
    }
  }
  return opts;
}

/** The Chromium flags for these options. */
export function chromiumFlags(opts) {
  return [...COMMON_FLAGS, ...(opts.gpu ? REAL_GPU_FLAGS : SOFTWARE_GPU_FLAGS), ...opts.flags];
}

const log = (line) => console.log(`[cli] ${line}`);

/** Race a promise against a long safety limit, so a stuck page cannot hang the whole run. */
function withLimit(promise, ms, what) {
  let timer;
  const limit = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} did not finish within ${Math.round(ms / 60_000)} min`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/**
 * Run dist/bench.html for one backend and return its result (or `available: false` with the reason).
 * 'wasm-threads' runs the WebAssembly backend with its threaded build.
 */
export async function runBenchPage(browser, baseUrl, backend, { quick = false, dist = DIST } = {}) {
  if (!existsSync(join(dist, 'bench.html'))) {
    return { backend, available: false, reason: `${join(dist, 'bench.html')} is missing: the build did not produce the benchmark page` };
  }
  const pageErrors = [];
  let context;
  try {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(0);
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('[bench]')) console.log(text);
      else if (msg.type() === 'error') pageErrors.push(text);
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${baseUrl}bench.html`);
    await page.waitForFunction(() => typeof window.ddpmBench?.run === 'function', null, { timeout: 120_000 });
    const options = backend === 'wasm-threads' ? { backend: 'wasm', quick, threads: true } : { backend, quick };
    const run = page.evaluate((o) => window.ddpmBench.run(o), options);
    const result = await withLimit(run, (quick ? 30 : 120) * 60_000, `the ${backend} benchmark`);
    if (!result || typeof result !== 'object') throw new Error(`ddpmBench.run returned ${JSON.stringify(result)}`);
    return { ...result, backend, ...(pageErrors.length ? { pageErrors } : {}) };
  } catch (err) {
    const reason = `${browser.isConnected() ? '' : 'the browser exited during the run: '}${err.message.split('\n')[0]}`;
    return { backend, available: false, reason, ...(pageErrors.length ? { pageErrors } : {}) };
  } finally {
    await context?.close().catch(() => {});
  }
}

/** Frame intervals (ms) of requestAnimationFrame over `durationMs`, measured in the page. */
async function recordFrames(page, durationMs) {
  return page.evaluate(
    (ms) =>
      new Promise((done) => {
        const stamps = [];
        const finish = () => done(stamps.slice(1).map((s, i) => s - stamps[i]));
        // A hidden page stops requestAnimationFrame: give up after a while instead of hanging.
        const guard = setTimeout(finish, ms + 10_000);
        const tick = (t) => {
          stamps.push(t);
          if (t - stamps[0] < ms) requestAnimationFrame(tick);
          else {
            clearTimeout(guard);
            finish();
          }
        };
        requestAnimationFrame(tick);
      }),
    durationMs,
  );
}

/** p50/p95/max of frame intervals, their count, and how many were long (> 50 ms). */
export function frameStats(intervals) {
  const s = statsOf(intervals);
  if (!s) return { count: 0, p50: null, p95: null, max: null, longFrames: 0 };
  return { count: s.n, p50: s.median, p95: s.p95, max: s.max, longFrames: intervals.filter((d) => d > 50).length };
}

/** The app's "Training step" readout as a number (0 while it shows a placeholder). */
async function stepOf(page) {
  const text = await page.getByRole('status', { name: 'Training step' }).innerText({ timeout: 10_000 });
  const n = Number(text.replace(/[^\d.]/g, ''));
  return Number.isFinite(n) && text.trim() !== '' ? n : 0;
}

const pickStats = (s) => s && { median: s.median, p10: s.p10, p90: s.p90, p95: s.p95, min: s.min, max: s.max, n: s.n };

/**
 * Time `n` scrubs of the forward panel's slider, in the current view. Each is dispatched at the start
 * of a frame (in an animation-frame callback, as a drag's input is), and timed twice: until that frame
 * has been rendered (style, layout, paint: a message posted before the input runs right after the
 * frame's task), which must fit in one frame; and until the second frame after it, by when the rest of
 * the page (the link, the parts and panels that follow in a transition) has followed.
 */
async function timeScrubs(slider, n) {
  const times = await slider.evaluate(async (input, count) => {
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const max = Number(input.max) || 1000;
    const stride = Math.max(1, Math.round(max / 7));
    const frame = () => new Promise((done) => requestAnimationFrame(done));
    await new Promise((done) => setTimeout(done, 300)); // a new view: let the visibility observers report
    const once = async () => {
      await frame();
      const channel = new MessageChannel();
      const rendered = new Promise((done) => {
        channel.port1.onmessage = () => done(performance.now());
      });
      channel.port2.postMessage(null);
      const t0 = performance.now();
      setValue.call(input, String((Number(input.value) + stride) % (max + 1)));
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const inFrame = (await rendered) - t0;
      await frame();
      await frame();
      const settled = performance.now() - t0;
      await new Promise((done) => setTimeout(done, 100)); // let deferred work end before the next one
      return [inFrame, settled];
    };
    await once(); // warm-up, not counted
    const out = [];
    for (let i = 0; i < count; i++) out.push(await once());
    return out;
  }, n);
  return { scrub: pickStats(statsOf(times.map(([inFrame]) => inFrame))), scrubSettled: pickStats(statsOf(times.map(([, settled]) => settled))) };
}

/**
 * Time scrubs of the forward panel in each view named: 'images' (the images and eq. 4 on screen),
 * 'chart' (scrolled to the schedule chart) and 'whole' (the whole panel on screen, in a window as tall
 * as it; the window is 1280 × 900 again afterwards). A scrub's frame redraws what is on screen, so
 * each view costs its own.
 */
async function timeViews(page, scrubs, views) {
  const panel = page.locator('#panel-forward');
  const slider = forwardSlider(page);
  const out = {};
  for (const view of views) {
    if (view === 'whole') {
      const height = (await panel.evaluate((el) => Math.ceil(el.getBoundingClientRect().height))) + 40;
      await page.setViewportSize({ width: 1280, height });
      await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      out.whole = { viewportHeight: height, ...(await timeScrubs(slider, scrubs)) };
      await page.setViewportSize({ width: 1280, height: 900 });
    } else {
      const target = view === 'images' ? '#panel-forward .forward-images' : '#panel-forward .chart-schedule';
      await page.locator(target).evaluate((el) => el.scrollIntoView({ block: 'center' }));
      out[view] = await timeScrubs(slider, scrubs);
    }
  }
  return out;
}

/**
 * Measure the app for one backend: time to ready, frame intervals idle and while training, scrub
 * latency of the forward panel, main-thread heap. Every URL path the page fetched that ends in .js or
 * is the dataset is added to `seen`. What was measured before a failure is kept, with `error` set.
 * `hash` adds settings to the app's link (e.g. "&model=mlp&size=tiny").
 */
export async function measurePage(browser, baseUrl, backend, { quick = false, scrubs: scrubCount = null, seen = new Set(), progress = log, hash = '' } = {}) {
  const errors = [];
  const note = (url) => {
    const path = new URL(url).pathname;
    if (path.endsWith('.js') || path.endsWith('data/mnist-10k.bin')) seen.add(path);
  };
  const frameMs = quick ? 1500 : 3000;
  const scrubs = scrubCount ?? (quick ? 20 : 40);
  const result = { backend };
  let context;
  try {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('response', (r) => note(r.url()));
    page.on('worker', (w) => note(w.url()));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));
    const button = (name) => page.getByRole('button', { name, exact: true }).and(page.locator(':enabled'));

    const t0 = Date.now();
    await page.goto(`${baseUrl}#backend=${backend}&panel=training${hash}`);
    await button('Train').waitFor({ timeout: 300_000 });
    result.readyMs = Date.now() - t0;
    result.backendShown = (await page.getByTestId('compute-backend').innerText({ timeout: 5000 }).catch(() => null))?.trim() || null;
    progress(`${backend}: app ready in ${result.readyMs} ms (${result.backendShown ?? 'backend not shown'}); idle frames for ${frameMs / 1000} s`);
    result.idle = frameStats(await recordFrames(page, frameMs));

    // Training: wait for the first step (at most 120 s), then measure frames while it trains.
    await button('Train').click();
    const started = Date.now();
    let step = await stepOf(page);
    while (step < 1 && Date.now() - started < 120_000) {
      await page.waitForTimeout(250);
      step = await stepOf(page);
    }
    const reachedStep = step >= 1;
    const waitedMs = Date.now() - started;
    progress(`${backend}: ${reachedStep ? `first step after ${waitedMs} ms` : 'no step within 120 s'}; frames while training for ${frameMs / 1000} s`);
    result.training = { ...frameStats(await recordFrames(page, frameMs)), reachedStep, firstStepWaitMs: reachedStep ? waitedMs : null };
    result.training.stepsDuring = (await stepOf(page)) - step;
    // A learner drags t while the model trains: scrubs then share the machine with the training step.
    if (reachedStep) {
      progress(`${backend}: ${scrubs} scrub updates in two views while it trains`);
      const during = await timeViews(page, scrubs, ['images', 'whole']);
      result.trainingScrub = { scrub: during.images.scrub, wholePanel: { viewportHeight: during.whole.viewportHeight, scrub: during.whole.scrub } };
      await page.locator('#panel-training').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    }

    // Pause. Until the first step is done the button reads "Train" and is disabled, and a pause
    // lets the running step finish: both can take minutes on a slow backend.
    try {
      await button('Pause').click({ timeout: 300_000 });
      await button('Train').waitFor({ timeout: 300_000 });
      result.paused = true;
    } catch {
      result.paused = false;
      progress(`${backend}: training did not pause within 5 min; scrubbing while it trains`);
    }

    // A scrub's frame redraws the parts of the forward panel that are on screen (the others follow with
    // the rest of the page), so it is timed in three views: the images and eq. 4 on
    // screen, scrolled to the schedule chart, and the whole panel on screen in a window as tall as it.
    progress(`${backend}: ${scrubs} scrub updates in each of three views`);
    const views = await timeViews(page, scrubs, ['images', 'chart', 'whole']);
    Object.assign(result, views.images);
    result.atChart = views.chart;
    result.wholePanel = views.whole;

    result.heap = await page.evaluate(() => {
      const m = performance.memory;
      return m ? { usedJSHeapSize: m.usedJSHeapSize, totalJSHeapSize: m.totalJSHeapSize, jsHeapSizeLimit: m.jsHeapSizeLimit } : null;
    });
  } catch (err) {
    result.error = `${browser.isConnected() ? '' : 'the browser exited: '}${err.message.split('\n')[0]}`;
  } finally {
    if (errors.length) result.errors = errors;
    await context?.close().catch(() => {});
  }
  return result;
}

/** Raw and gzip sizes of the fetched files (URL paths under `prefix`), read from `dist`. */
export function sizeOf(paths, { dist = DIST, prefix = '/' } = {}) {
  const files = [];
  for (const p of [...paths].sort()) {
    const rel = decodeURIComponent(p.startsWith(prefix) ? p.slice(prefix.length) : p.replace(/^\//, ''));
    const file = join(dist, rel);
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    const bytes = readFileSync(file);
    files.push({ path: rel, kind: rel.endsWith('.js') ? 'js' : 'data', raw: bytes.length, gzip: gzipSync(bytes).length });
  }
  const js = files.filter((f) => f.kind === 'js');
  const data = files.find((f) => f.path.endsWith('data/mnist-10k.bin'));
  return {
    files,
    js: { files: js.length, raw: js.reduce((n, f) => n + f.raw, 0), gzip: js.reduce((n, f) => n + f.gzip, 0) },
    dataset: data ? { path: data.path, raw: data.raw, gzip: data.gzip } : null,
  };
}

/**
 * The PyTorch column: reference/bench.py on this machine, when Debian's python3-torch is there
 * (PYTHON overrides /usr/bin/python3); otherwise the reason it was not measured.
 */
export function measurePytorch(opts, env = process.env) {
  const python = env.PYTHON || '/usr/bin/python3';
  log(`PyTorch reference: ${python} reference/bench.py`);
  const run = spawnSync(python, ['reference/bench.py', ...(opts.quick ? ['--quick'] : [])], { cwd: ROOT, encoding: 'utf8', timeout: 900_000 });
  if (run.error) return { error: `${python} could not run (${run.error.message}); install python3-torch to compare with PyTorch` };
  if (run.status !== 0) {
    const last = (run.stderr || '').trim().split('\n').pop() || `exit code ${run.status}`;
    return { error: /No module named 'torch'/.test(run.stderr) ? `${python} has no PyTorch (apt-get install -y python3-torch)` : last };
  }
  try {
    return JSON.parse(run.stdout.trim().split('\n').pop());
  } catch (err) {
    return { error: `reference/bench.py printed no report (${err.message})` };
  }
}

/** GFLOP/s of the PyTorch rows, with the FLOPs the browser rows counted for the same model and batch. */
export function withFlops(pytorch, backends) {
  if (!pytorch?.training) return pytorch;
  const rows = backends.flatMap((b) => b.training ?? []);
  for (const r of pytorch.training) {
    const same = rows.find((b) => b.model === r.model && b.size === r.size && b.batch === r.batch && b.flopsPerStep > 0);
    r.gflops = same ? same.flopsPerStep / (r.msPerStep / 1000) / 1e9 : null;
  }
  return pytorch;
}

function environment(opts, flags, browserVersion) {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    quick: opts.quick,
    gpu: opts.gpu,
    browser: { path: opts.browser, version: browserVersion },
    flags,
    os: {
      platform: os.platform(),
      release: os.release(),
      arch: os.arch(),
      cpuModel: cpus[0]?.model?.trim() ?? null,
      cpuCount: cpus.length,
      totalMemoryBytes: os.totalmem(),
    },
    node: process.version,
  };
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`bench: ${err.message}`);
    return 2;
  }
  if (opts.help) {
    console.log(HELP);
    return 0;
  }
  if (!existsSync(opts.browser)) {
    console.error(`bench: Chromium not found at ${opts.browser}: install it (Debian: apt-get install -y chromium), set CHROMIUM_PATH, or pass --browser PATH. No browser is downloaded.`);
    return 1;
  }
  if (opts.build) {
    log('npm run build');
    const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) {
      console.error(`bench: "npm run build" failed (${build.error?.message ?? `exit code ${build.status}`})`);
      return 1;
    }
  }
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error(`bench: ${DIST}/index.html is missing: run "npm run build" (or drop --no-build)`);
    return 1;
  }

  const flags = chromiumFlags(opts);
  log(`Chromium flags (${opts.gpu ? 'real GPU' : 'SwiftShader'}): ${flags.join(' ')}`);
  const prefix = '/explorable/';
  const server = await startServer({ dir: DIST, prefix });
  const launch = () => chromium.launch({ executablePath: opts.browser, headless: true, args: flags });
  let browser;
  try {
    try {
      browser = await launch();
    } catch (err) {
      console.error(`bench: Chromium at ${opts.browser} did not start: ${err.message.split('\n')[0]}`);
      return 1;
    }
    const version = browser.version();
    // A crash of the browser (not only of a page) loses that step only: start a new one for the next.
    const live = async () => {
      if (!browser.isConnected()) {
        log('the browser has exited; starting it again');
        browser = await launch();
      }
      return browser;
    };
    log(`Chromium ${version}; serving ${DIST} at ${server.url}`);

    const backends = [];
    const page = [];
    const seen = new Set();
    for (const backend of opts.backends) {
      log(`${backend}: bench.html${opts.quick ? ' (quick)' : ''}`);
      const result = await live().then(
        (b) => runBenchPage(b, server.url, backend, { quick: opts.quick }),
        (err) => ({ backend, available: false, reason: `the browser did not start again: ${err.message.split('\n')[0]}` }),
      );
      if (!result.available) log(`${backend}: not available: ${result.reason}`);
      backends.push(result);
      // the app chooses WebAssembly's threads itself: its page is measured once, as 'wasm'
      if (backend === 'wasm-threads') continue;
      log(`${backend}: page metrics in the app`);
      const metrics = await live().then(
        (b) => measurePage(b, server.url, backend, { quick: opts.quick, scrubs: opts.scrubs, seen }),
        (err) => ({ backend, error: `the browser did not start again: ${err.message.split('\n')[0]}` }),
      );
      if (metrics.error) log(`${backend}: page metrics failed: ${metrics.error}`);
      page.push(metrics);
    }

    const report = {
      environment: environment(opts, flags, version),
      backends,
      page,
      size: sizeOf(seen, { dist: DIST, prefix }),
      pytorch: withFlops(measurePytorch(opts), backends),
    };
    const out = resolve(opts.out);
    mkdirSync(out, { recursive: true });
    const markdown = renderMarkdown(report);
    writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(out, 'report.md'), markdown);
    console.log(`\n${markdown}`);
    log(`wrote ${join(out, 'report.json')} and ${join(out, 'report.md')}`);
    return 0;
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(`bench: ${err.stack ?? err}`);
      process.exitCode = 1;
    },
  );
}
