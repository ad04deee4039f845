import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { imageRgba, openApp, rgbaOfEach, serverAndBrowser } from './harness.mjs';

// T = 50 and the tiny MLP keep a full DDPM run short on SwiftShader's software WebGPU (~60 ms per
// forward pass; convolutions there are far too slow for a browser test). Tests that name WebGPU force
// it; the others run on what a machine without a hardware GPU gets, WebAssembly.
const HASH = '#panel=sampling&model=mlp&size=tiny&T=50';
const RUN_TIMEOUT = 180_000;

const panel = (page) => page.locator('#panel-sampling');
const button = (page, name) => panel(page).getByRole('button', { name, exact: true });
const slider = (page) => panel(page).getByRole('slider', { name: 'Reverse step' });

/** Wait until the "Reverse step" slider reads t = `t`. */
async function waitForT(page, t, timeout = RUN_TIMEOUT) {
  await page.waitForFunction(
    (want) => {
      const el = [...document.querySelectorAll('#panel-sampling input[type="range"]')].find((i) => i.labels?.[0]?.textContent?.trim() === 'Reverse step');
      return el?.getAttribute('aria-valuetext') === want;
    },
    `t = ${t}`,
    { timeout },
  );
}

/** The RGBA bytes of the image with this accessible name, as a plain array. */
async function pixelsOf(page, name) {
  const image = panel(page).getByRole('img', { name, exact: true }).first();
  await image.waitFor();
  return image.evaluate(imageRgba);
}

