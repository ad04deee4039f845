import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { forwardSlider, launchBrowser, openApp, serverAndBrowser, startServer, waitUntil } from './harness.mjs';

const MODEL = 'model=mlp&size=tiny';

/** What every embed must look like: one panel with its title, no page chrome, a link to the full page. */
async function assertOnlyPanel(page, panel) {
  await page.locator(`#panel-${panel}`).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('section.panel').count(), 1, 'one panel');
  assert.equal(await page.locator('.site-header, .site-footer, nav').count(), 0, 'no page chrome');
  assert.equal(await page.locator(`#panel-${panel} h2`).first().getAttribute('id'), `panel-${panel}-title`);
  const link = page.getByRole('link', { name: /Open the full explorable/ });
  const href = await link.getAttribute('href');
  assert.match(href, new RegExp(`panel=${panel}`));
  assert.doesNotMatch(href, /embed=1/);
  assert.equal(await link.getAttribute('target'), '_blank');
  return href;
}

describe('embeds', () => {
  const env = serverAndBrowser();

  test("each panel's embed URL shows only that panel, with the link's state", async () => {
    // forward: t and digit come from the link; no compute engine is started for arithmetic alone
    {
      const { page, errors } = await openApp(env.browser, env.server.url, '#panel=forward&embed=1&t=600&digit=3&seed=5');
      const href = await assertOnlyPanel(page, 'forward');
      assert.match(href, /t=600/);
      assert.match(href, /digit=3/);
      assert.equal(await forwardSlider(page).inputValue(), '600');
      await page.getByRole('img', { name: 'x_t at t = 600', exact: true }).waitFor();
      assert.equal(await page.evaluate(() => document.title.startsWith('The forward process')), true);
      assert.deepEqual(errors, []);
      await page.context().close();
    }
    // derivation in Korean at t = 488: the live β̃ of MATH.md's table
    {
      const { page, errors } = await openApp(env.browser, env.server.url, `#panel=derivation&embed=1&t=488&lang=ko&${MODEL}`);
      await assertOnlyPanel(page, 'derivation');
      assert.equal(await page.locator('#panel-derivation').getByRole('slider', { name: 'Timestep t' }).inputValue(), '488');
      assert.match(await page.getByTestId('live-eq7').textContent(), /0\.009792/);
      assert.equal(await page.getByTestId('deriv-prose').getAttribute('lang'), 'ko');
      assert.deepEqual(errors, []);
      await page.context().close();
    }
    // sampling with DDIM settings from the link
    {
      const { page, errors } = await openApp(env.browser, env.server.url, `#panel=sampling&embed=1&sampler=ddim&steps=20&eta=0.5&sampleSeed=11&${MODEL}`);
      const href = await assertOnlyPanel(page, 'sampling');
      assert.match(href, /sampler=ddim/);
      assert.ok(await page.getByRole('radio', { name: /DDIM/ }).isChecked());
      assert.equal(await page.getByLabel('DDIM steps').inputValue(), '20');
      assert.equal(await page.getByLabel('η', { exact: true }).inputValue(), '0.5');
      assert.deepEqual(errors, []);
      await page.context().close();
    }
    // training: ready, but nothing runs until asked
    {
      const { page, errors } = await openApp(env.browser, env.server.url, `#panel=training&embed=1&${MODEL}`);
      await assertOnlyPanel(page, 'training');
      await page.getByRole('button', { name: 'Train', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
      // Anything the ready model set off has had its turn: two animation frames for the effects of that
      // render, then the training button free again (a start, had one been sent, would have ended with
      // the engine's answer turning it into Pause).
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await page.getByRole('button', { name: /^(Train|Pause)$/ }).and(page.locator(':enabled')).waitFor({ timeout: 30_000 });
      assert.equal(await page.getByRole('status', { name: 'Training step' }).innerText(), '0');
      assert.equal(await page.getByRole('button', { name: 'Pause', exact: true }).count(), 0);
      assert.deepEqual(errors, []);
      await page.context().close();
    }
  });

  test('Share / Embed gives the link and an iframe snippet of the current view, sized as asked', async () => {
    const { page, errors } = await openApp(env.browser, env.server.url, `#panel=forward&t=640&digit=12&${MODEL}`);
    const section = page.locator('#panel-forward');
    await forwardSlider(page).waitFor({ timeout: 30_000 });
    const share = section.getByRole('button', { name: 'Share / Embed' });
    await share.click();
    const dialog = page.getByRole('dialog', { name: 'Share or embed this panel' });
    await dialog.waitFor();
    const link = await dialog.getByLabel('Link to this view').inputValue();
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/explorable\/#/);
    assert.match(link, /panel=forward/);
    assert.match(link, /t=640/);
    assert.match(link, /digit=12/);
    assert.doesNotMatch(link, /embed=1/);
    await dialog.getByLabel('Width (px)').fill('480');
    await dialog.getByLabel('Height (px)').fill('600');
    const code = await dialog.getByLabel('Embed code').inputValue();
    assert.match(code, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/explorable\/#[^"]*embed=1[^"]*"/);
    assert.match(code, /t=640/);
    assert.match(code, /width="480" height="600"/);
    assert.match(code, /title="DDPM explorable: The forward process/);
    // the snippet's URL opens the embed it promises
    const src = code.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
    const embed = await page.context().newPage();
    await embed.goto(src);
    await assertOnlyPanel(embed, 'forward');
    assert.equal(await forwardSlider(embed).inputValue(), '640');
    await embed.close();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await share.evaluate((b) => b === document.activeElement), true, 'focus returns to the button');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('a hostile link shows notices, inserts nothing, and the page keeps working', async () => {
    const hostile = [
      'panel=%3Cscript%3Ewindow.__owned%3D1%3C%2Fscript%3E',
      't=1e999',
      'T=-5',
      'digit=99999999999999',
      'seed=%3Cimg%20src%3Dx%20onerror%3D%22window.__owned%3D2%22%3E',
      'steps=-1',
      'eta=NaN',
      'lang=javascript:alert(1)',
      'sampler=%3Csvg%20onload%3Dalert(1)%3E',
      'drawing=%22%3E%3Cimg%20src%3Dx%3E',
    ].join('&');
    const { page, errors } = await openApp(env.browser, env.server.url, `#${hostile}&${MODEL}`);
    const notices = page.getByTestId('notices');
    await notices.waitFor({ timeout: 30_000 });
    const text = await notices.innerText();
    assert.match(text, /Ignored panel=“<script>window.__owned=1<\/script>”/);
    assert.match(text, /Ignored t=“1e999”: not a whole number/);
    assert.match(text, /T=“-5” is outside 2–4000; using 2/);
    assert.match(text, /digit=“99999999999999” is outside 0–9999; using 9999/);
    assert.match(text, /Ignored eta=“NaN”/);
    assert.match(text, /Ignored sampler=“<svg onload=alert\(1\)>”/);
    assert.match(text, /drawing in the link/);
    assert.equal(await page.evaluate(() => window.__owned), undefined);
    assert.equal(await page.locator('main script, main img[src="x"], main svg[onload]').count(), 0, 'nothing from the link is inserted as HTML');
    // T = 2 took effect and the slider still works
    const slider = forwardSlider(page);
    assert.equal(await slider.getAttribute('max'), '2');
    await slider.focus();
    await page.keyboard.press('End');
    assert.equal(await slider.inputValue(), '2');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await notices.count(), 0);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test('Back and Forward restore earlier views, and the hash follows the work', async () => {
    // a link exactly as Share gives it: nothing to tidy, so the first change must be a new entry
    const { page, errors } = await openApp(env.browser, env.server.url, '#panel=forward&t=100&schedule=linear&T=1000&digit=0&seed=1&sampleSeed=7');
    const slider = forwardSlider(page);
    await slider.waitFor({ timeout: 30_000 });
    const hashT = () => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('t'));
    await slider.focus();
    await page.keyboard.press('End');
    const writtenAt = await waitUntil(page, () => /(^|&|#)t=1000(&|$)/.test(location.hash) && performance.now(), { message: 'the hash has t=1000' });
    // A change becomes its own history entry after a pause of 1 s since the last write
    // (NEW_ENTRY_AFTER_MS in src/state/historyPolicy.ts); the write came at or before writtenAt.
    await waitUntil(page, (at) => performance.now() - at >= 1000, { arg: writtenAt, timeout: 5_000, message: 'a second has passed since the hash was written' });
    await page.getByRole('combobox', { name: /^Schedule/ }).selectOption('cosine');
    await page.waitForFunction(() => /schedule=cosine/.test(location.hash));

    await page.goBack();
    await page.waitForFunction(() => /schedule=linear/.test(location.hash));
    assert.equal(await slider.inputValue(), '1000');
    await page.goBack();
    await page.waitForFunction(() => /(^|&|#)t=100(&|$)/.test(location.hash));
    assert.equal(await slider.inputValue(), '100');
    await page.goForward();
    await page.waitForFunction(() => /(^|&|#)t=1000(&|$)/.test(location.hash));
    assert.equal(await slider.inputValue(), '1000');
    assert.equal(await hashT(), '1000');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});

/** A page of another site (localhost, while the app is on 127.0.0.1) that frames panels of the app. */
function hostPage(appUrl, frames) {
  const iframes = frames
    .map(({ id, hash, spacer = 0 }) => `<div style="height:${spacer}px"></div><iframe id="${id}" title="${id}" src="${appUrl}${hash}" width="640" height="560"></iframe>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course notes</title></head><body>
<h1>Course notes</h1>
${iframes}
<div style="height:3000px"></div>
<script>
  window.received = [];
  window.addEventListener('message', (e) => {
    const from = [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === e.source)?.id ?? '?';
    window.received.push({ from, origin: e.origin, data: e.data });
  });
  window.send = (id, msg) => document.getElementById(id).contentWindow.postMessage(msg, '*');
</script></body></html>`;
}

describe('a host page on another site', () => {
  let app;
  let host;
  let browser;
  let hostUrl;
  let pages = {};
  before(async () => {
    app = await startServer();
    browser = await launchBrowser();
    host = createServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      if (path === '/favicon.ico') return res.writeHead(204).end();
      const html = pages[path];
      if (!html) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
    hostUrl = `http://localhost:${host.address().port}`;
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((ok) => host.close(ok));
  });

  const received = (page, pred) =>
    page.waitForFunction((src) => window.received.some(new Function('m', `return ${src}`)), pred, { timeout: 60_000 });

  test('frames an embed and drives it through postMessage: set t, hear the change, errors for bad messages', async () => {
    pages['/notes.html'] = hostPage(app.url, [{ id: 'fwd', hash: '#panel=forward&embed=1&t=100' }]);
    const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${hostUrl}/notes.html`);
    await received(page, "m.from === 'fwd' && m.data.type === 'ddpm:ready' && m.data.t === 100 && m.data.panel === 'forward' && m.data.T === 1000");
    const frame = page.frameLocator('#fwd');

    await page.evaluate(() => window.send('fwd', { type: 'ddpm:set-t', t: 321 }));
    await received(page, "m.data.type === 'ddpm:t' && m.data.t === 321 && m.data.T === 1000");
    assert.equal(await forwardSlider(frame).inputValue(), '321');
    const tEvent = await page.evaluate(() => window.received.find((m) => m.data.type === 'ddpm:t'));
    assert.equal(tEvent.origin, app.origin, 'events come from the app’s own origin');

    // the learner's own scrubbing is reported too
    await forwardSlider(frame).focus();
    await page.keyboard.press('End');
    await received(page, "m.data.type === 'ddpm:t' && m.data.t === 1000");

    // out-of-range t is clamped; a malformed message gets an error; foreign messages are ignored
    await page.evaluate(() => {
      window.send('fwd', { type: 'ddpm:set-t', t: -40 });
      window.send('fwd', { type: 'ddpm:set-t', t: '5' });
      window.send('fwd', { type: 'ddpm:launch' });
      window.send('fwd', 'hello');
      window.send('fwd', { type: 'ddpm:train', running: true });
    });
    await received(page, "m.data.type === 'ddpm:t' && m.data.t === 0");
    await received(page, "m.data.type === 'ddpm:error' && /finite number t/.test(m.data.message)");
    await received(page, "m.data.type === 'ddpm:error' && /Unknown message type/.test(m.data.message)");
    await received(page, "m.data.type === 'ddpm:error' && /has no training/.test(m.data.message)");
    const errorsReplied = await page.evaluate(() => window.received.filter((m) => m.data.type === 'ddpm:error').length);
    assert.equal(errorsReplied, 3, 'exactly the three bad ddpm: messages are answered; "hello" is not ours');

    // the sweep plays and pauses from the host
    await page.evaluate(() => window.send('fwd', { type: 'ddpm:sweep', playing: true }));
    await received(page, "m.data.type === 'ddpm:t' && m.data.t > 50 && m.data.t < 1000");
    assert.equal(await frame.getByRole('button', { name: 'Pause sweep' }).count(), 1);
    await page.evaluate(() => window.send('fwd', { type: 'ddpm:sweep', playing: false }));
    await frame.getByRole('button', { name: 'Play sweep' }).waitFor();
    await page.evaluate(() => window.send('fwd', { type: 'ddpm:get-state' }));
    await received(page, "m.data.type === 'ddpm:state' && m.data.sweeping === false && m.data.step === null");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a training embed: the meter reads a fixed batch at step 250, draws it beside the loss, labels previews, and the host hears it', async () => {
    pages['/quality.html'] = hostPage(app.url, [{ id: 'train', hash: `#panel=training&embed=1&${MODEL}` }]);
    const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${hostUrl}/quality.html`);
    const frame = page.frameLocator('#train');
    const ready = () => frame.getByRole('button', { name: 'Train', exact: true }).and(frame.locator(':enabled')).waitFor({ timeout: 120_000 });
    await ready();
    // batch 16 keeps 250 steps short
    await frame.getByLabel('Batch size').selectOption('16');
    await frame.getByRole('button', { name: 'Start a new model with these settings' }).click();
    await frame.getByText('resetting…').waitFor({ state: 'detached' });
    await ready();
    await frame.getByText('The first reading comes at step 250').waitFor();
    assert.ok(!fetched.some((p) => p.includes('/models/classifier/')), 'no classifier before there is something to read');
    await received(page, "m.from === 'train' && m.data.type === 'ddpm:state' && m.data.step === 0");

    await page.evaluate(() => window.send('train', { type: 'ddpm:train', running: true }));
    await received(page, "m.data.type === 'ddpm:step' && m.data.training === true && m.data.quality === null");
    // previews are read too: a label under each sample
    await frame.locator('.preview-samples .digit-label').first().waitFor({ timeout: 180_000 });
    const chart = frame.getByTestId('quality-chart');
    await chart.waitFor({ timeout: 600_000 });
    await received(page, "m.data.type === 'ddpm:step' && m.data.quality !== null");
    await page.evaluate(() => window.send('train', { type: 'ddpm:train', running: false }));
    await ready();
    const label = await chart.getByRole('img').getAttribute('aria-label');
    const m = /^Quality over training, \d+ readings?; latest at step ([\d,]+): (\d+) % confidently digits, Fréchet distance ([\d.]+) \(floor ([\d.]+)\)\.$/.exec(label);
    assert.ok(m, label);
    assert.ok(Number(m[1].replace(/,/g, '')) >= 250, 'the first reading is at step 250 or later');
    // the host's last ddpm:step carries the reading the chart shows
    const quality = await page.evaluate(() => window.received.filter((r) => r.data.type === 'ddpm:step').at(-1).data.quality);
    assert.equal(quality.step, Number(m[1].replace(/,/g, '')));
    assert.equal(Math.round(quality.confident * 100), Number(m[2]));
    assert.ok(quality.confident >= 0 && quality.confident <= 1);
    // the chart rounds to three significant digits
    assert.ok(Math.abs(quality.fd - Number(m[3])) <= 0.005 * quality.fd, `${quality.fd} against ${m[3]}`);
    assert.ok(Math.abs(quality.fdFloor - Number(m[4])) <= 0.005 * quality.fdFloor, `${quality.fdFloor} against ${m[4]}`);
    assert.ok(quality.fd > quality.fdFloor, 'an MLP after a few hundred steps is far from real digits');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('two training embeds: one trains at a time and the other says so; scrolled away, training pauses', async () => {
    pages['/two.html'] = hostPage(app.url, [
      { id: 'a', hash: `#panel=training&embed=1&${MODEL}` },
      { id: 'b', hash: `#panel=training&embed=1&${MODEL}`, spacer: 40 },
    ]);
    const context = await browser.newContext({ viewport: { width: 900, height: 1300 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hostUrl}/two.html`);
    const a = page.frameLocator('#a');
    const b = page.frameLocator('#b');
    const trainButton = (f) => f.getByRole('button', { name: 'Train', exact: true }).and(f.locator(':enabled'));
    await trainButton(a).waitFor({ timeout: 120_000 });
    await trainButton(b).waitFor({ timeout: 120_000 });

    // A starts on a click; the host hears its steps
    await trainButton(a).click();
    await received(page, "m.from === 'a' && m.data.type === 'ddpm:step' && m.data.step > 0 && m.data.training === true");
    await b.getByText(/Another panel of the explorable is training right now/).waitFor({ timeout: 10_000 });

    // B starts from the host page: A pauses and says why
    await page.evaluate(() => window.send('b', { type: 'ddpm:train', running: true }));
    await received(page, "m.from === 'b' && m.data.type === 'ddpm:step' && m.data.training === true");
    await a.getByText(/Training paused: another panel of the explorable started training/).waitFor({ timeout: 30_000 });
    await trainButton(a).waitFor();
    await received(page, "m.from === 'a' && m.data.type === 'ddpm:step' && m.data.training === false");

    // scrolling B out of view pauses it
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await b.getByText(/Training paused because the panel was scrolled out of view/).waitFor({ timeout: 30_000 });
    await received(page, "m.from === 'b' && m.data.type === 'ddpm:step' && m.data.training === false");
    assert.deepEqual(errors, []);
    await context.close();
  });
});
