import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, serverAndBrowser, waitUntil } from './harness.mjs';

/** Generous waits: the machine running the tests may be busy with other browsers. */
const SLOW = 90_000;
const HASH = '#panel=derivation&t=488&schedule=linear&T=1000';

/** The TeX sources (MathML annotations) of the formulas of the revealed steps. */
const stepFormulas = (page) =>
  page.$$eval('#panel-derivation .deriv-step-tex .katex-mathml annotation', (els) => els.map((e) => e.textContent));

describe('derivation panel', () => {
  const env = serverAndBrowser();

  test('live numbers at t = 488, steps revealed one at a time, Korean prose with the same formulas', async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, HASH);
    page.setDefaultTimeout(SLOW);
    const panel = page.locator('#panel-derivation');
    const betaTilde = page.getByTestId('live-posterior-variance');
    await betaTilde.waitFor();
    assert.equal((await betaTilde.innerText()).trim(), '0.009792');
    assert.equal(await page.locator('#derivation-t').inputValue(), '488');
    assert.match(await page.getByTestId('live-eq7').textContent(), /0\.009792/);
    // A step of t fills the numbers into the live equations' templates: the formulas' markup and the
    // table's values are exactly those of a page opened at the new t, at a t with plain numbers (489)
    // and at ones with 10⁻ⁿ in eq. 7 (1000, 999), and back at 488 those the page opened with (the boxes
    // around the formulas add scroll attributes of their own, so they are left out)
    // The formulas' markup and table's values; given the markup expected, the same once they are those
    // (until then false), so that one function serves reading them and waiting for them
    const liveMarkup = (expected) => {
      const now = [...document.querySelectorAll('[data-testid="live-numbers"] :is(.katex, .live-value)')].map((e) => e.outerHTML).join('\n');
      return expected === undefined || now === expected ? now : false;
    };
    const at488 = await page.evaluate(liveMarkup);
    const showsLive = (html, t) =>
      waitUntil(page, liveMarkup, { arg: html, timeout: 10_000, message: `the live numbers at t = ${t} to be those of a page opened there` });
    for (const [key, t] of [['ArrowRight', 489], ['End', 1000], ['ArrowLeft', 999]]) {
      await page.locator('#derivation-t').focus();
      await page.keyboard.press(key);
      const fresh = await openApp(env.browser, env.server.url, `#panel=derivation&t=${t}&schedule=linear&T=1000`);
      await fresh.page.getByTestId('live-eq7').waitFor({ timeout: SLOW });
      await fresh.page.evaluate(() => document.fonts.ready);
      const expected = await fresh.page.evaluate(liveMarkup);
      await fresh.page.context().close();
      await showsLive(expected, t);
    }
    await page.locator('#derivation-t').evaluate((input) => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, '488');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await showsLive(at488, 488);

    // one step at first; "Next step" reveals one more and focuses it
    const steps = panel.locator('.deriv-step');
    assert.equal(await steps.count(), 1);
    await panel.getByRole('button', { name: 'Next step' }).click();
    assert.equal(await steps.count(), 2);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-step')), 'forward');
    assert.match(await page.getByTestId('deriv-announce').textContent(), /Step 2 of 20: \(2\)/);
    await panel.getByRole('button', { name: 'Previous' }).click();
    assert.equal(await steps.count(), 1);
    await panel.getByRole('button', { name: 'Show all' }).click();
    assert.equal(await steps.count(), 20);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-step')), 'forward');
    assert.ok(await panel.getByRole('button', { name: 'Next step' }).isDisabled());

    // a proof detail opens from the keyboard
    const summary = panel.locator('#deriv-step-posterior summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    assert.equal(await panel.locator('#deriv-step-posterior details').getAttribute('open'), '');
    assert.ok((await panel.locator('#deriv-step-posterior .deriv-detail-tex').count()) >= 3);

    // the model section: with nothing trained it offers the pretrained model, loaded only when asked for
    assert.equal(
      (await page.getByTestId('model-none').innerText()).trim(),
      'The pretrained model’s numbers appear here once it is loaded (a few hundred kilobytes).',
    );
    const models = panel.getByRole('group', { name: 'Model' });
    assert.equal(await models.getByRole('radio', { name: /^pretrained(, \d[\d,]* steps)?$/ }).isChecked(), true);
    await panel.getByRole('button', { name: 'Load the pretrained model' }).click();
    await page.getByTestId('model-intro').filter({ hasText: /^Monte-Carlo estimates for the pretrained model after \d+ training steps/ }).waitFor({ timeout: 120_000 });
    // 256 noisy digits through the U-Net on WebAssembly
    await page.getByTestId('model-lt').or(panel.locator('.model-error')).waitFor({ timeout: 300_000 });
    assert.equal(await panel.locator('.model-error').count(), 0, 'the estimate failed');
    // t moves on while an estimate runs (a drag resumed after a pause): that estimate is cancelled, and
    // the one for the newest t is shown. t moves on as soon as the first estimate is asked for, so the
    // worker is surely still computing it (256 digits through the U-Net).
    await page.evaluate(() => {
      const post = Worker.prototype.postMessage;
      window.engineAsks = [];
      Worker.prototype.postMessage = function (message, ...rest) {
        if (message && typeof message === 'object' && /^(estimateLt|cancelEstimates)$/.test(message.type)) {
          window.engineAsks.push(message.type);
          if (message.type === 'estimateLt' && window.engineAsks.length === 1) {
            setTimeout(() => {
              const input = document.getElementById('derivation-t');
              Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, String(Number(input.value) + 1));
              input.dispatchEvent(new Event('input', { bubbles: true }));
            });
          }
        }
        return post.call(this, message, ...rest);
      };
    });
    const derivationT = panel.getByRole('slider', { name: 'Timestep t' });
    const before = Number(await derivationT.inputValue());
    await derivationT.focus();
    await page.keyboard.press('ArrowRight');
    await waitUntil(page, (t) => Number(document.getElementById('derivation-t').value) === t, { arg: before + 2, timeout: 10_000, message: 't moves on once the estimate is asked for' });
    const newest = Number(await derivationT.inputValue());
    await waitUntil(
      page,
      (tex) => [...document.querySelectorAll('[data-testid="model-lt"] annotation')].some((a) => a.textContent === tex),
      { arg: `L_{${newest - 1}}`, timeout: 300_000, message: `the estimate at t = ${newest}` },
    );
    assert.deepEqual(await page.evaluate(() => window.engineAsks), ['estimateLt', 'cancelEstimates', 'estimateLt']);
    assert.equal(await panel.locator('.model-error').count(), 0, 'the cancelled estimate is not shown as an error');
    await models.getByRole('radio', { name: /^pretrained, \d[\d,]* steps$/ }).waitFor();
    // the learner's own model, untrained, has no numbers yet
    await models.getByRole('radio', { name: 'yours, 0 steps (untrained)' }).check();
    assert.equal(
      (await page.getByTestId('model-none').innerText()).trim(),
      'Train a model first (in the training panel) to see its numbers here.',
    );

    // Korean: the prose changes, the formulas do not
    const englishReason = 'Split the sum into';
    assert.ok((await panel.innerText()).includes(englishReason));
    const formulasEn = await stepFormulas(page);
    assert.equal(formulasEn.length, 20);
    await panel.getByRole('group', { name: 'Language' }).getByRole('button', { name: '한국어' }).click();
    await page.getByText('BAYESIAN RULE과 원본이미지를 추가적으로 알았을 조건을 추가하여', { exact: false }).waitFor();
    const text = await panel.innerText();
    assert.ok(!text.includes(englishReason), 'the English reason is gone');
    assert.match(text, /변수에 영향을 적게 주거나 주지 않으므로/);
    assert.equal(await page.getByTestId('deriv-prose').getAttribute('lang'), 'ko');
    assert.deepEqual(await stepFormulas(page), formulasEn);
    assert.match(await page.evaluate(() => location.hash), /(^|&|#)lang=ko(&|$)/);
    assert.ok(await page.getByTestId('model-none').innerText());

    // the λ_t plot sets t when clicked
    const chart = page.getByTestId('lambda-chart');
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height / 2);
    const tAfter = Number(await page.locator('#derivation-t').inputValue());
    assert.ok(tAfter > 100 && tAfter < 400, `clicking a quarter of the way sets t ≈ 200, got ${tAfter}`);

    // focusing a line of code lights up its twin term in (14)
    const line = panel.locator('.code-linked[data-term="eps"]').first();
    await line.focus();
    assert.ok((await panel.locator('.code-active[data-term="eps"]').count()) >= 1);
    assert.match(await page.getByTestId('code-eq14').locator('annotation').textContent(), /colorbox/);

    assert.deepEqual(errors, []);
    await page.context().close();
  });
});

describe('derivation panel on a phone', () => {
  // A browser of its own: GPU work left over from another page can stall a shared browser's GPU process.
  const env = serverAndBrowser();

  test('t = 0 and t = 1 explain themselves; at 375 px wide the page does not scroll sideways', async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, '#panel=derivation&t=0&schedule=linear&T=1000&embed=1', {
      viewport: { width: 375, height: 667 },
    });
    page.setDefaultTimeout(SLOW);
    await page.getByTestId('live-t0-note').waitFor();
    assert.ok(await page.getByTestId('live-t1-note').isVisible());
    assert.equal((await page.getByTestId('live-lambdaBetaTilde').innerText()).trim(), '∞');
    await page.locator('#panel-derivation').getByRole('button', { name: 'Show all' }).click();
    await page.locator('#panel-derivation details').evaluateAll((ds) => ds.forEach((d) => (d.open = true)));
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
