import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardSlider, imageRgba, openApp, serverAndBrowser, waitUntil } from './harness.mjs';

/** A fingerprint of the pixels (their red channel) of the first image whose accessible name is `name`. */
async function canvasPixels(page, name) {
  return (await page.getByRole('img', { name, exact: true }).first().evaluate(imageRgba)).filter((_, i) => i % 4 === 0);
}

const waitForHash = (page, re) => page.waitForFunction((src) => new RegExp(src).test(location.hash), re.source, { timeout: 5_000 });

describe('forward panel', () => {
  const env = serverAndBrowser();

  test('a link to t = 250 shows eq. 4 with 0.7239 and 0.6899, and the keyboard moves t', async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, '#panel=forward&t=250&schedule=linear&T=1000');
    const slider = forwardSlider(page);
    await slider.waitFor({ timeout: 30_000 });
    assert.equal(await slider.inputValue(), '250');
    assert.equal(await page.getByTestId('forward-t-value').innerText(), 't = 250');
    const live = await page.getByTestId('eq4-live').textContent();
    assert.match(live, /0\.7239/);
    assert.match(live, /0\.6899/);
    assert.match(live, /0\.5241/); // ᾱ_250 of MATH.md's table, 0.52408537

    const at250 = await canvasPixels(page, 'x_t at t = 250');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await slider.inputValue(), '251');
    // the equation's numbers are rewritten in place: the markup is exactly that of a page opened at t = 251
    const fresh = await openApp(env.browser, env.server.url, '#panel=forward&t=251&schedule=linear&T=1000');
    await fresh.page.getByTestId('eq4-live').waitFor({ timeout: 30_000 });
    const markup = (p) => p.getByTestId('eq4-live').evaluate((el) => el.innerHTML);
    assert.equal(await markup(page), await markup(fresh.page));
    assert.match(await page.getByTestId('eq4-live').textContent(), /x251/);
    await fresh.page.context().close();
    const at251 = await canvasPixels(page, 'x_t at t = 251');
    assert.notDeepEqual(at251, at250, 'x_t changes with t');
    await page.keyboard.press('PageUp');
    assert.equal(await slider.inputValue(), '351');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await slider.inputValue(), '250');
    // At t = 1000 the SNR turns into 4.04 × 10⁻⁵: its value, a formula of its own, changes structure,
    // while the rest of the line only has its numbers rewritten (its first node is the same node afterwards)
    const sideFormula = page.getByTestId('eq4-live').locator('.eq-live-line');
    await sideFormula.evaluate((el) => {
      window.keptNode = el.querySelector('.katex-base');
    });
    await page.keyboard.press('End');
    assert.equal(await slider.inputValue(), '1000');
    const atT = await openApp(env.browser, env.server.url, '#panel=forward&t=1000&schedule=linear&T=1000');
    await atT.page.getByTestId('eq4-live').waitFor({ timeout: 30_000 });
    assert.equal(await markup(page), await markup(atT.page));
    await atT.page.context().close();
    assert.match(await page.getByTestId('eq4-live').textContent(), /×\s*10\s*−\s*5|×10−5/);
    assert.equal(await sideFormula.evaluate((el) => window.keptNode instanceof Element && el.querySelector('.katex-base') === window.keptNode), true);
    await waitForHash(page, /(^|&|#)t=1000(&|$)/);
    await page.keyboard.press('Home');
    assert.equal(await slider.inputValue(), '0');
    // At t = 0, x_t is x_0 itself.
    const x0Name = await page.locator('canvas[aria-label^="x_0:"]').first().getAttribute('aria-label');
    assert.deepEqual(await canvasPixels(page, 'x_t at t = 0'), await canvasPixels(page, x0Name));
    await waitForHash(page, /(^|&|#)t=0(&|$)/);
    // The filmstrip jumps.
    await page.getByRole('button', { name: 'Jump to t = 500' }).click();
    assert.equal(await slider.inputValue(), '500');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('drawing on the pad changes x_0 and the link carries the drawing', async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, '#t=0');
    const pad = page.getByRole('img', { name: 'Drawing pad: draw a digit with mouse, touch or pen' });
    await pad.waitFor({ timeout: 30_000 });
    await pad.scrollIntoViewIfNeeded();
    const before = await canvasPixels(page, 'x_t at t = 0');
    const box = await pad.boundingBox();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.2, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.85, { steps: 8 });
    await page.mouse.up();
    await page.getByRole('img', { name: 'x_0: your drawing' }).waitFor();
    const drawn = await canvasPixels(page, 'x_t at t = 0');
    assert.notDeepEqual(drawn, before);
    const ink = drawn.filter((v) => v > 128).length;
    assert.ok(ink > 15 && ink < 300, `the drawn 7 has ${ink} bright pixels`);
    await waitForHash(page, /digit=drawn&drawing=[A-Za-z0-9_-]{523}/);
    // The hash is written while drawing too (throttled); take it once it carries the finished drawing:
    // its drawing (16 grey levels, two to a byte, base64url) is exactly what x_t at t = 0 shows.
    const link = await waitUntil(
      page,
      () => {
        const m = /[#&]drawing=([A-Za-z0-9_-]{523})(&|$)/.exec(location.hash);
        const canvas = document.querySelector('canvas[aria-label="x_t at t = 0"]');
        if (!m || !canvas) return false;
        const bytes = atob(m[1].replace(/-/g, '+').replace(/_/g, '/') + '=');
        const grey = canvas.getContext('2d').getImageData(0, 0, 28, 28).data;
        for (let i = 0; i < 784; i++) {
          const level = (bytes.charCodeAt(i >> 1) >> (i % 2 ? 0 : 4)) & 15;
          if (grey[4 * i] !== level * 17) return false; // grey = round(level / 15 · 255)
        }
        return location.hash;
      },
      { timeout: 5_000, message: 'the link carries the drawing that x_t at t = 0 shows' },
    );
    // Opening that link restores the same x_0.
    const again = await openApp(env.browser, env.server.url, link);
    await again.page.getByRole('img', { name: 'x_0: your drawing' }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await canvasPixels(again.page, 'x_t at t = 0'), drawn);
    assert.deepEqual(errors, []);
    assert.deepEqual(again.errors, []);
    await page.context().close();
    await again.context.close();
  });

  test("one pixel's distribution: draws by eq. 4 or by t steps of eq. 2 match the density, computed off the page's thread", async () => {
    const { page, context, errors } = await openApp(env.browser, env.server.url, '#panel=forward&t=500&schedule=linear&T=1000');
    const caption = page.locator('.chart-histogram .chart-caption');
    await caption.filter({ hasText: /at t = 500 \(eq\. 4 in one step\)$/ }).waitFor({ timeout: 30_000 });
    assert.match(await caption.innerText(), /^2000 draws of pixel \(14, 14\) at t = 500/);
    // the sample moments agree with eq. 4's: mean √ᾱ x_0, variance 1 − ᾱ (ᾱ_500 = 0.0786 in MATH.md's table)
    const moments = async () => {
      const m = /^mean (−?[\d.]+) \(eq\. 4: (−?[\d.]+)\) · variance ([\d.]+) \(([\d.]+)\)$/.exec(await page.locator('.chart-histogram .chart-readout').innerText());
      assert.ok(m, 'the moments readout');
      return m.slice(1).map((v) => Number(v.replace('−', '-')));
    };
    let [mean, mean4, variance, variance4] = await moments();
    assert.ok(Math.abs(variance4 - (1 - 0.0786)) < 0.001, `1 − ᾱ_500: ${variance4}`);
    // 2000 draws: the sample mean within 4 standard errors, the variance within 15 %
    assert.ok(Math.abs(mean - mean4) < 4 * Math.sqrt(variance4 / 2000), `${mean} against ${mean4}`);
    assert.ok(Math.abs(variance / variance4 - 1) < 0.15, `${variance} against ${variance4}`);
    // the chain of eq. 2: 500 small steps per draw, the same distribution
    await page.getByLabel('t small steps (eq. 2)').check();
    await caption.filter({ hasText: /at t = 500 \(500 steps of eq\. 2\)$/ }).waitFor({ timeout: 30_000 });
    [mean, mean4, variance, variance4] = await moments();
    assert.ok(Math.abs(mean - mean4) < 4 * Math.sqrt(variance4 / 2000), `${mean} against ${mean4}`);
    assert.ok(Math.abs(variance / variance4 - 1) < 0.15, `${variance} against ${variance4}`);
    // the draws come from the histogram's own worker
    assert.ok(page.workers().some((w) => /pixelDrawsWorker/.test(w.url())), `workers: ${page.workers().map((w) => w.url())}`);
    // scrubbing moves the histogram along
    const slider = forwardSlider(page);
    await slider.focus();
    await page.keyboard.press('End');
    await caption.filter({ hasText: /at t = 1000 \(1000 steps of eq\. 2\)$/ }).waitFor({ timeout: 30_000 });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the schedule chart: a click sets t, and the cursor, drawn over the chart, stands where it was clicked', async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, '#panel=forward&t=100&schedule=linear&T=1000');
    const chart = page.locator('.chart-schedule svg[role="img"]');
    await chart.scrollIntoViewIfNeeded({ timeout: 30_000 });
    const overlay = page.locator('.chart-schedule .chart-overlay');
    const [below, above] = [await chart.boundingBox(), await overlay.boundingBox()];
    for (const k of ['x', 'y', 'width', 'height']) assert.ok(Math.abs(below[k] - above[k]) < 0.5, `the overlay covers the chart exactly (${k})`);
    // through the overlay, which takes no pointer events, to the chart
    const x = below.x + below.width * 0.6;
    await page.mouse.click(x, below.y + below.height * 0.3);
    const slider = forwardSlider(page);
    const t = Number(await slider.inputValue());
    assert.ok(t > 450 && t < 650, `a click 60 % across the chart sets t ≈ 580, got ${t}`);
    await waitUntil(page, (tt) => document.querySelector('.chart-schedule .chart-cursor-label')?.textContent === `t = ${tt}`, { arg: t, timeout: 5_000, message: 'the cursor follows t' });
    const line = await page.locator('.chart-schedule .chart-cursor-line').boundingBox();
    assert.ok(Math.abs(line.x + line.width / 2 - x) < 3, `the cursor stands where the chart was clicked (${line.x + line.width / 2} vs ${x})`);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("a scrub's own frame redraws the parts on screen; the parts off screen follow with the rest of the page", async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, '#panel=forward&t=250&schedule=linear&T=1000');
    const slider = forwardSlider(page);
    await slider.waitFor({ timeout: 30_000 });
    // What a scrub to `to` shows when its frame has been rendered (a message posted before the input
    // runs right after that frame), and whether each part is on screen.
    const scrub = (to) =>
      slider.evaluate(async (input, value) => {
        const read = () => ({
          images: document.querySelector('canvas[aria-label^="x_t at t ="]').getAttribute('aria-label'),
          equation: document.querySelector('[data-testid="eq4-live"] .katex-html').textContent,
          marker: document.querySelector('.filmstrip-marker').textContent,
          chart: document.querySelector('.chart-schedule .chart-legend-t').textContent,
        });
        const onScreen = (selector) => {
          const r = document.querySelector(selector).getBoundingClientRect();
          return r.bottom > 0 && r.top < innerHeight;
        };
        await new Promise((done) => requestAnimationFrame(done));
        const channel = new MessageChannel();
        const rendered = new Promise((done) => {
          channel.port1.onmessage = () => done([read(), performance.now()]);
        });
        channel.port2.postMessage(null);
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, String(value));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const [inFrame, renderedAt] = await rendered;
        return { inFrame, renderedAt, imagesOnScreen: onScreen('.forward-images'), chartOnScreen: onScreen('.chart-schedule') };
      }, to);
    const settled = (to) =>
      waitUntil(
        page,
        (tt) =>
          document.querySelector('canvas[aria-label^="x_t at t ="]').getAttribute('aria-label') === `x_t at t = ${tt}` &&
          document.querySelector('.filmstrip-marker').textContent.includes(`t = ${tt}`) &&
          document.querySelector('.chart-schedule .chart-legend-t').textContent === `t = ${tt}`,
        { arg: to, timeout: 5_000, message: `every part shows t = ${to}` },
      );

    // Scroll `selector` to the middle of the window, and return once intersection observers have
    // reported the new view: they all report in the same rendering step, so when one observing the
    // page's parts has, the panel's have too (on screen or not, so the chart is observed as well).
    const scrollTo = (selector) =>
      page.evaluate(async (sel) => {
        document.querySelector(sel).scrollIntoView({ block: 'center' });
        await new Promise((done) => {
          const io = new IntersectionObserver(() => {
            io.disconnect();
            done();
          });
          io.observe(document.querySelector('.chart-schedule'));
        });
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))); // their re-render
      }, selector);

    // The images and eq. 4 on screen, the schedule chart below the fold.
    await scrollTo('.forward-images');
    let s = await scrub(321);
    assert.deepEqual([s.imagesOnScreen, s.chartOnScreen], [true, false]);
    assert.equal(s.inFrame.images, 'x_t at t = 321');
    assert.match(s.inFrame.equation, /^x321/);
    assert.equal(s.inFrame.chart, 't = 250', 'the chart, off screen, waits for the rest of the page');
    await settled(321);

    // Scrolled down to the chart: the slider stays at the top of the window (sticky), and now the chart
    // follows in the scrub's frame while the images, off screen, follow after it.
    await scrollTo('.chart-schedule');
    // when the histogram (on screen too) asks its worker for draws
    await page.evaluate(() => {
      const post = Worker.prototype.postMessage;
      window.drawRequests = [];
      Worker.prototype.postMessage = function (message, ...rest) {
        if (message && typeof message === 'object' && 'count' in message && 'mode' in message) window.drawRequests.push([message.t, performance.now()]);
        return post.call(this, message, ...rest);
      };
    });
    s = await scrub(400);
    assert.deepEqual([s.imagesOnScreen, s.chartOnScreen], [false, true]);
    assert.equal(s.inFrame.chart, 't = 400');
    assert.equal(s.inFrame.images, 'x_t at t = 321', 'the images, off screen, wait for the rest of the page');
    await settled(400);
    // the histogram asked for t = 400 once, after the scrub's frame was rendered, not during it
    const requests = await waitUntil(page, () => window.drawRequests.length > 0 && window.drawRequests, { message: 'the histogram asks for draws' });
    assert.deepEqual(requests.map(([t]) => t), [400]);
    assert.ok(requests[0][1] >= s.renderedAt, `asked at ${requests[0][1]}, the frame rendered at ${s.renderedAt}`);
    // the parts that followed later show what a page opened at that t shows
    assert.match(await page.getByTestId('eq4-live').textContent(), /x400/);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("what a scrub changes keeps its place in the paint; the live equations' HTML and MathML agree", async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, '#panel=forward&t=250&schedule=linear&T=1000');
    const slider = forwardSlider(page);
    await slider.waitFor({ timeout: 30_000 });
    await slider.focus();
    for (const key of ['PageUp', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
    const t = Number(await slider.inputValue());
    assert.ok(t > 250, `t moved to ${t}`);
    await page.getByTestId('eq4-live').filter({ hasText: `x${t}` }).waitFor({ timeout: 5_000 });
    const seen = await page.evaluate(() => {
      const live = document.querySelector('[data-testid="eq4-live"]');
      const formulas = [...live.querySelectorAll('.katex')];
      return {
        // the live lines' HTML (what is seen) and MathML (what is read out) carry the same numbers, and the
        // TeX source beside the MathML is the new one: the template was filled in throughout
        numbers: formulas.map((k) => [
          k.querySelector('.katex-html').textContent.match(/\d+\.\d+|\d+/g),
          [...k.querySelectorAll('.katex-mathml mn')].map((mn) => mn.textContent),
        ]),
        source: live.querySelector('.katex-mathml annotation').textContent,
        // the boxes whose size the numbers change are not positioned (not layers of the paint); their
        // MathML belongs to the line's box, which scrolls with the equation
        positioned: [...live.querySelectorAll('.katex, .katex-base')].filter((el) => getComputedStyle(el).position !== 'static').length,
        mathParents: [...live.querySelectorAll('.katex-mathml')].map((m) => m.offsetParent?.className),
        // the schedule legend's swatches are plain boxes in the lines' colours, not SVGs that a scrub moves
        legendSvgs: document.querySelectorAll('.chart-schedule .chart-legend svg').length,
        swatches: [...document.querySelectorAll('.chart-schedule .chart-swatch-line')].map((s) => getComputedStyle(s).backgroundImage),
      };
    });
    // (as multisets: a fraction's HTML lists its denominator first)
    const numbers = (list) => list.filter((n) => n !== '0' && n !== '1').sort();
    for (const [html, mathml] of seen.numbers) assert.deepEqual(numbers(mathml), numbers(html));
    assert.equal(seen.numbers[0][0][0], String(t));
    assert.match(seen.source, new RegExp(`^\\\\mathbf\\{x\\}_\\{${t}\\} = 0\\.\\d{4}`));
    assert.equal(seen.positioned, 0);
    assert.deepEqual([...new Set(seen.mathParents)].sort(), ['eq-live-line', 'katex-display']);
    assert.equal(seen.legendSvgs, 0);
    assert.equal(seen.swatches.length, 5);
    assert.ok(seen.swatches.every((b) => /gradient\(/.test(b)), seen.swatches.join(' | '));
    // the current filmstrip frame: a ring inside its box, a label no bolder than the others'
    const filmstripFrames = () =>
      [...document.querySelectorAll('.filmstrip-frame')].map((f) => ({
        current: f.getAttribute('aria-current') === 'true',
        weight: getComputedStyle(f.querySelector('.filmstrip-t')).fontWeight,
        shadow: getComputedStyle(f).boxShadow,
      }));
    // at t between frames no frame is current; move to one (250 is the third of nine at T = 1000)
    assert.equal((await page.evaluate(filmstripFrames)).filter((f) => f.current).length, 0);
    await page.getByRole('button', { name: 'Jump to t = 250' }).click();
    const frames = await page.evaluate(filmstripFrames);
    const now = frames.filter((f) => f.current);
    assert.equal(now.length, 1);
    assert.match(now[0].shadow, /inset/);
    assert.ok(frames.every((f) => f.weight === now[0].weight), frames.map((f) => f.weight).join(' '));
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("the page's icon is a PNG: the browser fetches it again at each write of the hash, and an SVG would be parsed each time", async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, '#panel=forward&t=250');
    const slider = forwardSlider(page);
    await slider.waitFor({ timeout: 30_000 });
    const fetched = [];
    page.on('response', (r) => fetched.push({ path: new URL(r.url()).pathname, type: r.headers()['content-type'] ?? '' }));
    for (const t of [251, 252]) {
      await slider.focus();
      await page.keyboard.press('ArrowRight');
      await waitForHash(page, new RegExp(`(^|&|#)t=${t}(&|$)`));
    }
    // the icon fetched again after the next write of the hash is the PNG
    const icon = page.waitForResponse((r) => /\/favicon\.[a-z]+$/.test(new URL(r.url()).pathname), { timeout: 10_000 });
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await waitForHash(page, /(^|&|#)t=253(&|$)/);
    const response = await icon;
    assert.ok(new URL(response.url()).pathname.endsWith('/favicon.png'), response.url());
    assert.equal(response.headers()['content-type'], 'image/png');
    assert.deepEqual(fetched.filter((f) => f.type.startsWith('image/svg') || f.path.endsWith('.svg')), [], 'no SVG is fetched while t is scrubbed');
    assert.equal(await page.locator('link[rel~="icon"]').count(), 1);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('a malformed link shows a notice and the panel still works', async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, '#panel=forward&t=abc&T=999999&schedule=<b>x</b>&foo=1');
    const notices = page.getByTestId('notices');
    await notices.waitFor({ timeout: 30_000 });
    const text = await notices.innerText();
    assert.match(text, /Ignored t=“abc”: not a whole number/);
    assert.match(text, /T=“999999” is outside 2–4000; using 4000/);
    assert.match(text, /Ignored schedule=“<b>x<\/b>”/);
    assert.equal(await page.locator('b', { hasText: 'x' }).count(), 0, 'values are never inserted as HTML');
    const slider = forwardSlider(page);
    assert.equal(await slider.getAttribute('max'), '4000');
    await slider.focus();
    await page.keyboard.press('End');
    assert.equal(await slider.inputValue(), '4000');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});


describe('forward panel on a phone', () => {
  const env = serverAndBrowser();
  test('at 375 × 667 the page is not wider than the viewport', async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, '#t=250', { viewport: { width: 375, height: 667 } });
    await page.getByRole('img', { name: 'Drawing pad: draw a digit with mouse, touch or pen' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('digit-strip').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
    // at t = T the filmstrip's marker, at the end of its track, stays inside it too
    await forwardSlider(page).press('End');
    await page.locator('.filmstrip-marker', { hasText: 't = 1000' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
