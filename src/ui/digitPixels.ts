const SIDE = 28;
/** File header (14 bytes), BITMAPINFOHEADER (40), a 256-entry grey palette (4 bytes each). */
const PIXELS_AT = 14 + 40 + 256 * 4;
/** Rows of a BMP are padded to 4 bytes; 28 needs none. */
const BYTES = PIXELS_AT + SIDE * SIDE;

/** The grey level of a placeholder (no image yet). */
export const PLACEHOLDER_GREY = 40;

/** x ∈ [−1, 1] ↦ grey level 0…255 (−1 black background, +1 white ink), clamped outside. */
export function toGrey(x: number): number {
  const g = Math.round(((x + 1) / 2) * 255);
  return g <= 0 ? 0 : g > 255 ? 255 : g; // never −0
}

/** The header and palette, the same for every image. */
const HEAD = (() => {
  const bytes = new Uint8Array(PIXELS_AT);
  const v = new DataView(bytes.buffer);
  bytes[0] = 0x42; // 'B'
  bytes[1] = 0x4d; // 'M'
  v.setUint32(2, BYTES, true);
  v.setUint32(10, PIXELS_AT, true);
  v.setUint32(14, 40, true); // header size
  v.setInt32(18, SIDE, true); // width
  v.setInt32(22, SIDE, true); // height; positive: rows stored bottom-up
  v.setUint16(26, 1, true); // planes
  v.setUint16(28, 8, true); // bits per pixel: an index into the palette
  v.setUint32(30, 0, true); // no compression
  v.setUint32(34, SIDE * SIDE, true);
  v.setUint32(46, 256, true); // colours in the palette
  for (let g = 0; g < 256; g++) {
    const at = 54 + 4 * g; // blue, green, red, unused
    bytes[at] = g;
    bytes[at + 1] = g;
    bytes[at + 2] = g;
  }
  return bytes;
})();

/**
 * 28×28 values in [−1, 1] (clamped outside; null: a dark placeholder) as an 8-bit grey BMP with
 * the grey levels of `toGrey`. A BMP because it is written in a few lines, without a canvas or
 * compression, and every browser decodes it.
 */
export function digitBmp(pixels: Float32Array | null): Uint8Array {
  const bytes = new Uint8Array(BYTES);
  bytes.set(HEAD);
  for (let row = 0; row < SIDE; row++) {
    const at = PIXELS_AT + (SIDE - 1 - row) * SIDE;
    for (let col = 0; col < SIDE; col++) bytes[at + col] = pixels ? toGrey(pixels[row * SIDE + col]) : PLACEHOLDER_GREY;
  }
  return bytes;
}

/** `digitBmp` as a data: URL, for an <img>. */
export function digitDataUrl(pixels: Float32Array | null): string {
  const bytes = digitBmp(pixels);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x2000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return `data:image/bmp;base64,${btoa(binary)}`;
}
