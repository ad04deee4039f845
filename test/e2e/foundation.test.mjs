import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, inkPerImage, launchBrowser, openApp, startServer } from './harness.mjs';

describe('app shell, data and compute backend', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.close());

  test('with only software GPUs it chooses WebAssembly and says why, with the probe; shows 10,000 real digits', async () => {
    const browser = await launchBrowser({ webgpu: true });
    try {
      const { page, errors } = await openApp(browser, server.url);
      await page.getByTestId('compute-backend').filter({ hasText: 'WebAssembly' }).waitFor({ timeout: 60_000 });
      assert.match(await page.getByTestId('compute-backend').innerText(), /^WebAssembly \(\d+ threads?\)$/);
      const why = await page.getByTestId('fallback-reason').innerText();
      assert.match(why, /^Chosen because the only GPU here is a software renderer \(google swiftshader\)\./);
      assert.match(why, /WebGPU not used: its adapter is a software one \(google swiftshader\), slower than WebAssembly on the same CPU\./);
      assert.match(why, /WebGL not used: its renderer is a software one \(SwiftShader\)/);
      assert.match(why, /Speed probe \(one 3×3 convolution of the U-Net\): WebAssembly [\d.]+ GFLOP\/s\.$/);
      await page.getByTestId('dataset-size').waitFor({ timeout: 60_000 });
      assert.equal(await page.getByTestId('dataset-size').innerText(), '10,000 digits');
      // The strip holds real digits: each has a plausible amount of ink, and they differ.
      const ink = await inkPerImage(page, '[data-testid="digit-strip"] img');
      assert.equal(ink.length, 16);
      for (const n of ink) assert.ok(n > 40 && n < 500, `a digit with ${n} ink pixels of 784`);
      assert.ok(new Set(ink).size > 8, 'the digits differ');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test('without a WebGPU adapter it says why, and passes over the software WebGL too', async () => {
    const browser = await launchBrowser({ webgpu: false });
    try {
      const { page, errors } = await openApp(browser, server.url);
      const readout = page.getByTestId('compute-backend');
      await readout.filter({ hasText: /WebGL|WebAssembly|CPU/ }).waitFor({ timeout: 60_000 });
      assert.match(await readout.innerText(), /^WebAssembly/);
      const why = await page.getByTestId('fallback-reason').innerText();
      assert.match(why, /WebGPU unavailable: no WebGPU adapter is available/);
      assert.match(why, /WebGL not used: its renderer is a software one \(SwiftShader\)/);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test('#backend=webgpu and #backend=webgl force a GPU backend, even a software one', async () => {
    const browser = await launchBrowser({ webgpu: true });
    try {
      for (const [name, expected] of [['webgpu', /^WebGPU \(google \/ swiftshader\), chosen in the link$/], ['webgl', /^WebGL, chosen in the link$/]]) {
        const { page, errors, context } = await openApp(browser, server.url, `#backend=${name}`);
        const readout = page.getByTestId('compute-backend');
        await readout.filter({ hasText: 'chosen in the link' }).waitFor({ timeout: 60_000 });
        assert.match(await readout.innerText(), expected);
        assert.equal(await page.getByTestId('fallback-reason').count(), 0);
        assert.deepEqual(errors, []);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });

  test('a broken WebAssembly file: the page falls back to another backend and says why', async () => {
    const simd = readdirSync(join(DIST, 'assets')).find((f) => /^tfjs-backend-wasm-simd-.*\.wasm$/.test(f));
    assert.ok(simd, 'the build ships the SIMD WebAssembly binary');
    const broken = await startServer({ overrides: { [`/explorable/assets/${simd}`]: Buffer.from('not WebAssembly') } });
    const browser = await launchBrowser({ webgpu: true });
    try {
      const { page } = await openApp(browser, broken.url);
      const readout = page.getByTestId('compute-backend');
      await readout.filter({ hasNotText: /starting/ }).waitFor({ timeout: 60_000 });
      // the software GPU is still better than nothing, and the readout says why WebAssembly is not used
      assert.match(await readout.innerText(), /^WebGPU/);
      assert.match(await page.getByTestId('fallback-reason').innerText(), /WebAssembly unavailable: /);
      await page.getByTestId('dataset-size').waitFor({ timeout: 60_000 });
    } finally {
      await browser.close();
      await broken.close();
    }
  });

  test('#backend=cpu forces the CPU backend and says the link chose it', async () => {
    const browser = await launchBrowser({ webgpu: true });
    try {
      const { page, errors } = await openApp(browser, server.url, '#backend=cpu');
      const readout = page.getByTestId('compute-backend');
      await readout.filter({ hasText: 'CPU' }).waitFor({ timeout: 60_000 });
      assert.equal(await readout.innerText(), 'CPU, chosen in the link');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test('a truncated dataset shows a clear error and the page keeps working', async () => {
    const truncated = Buffer.from('DDMN\x01\x00\x1c\x00\x1c\x00\x00\x00\x10\x27\x00\x00' + 'x'.repeat(100), 'latin1');
    const bad = await startServer({ overrides: { '/explorable/data/mnist-10k.bin': truncated } });
    const browser = await launchBrowser({ webgpu: true });
    try {
      const { page } = await openApp(browser, bad.url);
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 30_000 });
      assert.match(await alert.innerText(), /truncated: 116 bytes, expected 7850016 for 10000 digits/);
      await page.getByTestId('compute-backend').filter({ hasText: 'WebAssembly' }).waitFor({ timeout: 60_000 });
    } finally {
      await browser.close();
      await bad.close();
    }
  });
});
