import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, serverAndBrowser, waitUntil } from './harness.mjs';

// WebGPU is forced (by default a machine without a hardware GPU runs WebAssembly). The tiny MLP and the
// smallest batch keep SwiftShader's software WebGPU quick enough (a 3×3 convolution alone takes ~0.5 s
// there, so even the tiny U-Net needs tens of seconds per step).
const HASH = '#panel=training&model=mlp&size=tiny&backend=webgpu';
const STEP = (page) => page.getByRole('status', { name: 'Training step' });
const LOSS = (page) => page.getByRole('status', { name: 'Loss' });
const stepOf = async (page) => Number((await STEP(page).innerText()).replace(/,/g, ''));

async function ready(page) {
  await page.getByRole('button', { name: 'Train', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
}

/** Set batch 16 and start a new model with it (the default batch is 64). */
async function useBatch16(page) {
  await page.getByLabel('Batch size').selectOption('16');
  await page.getByRole('button', { name: 'Start a new model with these settings' }).click();
  await page.waitForFunction(() => !document.body.innerText.includes('resetting…'));
  await ready(page);
}

describe('training panel (WebGPU, tiny model)', () => {
  const env = serverAndBrowser();

  test('Step advances exactly one, Train runs with a finite loss, Pause stops, a reload resumes', async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, HASH);
    await page.getByTestId('compute-backend').filter({ hasText: 'WebGPU' }).waitFor({ timeout: 60_000 });
    await ready(page);
    await useBatch16(page);
    assert.equal(await stepOf(page), 0);

    // Step: exactly one optimisation step.
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="readout-step"]')?.textContent === '1', null, { timeout: 60_000 });
    assert.equal(await stepOf(page), 1);
    const loss1 = Number(await LOSS(page).innerText());
    assert.ok(Number.isFinite(loss1) && loss1 > 0.05 && loss1 < 10, `loss after one step: ${loss1}`);

    // Loading the pretrained model would discard this one: it asks first, and "keep" keeps it.
    await page.getByRole('button', { name: 'Start from the pretrained model' }).click();
    await page.getByRole('alertdialog').filter({ hasText: 'Discard the model trained for 1 steps and load the pretrained model?' }).waitFor();
    await page.getByRole('button', { name: 'Keep training this one' }).click();
    assert.equal(await page.getByRole('alertdialog').count(), 0);
    assert.equal(await stepOf(page), 1);

    // The derivation panel now estimates this model's L_{t−1} and, on request, the whole bound.
    const lt = page.getByTestId('model-lt');
    await lt.waitFor({ timeout: 120_000 });
    assert.match(await lt.innerText(), /nats = .* bits\/dim/);
    await page.locator('#panel-derivation').getByRole('button', { name: 'Estimate the whole bound' }).click();
    const bound = page.getByTestId('model-bound');
    await bound.waitFor({ timeout: 240_000 });
    assert.match(await bound.innerText(), /total[\s\S]*bits\/dim/);

    // Train: the step count climbs and the loss stays finite.
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="readout-step"]')?.textContent?.replace(/,/g, '')) >= 4, null, { timeout: 120_000 });
    assert.ok(Number.isFinite(Number(await LOSS(page).innerText())));
    assert.ok(Number(await page.getByRole('status', { name: 'Tensors' }).innerText().then((s) => s.replace(/,/g, ''))) > 0);

    // Pause: the count stops.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await ready(page);
    const paused = await stepOf(page);
    // The engine answered Pause once its loop had stopped. One more round trip through it, queued behind
    // any step it could still take: a new L_{t−1} estimate in the derivation panel, for the next t.
    const derivationT = page.locator('#panel-derivation').getByRole('slider', { name: 'Timestep t' });
    await derivationT.focus();
    await page.keyboard.press('ArrowRight');
    const t = Number(await derivationT.inputValue());
    await waitUntil(
      page,
      (tex) => [...document.querySelectorAll('[data-testid="model-lt"] annotation')].some((a) => a.textContent === tex),
      { arg: `L_{${t - 1}}`, timeout: 120_000, message: `the derivation panel shows L_${t - 1} of the paused model` },
    );
    assert.equal(await stepOf(page), paused, 'no steps after Pause');

    // Reload: the autosave (written on pause) brings the same step back.
    await page.reload();
    await ready(page);
    await page.getByText(`Resumed the model saved in this browser at step ${paused.toLocaleString('en-US')}.`).waitFor({ timeout: 60_000 });
    assert.equal(await stepOf(page), paused);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('Export gives model.json + weights; a corrupt import is refused and training goes on', async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, HASH);
    await ready(page);
    await useBatch16(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="readout-step"]')?.textContent === '1', null, { timeout: 60_000 });

    // Export: two downloads in the standard tfjs layout.
    const downloads = [];
    page.on('download', (d) => downloads.push(d));
    // settles on the download that makes two (its listener runs after the one above)
    const both = page.waitForEvent('download', { predicate: () => downloads.length >= 2, timeout: 120_000 });
    await page.getByRole('button', { name: 'Export' }).click();
    // (the export waits its turn behind the step's preview, which the meter reads)
    await both;
    assert.equal(downloads.length, 2);
    const byName = Object.fromEntries(downloads.map((d) => [d.suggestedFilename(), d]));
    const modelJson = JSON.parse(await readFile(await byName['model.json'].path(), 'utf8'));
    const weightsName = Object.keys(byName).find((n) => n !== 'model.json');
    const weights = await readFile(await byName[weightsName].path());
    assert.equal(modelJson.modelTopology.format, 'ddpm-explorable');
    assert.equal(modelJson.userDefinedMetadata.step, 1);
    const specs = modelJson.weightsManifest[0].weights;
    const bytes = specs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
    assert.equal(weights.byteLength, bytes, 'the weights file holds exactly the manifest’s tensors');

    // Train, then import a truncated copy: a clear error, and training continues with the old model.
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="readout-step"]')?.textContent) >= 2, null, { timeout: 120_000 });
    await page.getByLabel('Import model files').setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(modelJson)) },
      { name: weightsName, mimeType: 'application/octet-stream', buffer: weights.subarray(0, weights.byteLength - 100) },
    ]);
    await page.locator('.notice-error', { hasText: /truncated/i }).waitFor({ timeout: 30_000 });
    const before = await stepOf(page);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="readout-step"]')?.textContent?.replace(/,/g, '')) > n, before, { timeout: 120_000 });
    assert.equal(await page.getByRole('button', { name: 'Pause', exact: true }).count(), 1, 'still training');
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await ready(page);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('training panel on a slow device (default U-Net, software WebGPU)', () => {
  const env = serverAndBrowser();

  test('Train says it is compiling, then that the first step is slow and what digits would cost, and offers a way out', async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, '#panel=training&backend=webgpu');
    await ready(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    // never a silent "step 0": first the compilation, then the first step with its time so far
    await page.getByTestId('training-phase').filter({ hasText: /^Preparing: compiling the GPU programs of a training step for WebGPU/ }).waitFor({ timeout: 60_000 });
    const slow = page.getByTestId('training-slow');
    await slow.waitFor({ timeout: 300_000 });
    assert.match(await slow.innerText(), /on WebGPU: at that pace, the [\d,]+ steps after which the default U-Net makes recognisable digits would take at least \d/);
    assert.equal(await stepOf(page), 0, 'the notice comes during the first step, not after it');
    await slow.getByRole('button', { name: 'Sample from the pretrained model' }).waitFor();
    await slow.getByRole('button', { name: 'Continue from the pretrained model' }).waitFor();
    // the tiny model instead: training stops and a tiny U-Net replaces the default one
    await slow.getByRole('button', { name: /^Train the tiny model instead/ }).click();
    // (the step under way finishes first: tens of seconds of software WebGPU)
    await page.waitForFunction(() => [...document.querySelectorAll('.training-settings select')].some((s) => s.value === 'tiny'), null, { timeout: 600_000 });
    await ready(page);
    assert.equal(await slow.count(), 0, 'the notice is gone once training stopped');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
