const SIDE = 28;
/**
 * File header (14 bytes), BITMAPINFOHEADER (40), a 256-entry grey palette (4 bytes each), and two
 * bytes of gap before the pixels (the header says where they start), so that the header is a whole
 * number of base64's 3-byte groups and its base64 is a prefix computed once.
 */
const PIXELS_AT = 14 + 40 + 256 * 4 + 2;
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

/** The grey levels of 28×28 values in the BMP's row order (bottom row first). */
function rows(pixels: Float32Array | null): Uint8Array {
  const bytes = new Uint8Array(SIDE * SIDE);
  for (let row = 0; row < SIDE; row++) {
    const at = (SIDE - 1 - row) * SIDE;
    for (let col = 0; col < SIDE; col++) bytes[at + col] = pixels ? toGrey(pixels[row * SIDE + col]) : PLACEHOLDER_GREY;
  }
  return bytes;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Every 12-bit value as its two base64 characters. */
const PAIRS = Array.from({ length: 4096 }, (_, n) => BASE64[n >> 6] + BASE64[n & 63]);

/** Standard base64, with padding (a grid of thumbnails encodes hundreds of these per update). */
export function base64(bytes: Uint8Array): string {
  const whole = bytes.length - (bytes.length % 3);
  let out = '';
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += PAIRS[n >> 12] + PAIRS[n & 4095];
  }
  if (bytes.length - whole === 1) out += PAIRS[bytes[whole] << 4] + '==';
  else if (bytes.length - whole === 2) {
    const n = (bytes[whole] << 10) | (bytes[whole + 1] << 2);
    out += PAIRS[n >> 6] + BASE64[n & 63] + '=';
  }
  return out;
}

const URL_HEAD = `data:image/bmp;base64,${base64(HEAD)}`;

/**
 * 28×28 values in [−1, 1] (clamped outside; null: a dark placeholder) as a data: URL of an 8-bit grey
 * BMP with the grey levels of `toGrey`, for an <img>. A BMP because it is written in a few lines,
 * without a canvas or compression, and every browser decodes it.
 */
export function digitDataUrl(pixels: Float32Array | null): string {
  return URL_HEAD + base64(rows(pixels));
}
