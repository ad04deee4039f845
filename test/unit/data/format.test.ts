import { describe, expect, test } from 'vitest';
// The encoder lives in the build script (the one place that writes the asset); the app only decodes.
import { encodeDigitSet, readMnistPackage } from '../../../scripts/prepare-data.mjs';
import { decodeDigitSet, DatasetFormatError, HEADER_BYTES } from '../../../src/data/format';
import { batchX0, digitX0, indicesByClass } from '../../../src/data/digits';

const real = readMnistPackage();
const asset: Uint8Array = encodeDigitSet(real);

describe('MNIST asset', () => {
  test('holds the 10,000 real digits of the mnist package with their labels', () => {
    const set = decodeDigitSet(asset);
    expect(set.count).toBe(10_000);
    expect([set.rows, set.cols]).toEqual([28, 28]);
    expect(asset.byteLength).toBe(HEADER_BYTES + 10_000 + 10_000 * 784);
    // Every class is present with the package's counts (1001 zeros, 1127 ones, ...).
    const perClass = new Array(10).fill(0);
    for (const l of set.labels) perClass[l]++;
    expect(perClass).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    // Real digits have ink: on average roughly a fifth of the 784 pixels are non-zero.
    let ink = 0;
    for (let i = 0; i < 100 * 784; i++) if (set.pixels[i] > 0) ink++;
    expect(ink / 100).toBeGreaterThan(80);
    expect(ink / 100).toBeLessThan(250);
  });

  test('x_0 batches lie in [−1, 1] with background at −1 and full ink at +1', () => {
    const set = decodeDigitSet(asset);
    const x = batchX0(set, [0, 1, 2]);
    expect(x.length).toBe(3 * 784);
    let min = Infinity;
    let max = -Infinity;
    for (const v of x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(-1);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
    expect(Array.from(digitX0(set, 1))).toEqual(Array.from(x.subarray(784, 2 * 784)));
    expect(() => digitX0(set, 10_000)).toThrow(RangeError);
  });

  test('indicesByClass picks the requested number of each label in label order', () => {
    const set = decodeDigitSet(asset);
    const idx = indicesByClass(set, 2);
    expect(idx.map((i) => set.labels[i])).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
  });

  test('rejects a truncated file with a clear message', () => {
    const cut = asset.slice(0, asset.byteLength - 1000);
    expect(() => decodeDigitSet(cut)).toThrow(DatasetFormatError);
    expect(() => decodeDigitSet(cut)).toThrow(/truncated.*7849016 bytes, expected 7850016/);
    expect(() => decodeDigitSet(asset.slice(0, 7))).toThrow(/too short/);
  });

  test('rejects a foreign file (wrong magic) with a clear message', () => {
    const foreign = asset.slice();
    foreign.set([0x89, 0x50, 0x4e, 0x47]); // a PNG's first bytes
    expect(() => decodeDigitSet(foreign)).toThrow(/not an MNIST asset.*found "\?PNG"/);
  });

  test('rejects wrong sizes and labels', () => {
    const tiny = { count: 1, rows: 28, cols: 28, labels: new Uint8Array([3]), pixels: new Uint8Array(784) };
    expect(decodeDigitSet(encodeDigitSet(tiny)).labels[0]).toBe(3);
    expect(() => decodeDigitSet(encodeDigitSet({ ...tiny, rows: 14, cols: 56 }))).toThrow(/Expected 28×28 digits, the file says 14×56/);
    expect(() => decodeDigitSet(encodeDigitSet({ ...tiny, labels: new Uint8Array([12]) }))).toThrow(/label 12/);
    const longer = new Uint8Array(encodeDigitSet(tiny).byteLength + 4);
    longer.set(encodeDigitSet(tiny));
    expect(() => decodeDigitSet(longer)).toThrow(/longer than its header says/);
  });
});
