// Parity with the PyTorch reference in a real browser, per backend: the benchmark page runs the app's
// models, one training step and the digit classifier on test/fixtures/parity.json (written by
// reference/make_fixture.py) on exactly the backend asked for, and reports the largest relative errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, startServer } from './harness.mjs';

const FIXTURE_PATH = '/explorable/parity-fixture.json';
const fixture = readFileSync(new URL('../fixtures/parity.json', import.meta.url));

// GPU backends sum in other orders and evaluate sin/exp in their own precision: measured on SwiftShader,
// ε_θ agrees to 2e-5 and one training step to 4e-5 there, against 1e-5 and 1e-4 on the CPU. The
// tolerances leave room for that and still catch a real difference (a wrong Adam ε gave 0.3).
const TOLERANCE = {
  cpu: { forward: 1e-5, step: 1e-4 },
  webgl: { forward: 1e-4, step: 2e-4 },
  webgpu: { forward: 1e-4, step: 2e-4 },
  wasm: { forward: 1e-5, step: 1e-4 },
};

for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu']) {
  test(`parity with the reference on ${backend}: ε_θ, the loss, one training step and the classifier`, { timeout: 300_000 }, async () => {
    const server = await startServer({ overrides: { [FIXTURE_PATH]: fixture } });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(`${server.url}bench.html`);
      await page.waitForFunction(() => typeof window.ddpmBench?.parity === 'function', null, { timeout: 120_000 });
      const report = await page.evaluate(
        async ({ backend, url }) => window.ddpmBench.parity(backend, await (await fetch(url)).json()),
        { backend, url: FIXTURE_PATH },
      );
      console.log(`${backend}: ${JSON.stringify(report)}`);
      const tol = TOLERANCE[backend];
      assert.equal(report.backend, backend);
      assert.deepEqual(Object.keys(report.models), ['mlp', 'unet', 'unetConditional']);
      for (const kind of Object.keys(report.models)) {
        const r = report.models[kind];
        assert.ok(r.xt < tol.forward, `${kind} x_t: ${r.xt}`);
        assert.ok(r.epsTheta < tol.forward, `${kind} ε_θ: ${r.epsTheta}`);
        assert.ok(r.loss < tol.forward, `${kind} loss: ${r.loss}`);
        assert.deepEqual(r.stepNamesDiffer, []);
        assert.ok(r.step < tol.step, `${kind} after one step: ${r.step} (${r.stepWorst})`);
      }
      assert.ok(report.classifier.probs < tol.forward, `classifier probabilities: ${report.classifier.probs}`);
      assert.ok(report.classifier.features < tol.forward, `classifier features: ${report.classifier.features}`);
      assert.equal(report.leaked, 0, 'tensors left behind');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
}
