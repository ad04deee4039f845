import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openApp, serverAndBrowser } from './harness.mjs';

// "Draw me a 7": the shipped conditional U-Net, asked for digits with classifier-free guidance, on what a
// machine without a hardware GPU gets (WebAssembly): 16 chains × 10 DDIM steps × 2 predictions take seconds.
const HASH = '#panel=sampling&sampler=ddim&steps=10';
const RUN_TIMEOUT = 300_000;

const panel = (page) => page.locator('#panel-sampling');
const button = (page, name) => panel(page).getByRole('button', { name, exact: true });
const digitRadio = (page, d) => panel(page).getByRole('radiogroup', { name: 'Digit to draw' }).getByRole('radio', { name: String(d), exact: true });
const wSlider = (page) => panel(page).getByRole('slider', { name: 'Guidance scale w' });

async function ready(page) {
  await page.getByRole('button', { name: 'Train', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  await button(page, 'Sample').and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
}

/** Sample, run to x₀, and return the meter's guidance accuracy of the 16 samples. */
async function sampleAccuracy(page) {
  const before = await panel(page).getByTestId('guidance-accuracy').count();
  await button(page, 'Sample').click();
  // the previous run's verdict goes away as the new run starts
  if (before) await panel(page).getByTestId('guidance-accuracy').waitFor({ state: 'detached', timeout: RUN_TIMEOUT });
  await button(page, 'Run to x₀').and(page.locator(':enabled')).waitFor({ timeout: RUN_TIMEOUT });
  await button(page, 'Run to x₀').click();
  const meter = panel(page).getByTestId('guidance-accuracy');
  await meter.waitFor({ timeout: RUN_TIMEOUT });
  return { accuracy: Number(await meter.getAttribute('data-accuracy')), text: await meter.innerText() };
}

describe('guidance: a visitor asks the shipped conditional model for each digit', () => {
  const env = serverAndBrowser();

  test('a link with class=7&w=2 picks the conditional model; every digit at w = 2 is read as that digit ≥ 80 % of the time', async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, `${HASH}&class=7&w=2`);
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await ready(page);
    // the link is restored: the digit, the scale, and the model that can draw it
    assert.equal(await digitRadio(page, 7).isChecked(), true);
    assert.equal(await wSlider(page).inputValue(), '2');
    assert.equal(await panel(page).getByRole('radio', { name: /^pretrained, draws the digit you pick/ }).isChecked(), true);
    assert.ok(!fetched.some((p) => p.includes('/models/')), 'nothing is downloaded before Sample');

    const first = await sampleAccuracy(page);
    assert.ok(fetched.some((p) => p.endsWith('/models/unet-conditional/model.json')), 'the conditional model is fetched');
    assert.ok(!fetched.some((p) => p.endsWith('/models/unet/model.json')), 'the unconditional one is not');
    assert.match(first.text, /^\d+ of 16 read as 7, the digit asked for \(guidance accuracy \d+ %\)\. Their variety/);
    assert.match(await panel(page).getByTestId('sampling-model').innerText(), /^Sampling from the pretrained conditional model \(\d[\d,]* training steps\)\.$/);
    // inside a guided step: both predictions and their combination, with its numbers
    const inside = panel(page).getByTestId('step-guided');
    assert.match(await inside.innerText(), /Guided towards 7 with w = 2/);
    assert.equal(await inside.locator('canvas').count(), 3);
    assert.match(await inside.locator('.katex-mathml').innerText(), /3/);

    const accuracy = { 7: first.accuracy };
    for (const d of [0, 1, 2, 3, 4, 5, 6, 8, 9]) {
      await digitRadio(page, d).check();
      accuracy[d] = (await sampleAccuracy(page)).accuracy;
    }
    const reference = JSON.parse(readFileSync(new URL('../../public/models/unet-conditional/model.json', import.meta.url), 'utf8'))
      .userDefinedMetadata.pretrained.quality.guidance;
    console.log(`accuracy at w = 2 per digit: ${JSON.stringify(accuracy)} (reference, ${reference.perDigit} each: ${reference.accuracy.join(', ')})`);
    for (let d = 0; d <= 9; d++) assert.ok(accuracy[d] >= 0.8, `digit ${d}: ${accuracy[d]} of the samples read as ${d}`);
    assert.match(await page.evaluate(() => location.hash), /(#|&)class=9(&|$)/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('w moves the digits and the numbers as the paper says: the trade-off chart, and the link keeps class and w', async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, `${HASH}&class=4&lang=ko`);
    await ready(page);
    // w defaults to 2 and stays out of the link; moving it puts it there
    assert.equal(await wSlider(page).inputValue(), '2');
    await wSlider(page).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => /(#|&)w=2\.5(&|$)/.test(location.hash));
    // the derivation of the implicit classifier follows the page's language
    const derivation = panel(page).locator('.guidance-derivation');
    await derivation.locator('summary').click();
    assert.match(await derivation.innerText(), /왜 이 조합이 숫자 쪽으로 이끄는가/);
    assert.ok((await derivation.locator('.katex').count()) >= 4);
    // its own language switch is the page's
    await derivation.getByRole('button', { name: 'English' }).click();
    await derivation.getByText('Why the combination steers towards the digit').waitFor();
    await page.waitForFunction(() => !/(#|&)lang=/.test(location.hash));

    await button(page, 'Measure the trade-off for 4').click();
    const sweep = panel(page).getByTestId('guidance-sweep');
    await button(page, 'Measure the trade-off for 4').and(page.locator(':enabled')).waitFor({ timeout: RUN_TIMEOUT });
    const lines = await sweep.locator('.quality-list li').allTextContents();
    assert.equal(lines.length, 6);
    const read = lines.map((l) => {
      const m = /^w = ([\d.]+): (\d+) of 24 read as 4 \(\d+ %\), variety ([\d.]+) × that of real 4s$/.exec(l);
      assert.ok(m, l);
      return { w: Number(m[1]), hits: Number(m[2]), variety: Number(m[3]) };
    });
    assert.deepEqual(read.map((r) => r.w), [0, 0.5, 1, 2, 4, 8]);
    console.log(`trade-off for 4: ${lines.join('; ')}`);
    // accuracy rises and variety falls from no guidance to the strongest
    assert.ok(read[5].hits >= read[0].hits, 'accuracy at w = 8 is at least that at w = 0');
    assert.ok(read[5].variety < read[0].variety, 'variety at w = 8 is below that at w = 0');
    assert.equal(await sweep.locator('.sweep-samples img').count(), 24);

    // reload from the link: the digit and the scale come back
    const hash = await page.evaluate(() => location.hash);
    const again = await openApp(env.browser, env.server.url, hash);
    await ready(again.page);
    assert.equal(await digitRadio(again.page, 4).isChecked(), true);
    assert.equal(await wSlider(again.page).inputValue(), '2.5');
    assert.deepEqual([...errors, ...again.errors], []);
    await again.context.close();
    await context.close();
  });

  test('an unconditional model offers no digit, and says how to get one', async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, HASH);
    await ready(page);
    assert.equal(await panel(page).getByRole('radio', { name: /^pretrained(, \d[\d,]* steps)?$/ }).isChecked(), true);
    await panel(page).getByTestId('guidance-off').waitFor();
    assert.equal(await panel(page).getByRole('radiogroup', { name: 'Digit to draw' }).count(), 0);
    // choosing the conditional model brings the picker
    await panel(page).getByRole('radio', { name: /^pretrained, draws the digit you pick/ }).check();
    await digitRadio(page, 3).waitFor();
    assert.equal(await panel(page).getByRole('radio', { name: 'any digit' }).isChecked(), true);
    assert.equal(await wSlider(page).isDisabled(), true, 'w means nothing without a digit');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a learner trains their own conditional model in the tab: the meter reads how often it draws the digit asked for', async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, '#panel=training&model=mlp&size=tiny&cond=1&sampler=ddim&steps=10');
    const train = page.getByRole('button', { name: 'Train', exact: true });
    await train.and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
    // cond=1 started a conditional model: its setting is on, and the panel says so
    assert.equal(await page.getByRole('checkbox', { name: /^Conditioned on the digit/ }).isChecked(), true);
    await page.getByText(/MLP \(as in the notes\) \(tiny, conditioned on the digit\)/).waitFor();
    await train.click();
    const chart = page.getByTestId('quality-chart');
    await chart.waitFor({ timeout: 600_000 });
    await page.getByRole('button', { name: 'Pause', exact: true }).first().click();
    const label = await chart.getByRole('img').getAttribute('aria-label');
    assert.match(label, /^Quality over training, \d+ readings?; latest at step [\d,]+: \d+ % confidently digits, \d+ % the digit asked for, Fréchet distance/);
    // the sampling panel samples the learner's model, which can be asked for a digit
    await panel(page).getByRole('radio', { name: /^yours, [\d,]+ steps, conditional$/ }).waitFor();
    assert.equal(await panel(page).getByRole('radio', { name: /^yours, / }).isChecked(), true);
    await digitRadio(page, 3).check();
    const { text } = await sampleAccuracy(page);
    assert.match(text, /^\d+ of 16 read as 3, the digit asked for/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
