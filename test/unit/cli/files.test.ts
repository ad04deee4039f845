import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodeGreyPng } from '../../../src/cli/png';
import { encodeNpyFloat32 } from '../../../src/cli/npy';
import { tileImages } from '../../../src/cli/grid';

/** Splits PNG bytes into chunks, checking each CRC. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

describe('PNG encoder', () => {
  it('CRC-32 matches the standard check value', () => {
    // the CRC-32 of the ASCII digits "123456789" is 0xCBF43926 (ISO 3309 / ITU-T V.42)
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  it('writes IHDR, IDAT and IEND whose scanlines decode back to the pixels', () => {
    const pixels = Uint8Array.from({ length: 5 * 3 }, (_, i) => i * 17);
    const parts = chunks(encodeGreyPng(pixels, 5, 3));
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = parts[0].data;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9], ihdr[10], ihdr[11], ihdr[12]]).toEqual([5, 3, 8, 0, 0, 0, 0]);
    const rows = inflateSync(parts[1].data);
    expect(rows.length).toBe(3 * 6);
    for (let y = 0; y < 3; y++) {
      expect(rows[y * 6]).toBe(0); // filter type none
      expect([...rows.subarray(y * 6 + 1, y * 6 + 6)]).toEqual([...pixels.subarray(y * 5, y * 5 + 5)]);
    }
  });
  it('refuses a pixel count that does not match the size', () => {
    expect(() => encodeGreyPng(new Uint8Array(10), 4, 3)).toThrow(/expected 4 × 3 pixels, got 10/);
  });
});

describe('.npy writer', () => {
  it('writes version 1.0 with a 64-byte-aligned header and the float32 values', () => {
    const values = Float32Array.from([0, 0.5, 1, -2, 3.25, 1e-3]);
    const npy = encodeNpyFloat32(values, [2, 3]);
    expect([...npy.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = npy.readUInt16LE(8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = npy.toString('latin1', 10, 10 + headerLength);
    expect(header.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    expect(header.endsWith('\n')).toBe(true);
    const data = npy.subarray(10 + headerLength);
    expect(Array.from({ length: 6 }, (_, i) => data.readFloatLE(4 * i))).toEqual([...values]);
  });
  it('writes a one-dimensional shape as a Python 1-tuple', () => {
    const header = encodeNpyFloat32(new Float32Array(4), [4]).toString('latin1', 10, 74);
    expect(header).toContain("'shape': (4,)");
  });
  it('refuses a shape that does not hold the values', () => {
    expect(() => encodeNpyFloat32(new Float32Array(5), [2, 3])).toThrow(/holds 6 values, got 5/);
  });
});

describe('image grid', () => {
  it('places image i at row ⌊i/c⌋, column i mod c, scaled, with grey gaps', () => {
    const images = new Float32Array(3 * 784);
    images[784 + 0] = 1; // image 1, pixel (0, 0)
    images[2 * 784 + 27 * 28 + 27] = 0.25; // image 2, pixel (27, 27)
    const { pixels, width, height } = tileImages(images, { columns: 2, gap: 1, scale: 2 });
    expect([width, height]).toEqual([2 * 56 + 3, 2 * 56 + 3]);
    expect(pixels[0]).toBe(128); // the gap
    expect(pixels[1 * width + 1]).toBe(0); // image 0 is black
    // image 1 at column 1: its pixel (0, 0) covers 2 × 2 pixels
    const left1 = 1 + 56 + 1;
    for (const [dy, dx] of [[0, 0], [0, 1], [1, 0], [1, 1]]) expect(pixels[(1 + dy) * width + left1 + dx]).toBe(255);
    expect(pixels[1 * width + left1 + 2]).toBe(0);
    // image 2 at row 1, column 0: its last pixel
    const top2 = 1 + 56 + 1;
    expect(pixels[(top2 + 55) * width + 1 + 55]).toBe(64);
    expect(pixels[(top2 + 54) * width + 1 + 54]).toBe(64);
    expect(pixels[(top2 + 53) * width + 1 + 53]).toBe(0);
    // the empty fourth cell stays grey
    expect(pixels[(top2 + 10) * width + left1 + 10]).toBe(128);
  });
});
