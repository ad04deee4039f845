import { describe, expect, it } from 'vitest';
import { base64, digitDataUrl, PLACEHOLDER_GREY, toGrey } from '../../../src/ui/digitPixels';

const PREFIX = 'data:image/bmp;base64,';

/** The bytes of the image an <img> gets from `digitDataUrl`. */
function bmpOf(pixels: Float32Array | null): Uint8Array {
  const url = digitDataUrl(pixels);
  expect(url.startsWith(PREFIX)).toBe(true);
  return Uint8Array.from(atob(url.slice(PREFIX.length)), (c) => c.charCodeAt(0));
}

/** Read a BMP as the format defines it: the header's fields, the palette and the rows, bottom-up. */
function readBmp(bytes: Uint8Array) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = v.getInt32(18, true);
  const height = v.getInt32(22, true);
  const offset = v.getUint32(10, true);
  const grey: number[] = [];
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const index = bytes[offset + (height - 1 - row) * width + col];
      const entry = 54 + 4 * index;
      expect([bytes[entry], bytes[entry + 1], bytes[entry + 2]]).toEqual([index, index, index]);
      grey.push(index);
    }
  }
  return {
    magic: String.fromCharCode(bytes[0], bytes[1]),
    fileSize: v.getUint32(2, true),
    headerSize: v.getUint32(14, true),
    width,
    height,
    planes: v.getUint16(26, true),
    bitsPerPixel: v.getUint16(28, true),
    compression: v.getUint32(30, true),
    colours: v.getUint32(46, true),
    grey,
  };
}

describe('digit images as data: URLs of a BMP', () => {
  it('toGrey maps −1 to black, +1 to white, and clamps', () => {
    expect([toGrey(-1), toGrey(0), toGrey(1), toGrey(-3), toGrey(2)]).toEqual([0, 128, 255, 0, 255]);
  });

  it('a 28×28, 8-bit, uncompressed BMP whose pixels are toGrey of the values, row 0 at the top', () => {
    const pixels = new Float32Array(784);
    for (let i = 0; i < 784; i++) pixels[i] = Math.sin(i * 0.37) * 1.2; // some outside [−1, 1]
    pixels[0] = 1; // top-left white
    pixels[783] = -1; // bottom-right black
    const bytes = bmpOf(pixels);
    const bmp = readBmp(bytes);
    expect(bmp).toMatchObject({ magic: 'BM', fileSize: bytes.length, headerSize: 40, width: 28, height: 28, planes: 1, bitsPerPixel: 8, compression: 0, colours: 256 });
    expect(bytes.length).toBe(14 + 40 + 1024 + 2 + 784);
    expect(bmp.grey).toEqual(Array.from(pixels, toGrey));
    expect(bmp.grey[0]).toBe(255);
    expect(bmp.grey[783]).toBe(0);
  });

  it('no image is an even dark placeholder', () => {
    expect(new Set(readBmp(bmpOf(null)).grey)).toEqual(new Set([PLACEHOLDER_GREY]));
  });

  it('base64 agrees with Node for every length modulo 3', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 784, 1080]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
