import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { forwardSlider, openApp, serverAndBrowser, waitUntil } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const MODEL = 'model=mlp&size=tiny';
const PHONE = { width: 375, height: 667 };

/** Run axe-core on the page and return its serious and critical violations, described briefly. */
async function seriousViolations(page) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Wait until the page has settled: the digits are in and the training model is ready (or absent). */
async function settled(page, panel) {
  if (panel === 'forward' || panel === null) await page.getByTestId('digit-strip').or(page.locator('.digit-picker__grid')).first().waitFor({ timeout: 60_000 });
  if (panel === 'training' || panel === null) {
    await page.getByRole('button', { name: 'Train', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  }
  if (panel === 'sampling') await page.getByRole('button', { name: 'Sample' }).waitFor({ timeout: 60_000 });
  if (panel === 'derivation') await page.getByTestId('live-eq7').waitFor({ timeout: 60_000 });
}

describe('accessibility', () => {
  const env = serverAndBrowser();

  test('axe-core finds no serious or critical violations on the full page or on any embed', async () => {
    const views = [
      { hash: `#${MODEL}`, panel: null },
      { hash: `#panel=forward&embed=1&${MODEL}`, panel: 'forward' },
      { hash: `#panel=training&embed=1&${MODEL}`, panel: 'training' },
      { hash: `#panel=derivation&embed=1&${MODEL}`, panel: 'derivation' },
      { hash: `#panel=sampling&embed=1&${MODEL}`, panel: 'sampling' },
    ];
    for (const { hash, panel } of views) {
      const { page, errors } = await openApp(env.browser, env.server.url, hash);
      await settled(page, panel);
      assert.deepEqual(await seriousViolations(page), [], `axe on ${hash}`);
      assert.deepEqual(errors, [], `errors on ${hash}`);
      await page.context().close();
    }
  });

  test('at 375 × 667 the full page and each embed fit the width, and axe is still satisfied', async () => {
    for (const hash of [`#${MODEL}`, ...['forward', 'training', 'derivation', 'sampling'].map((p) => `#panel=${p}&embed=1&${MODEL}`)]) {
      const { page, errors } = await openApp(env.browser, env.server.url, hash, { viewport: PHONE, hasTouch: true, isMobile: true });
      const panel = hash.includes('embed') ? new URLSearchParams(hash.slice(1)).get('panel') : null;
      await settled(page, panel);
      const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(scrollWidth <= innerWidth, `${hash}: the document is ${scrollWidth} px wide in a ${innerWidth} px viewport`);
      if (!hash.includes('embed')) assert.deepEqual(await seriousViolations(page), [], `axe at phone width on ${hash}`);
      assert.deepEqual(errors, [], `errors on ${hash}`);
      await page.context().close();
    }
  });

  test('on a phone, training waits for a request and says what speed to expect; touch draws on the pad', async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, `#${MODEL}`, { viewport: PHONE, hasTouch: true, isMobile: true });
    await settled(page, null);
    assert.match(await page.getByTestId('phone-note').innerText(), /On a phone, training is slow/);
    assert.equal(await page.getByRole('status', { name: 'Training step' }).innerText(), '0');

    // a finger stroke across the pad draws x_0 (the drawing then travels in the link)
    const pad = page.getByRole('img', { name: 'Drawing pad: draw a digit with mouse, touch or pen' });
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    const cdp = await page.context().newCDPSession(page);
    const at = (fx, fy) => [{ x: box.x + box.width * fx, y: box.y + box.height * fy }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0.5, 0.2) });
    for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(0.5, 0.2 + i * 0.06) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await page.waitForFunction(() => /digit=drawn/.test(location.hash) && /drawing=/.test(location.hash), null, { timeout: 10_000 });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('every control of an embed is reached by Tab with a visible focus ring', async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, '#panel=forward&embed=1&t=250');
    await settled(page, 'forward');
    const seen = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const cs = getComputedStyle(el);
        const name = el.getAttribute('aria-label') || el.labels?.[0]?.textContent || el.textContent || el.tagName;
        return { name: name.trim().slice(0, 40), ring: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
      });
      if (!f) break;
      seen.push(f);
    }
    const names = seen.map((s) => s.name);
    for (const expected of ['Timestep t', 'Play sweep', 'Jump to t = 500', 'Clear drawing', 'Open the full explorable']) {
      assert.ok(names.some((n) => n.startsWith(expected)), `Tab reaches “${expected}” (reached: ${names.join(' | ')})`);
    }
    const ringless = seen.filter((s) => !s.ring).map((s) => s.name);
    assert.deepEqual(ringless, [], 'every focused control shows a focus ring');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('t is announced politely when the sweep moves it; reduced motion makes the sweep jump in tenths', async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, '#panel=forward&embed=1&t=0&T=1000', { reducedMotion: 'reduce' });
    await settled(page, 'forward');
    const announcer = page.getByTestId('t-announcer');
    assert.equal(await announcer.getAttribute('aria-live'), 'polite');
    await page.getByRole('button', { name: 'Play sweep' }).click();
    await page.waitForFunction(() => /^t = [1-9]00 of 1000$/.test(document.querySelector('[data-testid="t-announcer"]').textContent), null, { timeout: 10_000 });
    // every value the sweep moves t to, from where it is now through its next three moves
    const slider = await forwardSlider(page).elementHandle();
    const values = [Number(await slider.inputValue())];
    while (values.length < 4) {
      const { t } = await waitUntil(page, ([input, last]) => Number(input.value) !== last && { t: Number(input.value) }, {
        arg: [slider, values.at(-1)],
        timeout: 10_000,
        message: `the sweep moves t on from ${values.at(-1)} (values so far: ${values})`,
      });
      values.push(t);
    }
    await slider.dispose();
    await page.getByRole('button', { name: 'Pause sweep' }).click();
    assert.ok(values.every((v) => v % 100 === 0), `with reduced motion t moves in jumps of T/10: ${values}`);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
