// Shared set-up for the browser tests: a static server for the production build (dist/) and
// Debian's Chromium driven by playwright-core. A browser that cannot start is a failure, never a skip.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DIST = join(root, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * The headers the build asks for in its `_headers` file (the format static hosts read: a path
 * pattern, then indented `Name: value` lines). Only the catch-all `/*` block is used here.
 */
export function buildHeaders(dir = DIST) {
  const file = join(dir, '_headers');
  if (!existsSync(file)) return {};
  const headers = {};
  let inAll = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) inAll = line.trim() === '/*';
    else if (inAll) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
  }
  return headers;
}

/**
 * Serve `dir` on 127.0.0.1 at a free port, under the sub-path `prefix` (to prove the build works
 * from any sub-path). `overrides` maps a URL path to a Buffer served instead of the file.
 */
export async function startServer({ dir = DIST, prefix = '/explorable/', overrides = {} } = {}) {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir}/index.html is missing: run "npm run build" first`);
  // Served with the build's own headers (its Content-Security-Policy), as a static host would.
  const extra = buildHeaders(dir);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (overrides[url.pathname]) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(overrides[url.pathname]);
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    const rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { ...extra, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Flags for headless Chromium here (DESIGN.md, "Testing"); the benchmark uses them too. */
export const COMMON_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** A real WebGPU adapter without a GPU: SwiftShader, in software (DESIGN.md, "Testing"). */
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Launch headless Chromium; `webgpu: false` leaves WebGPU without an adapter, to test the fallback. */
export async function launchBrowser({ webgpu = true } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's "chromium" (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...COMMON_FLAGS, ...(webgpu ? WEBGPU_FLAGS : [])],
  });
}

/** The wording of WebGPU validation failures (an invalid pipeline computes nothing, silently). */
export const WEBGPU_VALIDATION = /While (validating|calling|encoding|Validating)|Invalid (ComputePipeline|BindGroup|CommandBuffer)/;

/**
 * Open the app at `hash` in a fresh page and record every console error and page error, so a test
 * can assert there were none.
 */
export async function openApp(browser, baseUrl, hash = '', { viewport = { width: 1280, height: 900 }, reducedMotion, hasTouch, isMobile } = {}) {
  const context = await browser.newContext({ viewport, reducedMotion, hasTouch, isMobile });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    // WebGPU reports invalid pipelines and command buffers as warnings; a test treats them as errors
    if (msg.type() === 'error' || (msg.type() === 'warning' && WEBGPU_VALIDATION.test(msg.text()))) errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  await page.goto(`${baseUrl}${hash}`);
  return { page, context, errors };
}

/** The forward panel's "Timestep t" slider in a page (or frame). */
export const forwardSlider = (scope) => scope.locator('#panel-forward').getByRole('slider', { name: 'Timestep t' });

/**
 * Wait until `fn(arg)`, run in the page (or frame) on every animation frame, returns something truthy,
 * and return that value (it must be serialisable). Fails after `timeout` ms with `message`, which
 * says what was awaited.
 */
export async function waitUntil(page, fn, { arg, timeout = 30_000, message } = {}) {
  let handle;
  try {
    handle = await page.waitForFunction(fn, arg, { timeout });
  } catch (err) {
    if (err?.name !== 'TimeoutError') throw err;
    throw new Error(`Timed out after ${timeout} ms waiting until ${message ?? String(fn)}`, { cause: err });
  }
  const value = await handle.jsonValue();
  await handle.dispose();
  return value;
}

/**
 * The RGBA bytes of a digit as the page shows it, run in the page: a <canvas> as it holds them, an
 * <img> (a thumbnail) once decoded, drawn at its natural size. Pass it to a locator's `evaluate`.
 */
export async function imageRgba(el) {
  if (el instanceof HTMLCanvasElement) return Array.from(el.getContext('2d').getImageData(0, 0, el.width, el.height).data);
  await el.decode();
  const canvas = document.createElement('canvas');
  canvas.width = el.naturalWidth;
  canvas.height = el.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(el, 0, 0);
  return Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
}

/** `imageRgba` of every element `locator` matches, in document order. */
export async function rgbaOfEach(locator) {
  const all = [];
  for (const image of await locator.all()) all.push(await image.evaluate(imageRgba));
  return all;
}

/** Count the non-background pixels (red above 40; background = black) of each image matched by `selector`. */
export async function inkPerImage(page, selector) {
  return (await rgbaOfEach(page.locator(selector))).map((d) => {
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 40) ink++;
    return ink;
  });
}

/**
 * One server and one WebGPU browser for a describe block: registers before/after hooks and returns
 * an object whose `server` and `browser` are set once the hooks have run.
 */
export function serverAndBrowser({ webgpu = true } = {}) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser({ webgpu });
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