/** The model is configured once the training panel's Train button is enabled. */
async function ready(page) {
  await page.getByRole('button', { name: 'Train', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  await button(page, 'Sample').and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
}

describe('sampling panel (WebGPU, tiny MLP, T = 50)', () => {
  const env = serverAndBrowser();

  test('Sample, one step (t = 50 → 49, the image changes), Run to x₀ reaches t = 0; DDIM with 10 steps', async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, `${HASH}&backend=webgpu`);
    await ready(page);
    // The model has not been trained in this fresh browser: the panel says so.
    await panel(page).getByText('The model is untrained').waitFor();

    // Sample: x_T for 16 chains, the slider at t = T.
    await button(page, 'Sample').click();
    await waitForT(page, 50, 60_000);
    assert.equal(await slider(page).getAttribute('aria-valuetext'), 't = 50');
    assert.equal(await panel(page).getByTestId('reverse-step-t').innerText(), 't = 50');
    assert.equal(await panel(page).getByRole('button', { name: /^chain \d+, x_t at t = 50$/ }).count(), 16);
    const before = await pixelsOf(page, 'chain 1, x_t at t = 50');

    // One step: t = 49, and chain 1's image changed.
    await button(page, 'Denoise one step').click();
    await waitForT(page, 49, 60_000);
    assert.equal(await panel(page).getByTestId('reverse-step-t').innerText(), 't = 49');
    const after = await pixelsOf(page, 'chain 1, x_t at t = 49');
    assert.notDeepEqual(after, before, 'x_49 differs from x_50');
    // The step taken apart: ε_θ, x̂_0, the mean, the noise and both ends, and the update in KaTeX.
    await panel(page).getByRole('img', { name: 'chain 1, predicted noise ε_θ at t = 50' }).waitFor();
    assert.ok((await panel(page).locator('.step-tex .katex').count()) >= 2);

    // Scrubbing back shows t = 50 again without recomputing.
    await slider(page).focus();
    await page.keyboard.press('Home');
    await waitForT(page, 50, 5_000);
    await page.keyboard.press('End');
    await waitForT(page, 49, 5_000);

    // Run to x₀: t reaches 0, the network-evaluation count is T.
    await button(page, 'Run to x₀').click();
    await waitForT(page, 0);
    await button(page, 'Run to x₀').waitFor();
    assert.equal(await panel(page).getByTestId('sampling-nfe').innerText(), '50');
    assert.match(await panel(page).getByTestId('sampling-timing').innerText(), /^50 of 50 network evaluations done: /);
    assert.equal(await button(page, 'Denoise one step').isDisabled(), true, 'nothing left to denoise');

    // DDIM with 10 steps: 10 network evaluations, and the run completes.
    await panel(page).getByRole('radio', { name: /DDIM/ }).check();
    await panel(page).getByLabel('DDIM steps').fill('10');
    await panel(page).getByText('A DDIM run of 10 steps takes 10 network evaluations').waitFor();
    await button(page, 'Sample').click();
    await waitForT(page, 50, 60_000);
    assert.equal(await panel(page).getByTestId('sampling-nfe').innerText(), '10');
    await button(page, 'Denoise one step').click();
    // the next timestep of the evenly spaced sub-sequence (50, 45, …, 5 when the worker spaces by ⌊jT/k⌋)
    await page.waitForFunction(() => /^t = (4[0-9])$/.test(document.querySelector('[data-testid="reverse-step-t"]')?.textContent ?? ''), null, { timeout: 60_000 });
    await button(page, 'Run to x₀').click();
    await waitForT(page, 0);
    assert.match(await panel(page).getByTestId('sampling-timing').innerText(), /^10 of 10 network evaluations done: /);

    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('sampling panel: a fresh visitor samples digits from the pretrained model', () => {
  const env = serverAndBrowser();

  test('Sample loads the shipped U-Net (only then), says so, and DDIM turns noise into digit-like images', async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, '#panel=sampling&sampler=ddim&steps=10');
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await ready(page);
    assert.ok(!fetched.some((p) => p.includes('/models/')), 'nothing of the pretrained model is fetched before it is asked for');
    await panel(page).getByText('You have no trained model yet, so Sample loads the pretrained model').waitFor();

    await button(page, 'Sample').click();
    await panel(page).getByTestId('sampling-model').filter({ hasText: /^Sampling from the pretrained model \(\d[\d,]* training steps\)\.$/ }).waitFor({ timeout: 120_000 });
    assert.ok(fetched.some((p) => p.endsWith('/models/unet/model.json')) && fetched.some((p) => p.endsWith('/models/unet/weights.bin')));
    await waitForT(page, 1000, 120_000);
    await button(page, 'Run to x₀').click();
    // 10 U-Net evaluations of 16 images: seconds on WebAssembly (minutes on software WebGPU)
    await waitForT(page, 0, 900_000);
    assert.match(await panel(page).getByTestId('sampling-timing').innerText(), /^10 of 10 network evaluations done: /);

    // Digits, not noise: mostly black background with some bright strokes. Pure noise x_T has about half of
    // its pixels above the threshold; a digit of MNIST about a fifth.
    const shares = (await rgbaOfEach(panel(page).locator('.chain-grid img[alt$="x_t at t = 0"]'))).map((d) => {
      let bright = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] > 127) bright++;
      return bright / (d.length / 4);
    });
    assert.equal(shares.length, 16);
    const digitLike = shares.filter((s) => s > 0.04 && s < 0.35).length;
    assert.ok(digitLike >= 12, `most samples look like digits (ink shares ${shares.map((s) => s.toFixed(2)).join(', ')})`);

    // The exported digit classifier, run by the app's own code in the worker, reads them as digits.
    const quality = panel(page).getByTestId('sample-quality');
    await quality.waitFor({ timeout: 120_000 });
    assert.ok(fetched.some((p) => p.endsWith('/models/classifier/model.json')), 'the classifier is fetched once there are samples to read');
    const confident = Number(await quality.getAttribute('data-confident'));
    assert.equal(Number(await quality.getAttribute('data-n')), 16);
    const labels = await panel(page).locator('.chain-grid .digit-label').allInnerTexts();
    assert.equal(labels.length, 16, 'every sample has its label');
    assert.ok(confident > 8, `most samples are confidently digits: ${confident} of 16 (${labels.join(' | ')})`);
    assert.match(await quality.innerText(), new RegExp(`^${confident} of 16 samples are confidently a digit`));
    assert.match(await panel(page).getByTestId('sample-distance').innerText(), /^Fréchet distance to real digits \(in the classifier’s features\): [\d.]+; 16 real training digits score [\d.]+, the floor/);
    // the reference measured the same model with the same sampler (256 samples): the app's 16 agree within sampling error
    const reference = JSON.parse(readFileSync(new URL('../../public/models/unet/model.json', import.meta.url), 'utf8')).userDefinedMetadata.pretrained.quality;
    assert.deepEqual([reference.sampler, reference.steps, reference.eta, reference.clip], ['ddim', 10, 0, true]);
    const p = reference.confident;
    const se = Math.sqrt((p * (1 - p)) / 16 + (p * (1 - p)) / reference.n);
    assert.ok(Math.abs(confident / 16 - p) <= 3 * se + 1 / 32, `the browser's ${confident}/16 against the reference's ${p} (±${se.toFixed(3)})`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('sampling panel with meter=0 (tiny MLP, T = 50)', () => {
  const env = serverAndBrowser();

  test('no labels, no verdict, and the classifier is never downloaded', async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, `${HASH}&sampler=ddim&steps=10&meter=0`);
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await ready(page);
    await button(page, 'Sample').click();
    await waitForT(page, 50, 60_000);
    await button(page, 'Run to x₀').click();
    await waitForT(page, 0);
    await button(page, 'Run to x₀').waitFor();
    assert.equal(await panel(page).locator('.digit-label').count(), 0);
    assert.equal(await panel(page).getByTestId('sample-quality').count(), 0);
    assert.equal(await panel(page).getByText('Reading the samples').count(), 0);
    assert.ok(!fetched.some((p) => p.includes('/models/classifier/')), `nothing of the classifier is fetched: ${fetched.filter((p) => p.includes('models'))}`);
    assert.match(await page.evaluate(() => location.hash), /(^|&|#)meter=0(&|$)/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('sampling panel: is it a copy? (tiny MLP, T = 50)', () => {
  const env = serverAndBrowser();

  test("a sample's nearest training digits, by pixels and by features, beside the typical distance", async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, `${HASH}&sampler=ddim&steps=10`);
    await ready(page);
    await button(page, 'Sample').click();
    await waitForT(page, 50, 60_000);
    await button(page, 'Run to x₀').click();
    await waitForT(page, 0);
    const find = panel(page).getByRole('button', { name: /^Find the training digits nearest to chain \d+$/ });
    await find.click();
    await panel(page).getByText(/^Searching the 9,000 training digits/).waitFor();
    const result = panel(page).getByTestId('copy-check');
    // the first search reads all 9,000 training digits with the classifier (seconds on WebAssembly)
    await result.waitFor({ timeout: 300_000 });
    for (const [title, unit] of [['By pixels', 'in pixels'], ['By the classifier’s features', 'in features']]) {
      const row = result.locator('.copy-row').filter({ hasText: title });
      const names = await row.getByRole('img').evaluateAll((els) => els.map((e) => e.getAttribute('alt')));
      assert.equal(names.length, 3, `${title}: three nearest digits`);
      const distances = names.map((n) => {
        const m = /^training digit (\d+), a (\d), distance ([\d.]+)$/.exec(n);
        assert.ok(m, `an accessible name says which digit and how far: ${n}`);
        assert.ok(Number(m[1]) < 9000);
        return Number(m[3]);
      });
      assert.deepEqual([...distances].sort((a, b) => a - b), distances, `${title}: nearest first`);
      // x_0 ∈ [−1, 1] over 784 pixels: no two images are more than 2 · 28 = 56 apart
      if (unit === 'in pixels') assert.ok(distances[2] <= 56, `${distances}`);
      const typical = await row.locator('.copy-typical').innerText();
      const m = new RegExp(`^A real held-out digit’s nearest training digit is typically ([\\d.]+) away ${unit}\\. This sample is (much closer|not unusually close)`).exec(typical);
      assert.ok(m, typical);
      // the verdict follows the numbers
      assert.ok(distances[0] > Number(m[1]) / 2 === (m[2] === 'not unusually close'), typical);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
});
