// Rasterises scripts/favicon.svg into public/favicon.png (32 × 32) with Debian's Chromium:
//   node scripts/favicon.mjs
// The page links a PNG, not the SVG: Chromium fetches the page's icon again on every change of the
// URL's hash (which the app writes every 0.4 s while t is scrubbed), and an SVG icon is then parsed
// as a document of its own on the main thread, a task of 2.5–12.5 ms on a two-core machine; a PNG is
// decoded in a fraction of that.
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../test/e2e/harness.mjs';

const SIZE = 32;
const svg = readFileSync(new URL('./favicon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
try {
  const page = await browser.newPage();
  const dataUrl = await page.evaluate(
    async ({ svg, size }) => {
      const img = new Image();
      img.src = `data:image/svg+xml;base64,${btoa(svg)}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = size;
      canvas.getContext('2d').drawImage(img, 0, 0, size, size);
      return canvas.toDataURL('image/png');
    },
    { svg, size: SIZE },
  );
  const out = new URL('../public/favicon.png', import.meta.url);
  writeFileSync(out, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  console.log(`wrote ${out.pathname}`);
} finally {
  await browser.close();
}
