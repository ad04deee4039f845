/**
 * A compact, URL-safe encoding of a 28×28 drawing with values in [−1, 1], so that a shared link
 * restores the learner's own x_0.
 *
 *   1. quantise each pixel to 16 levels: level = round((x + 1)/2 · 15) ∈ {0…15}, x = 2·level/15 − 1
 *   2. pack two pixels per byte, pixel 2k in the high nibble, pixel 2k+1 in the low nibble (392 bytes)
 *   3. base64url (RFC 4648 §5) without padding: 523 characters of [A-Za-z0-9_-]
 *
 * Decoding never throws: anything malformed yields null. Pure (no DOM, no tfjs).
 */

/** Side of a drawing in pixels (MNIST). */
export const DRAWING_SIDE = 28;
/** Number of pixels of a drawing, 28 · 28. */
export const DRAWING_PIXELS = DRAWING_SIDE * DRAWING_SIDE;
/** Quantisation levels per pixel (4 bits). */
export const DRAWING_LEVELS = 16;
/** Packed size in bytes: two 4-bit pixels per byte. */
export const DRAWING_BYTES = DRAWING_PIXELS / 2;
/** Length of an encoded drawing: ⌈392 · 8 / 6⌉ = 523 base64url characters. */
export const DRAWING_ENCODED_LENGTH = Math.ceil((DRAWING_BYTES * 8) / 6);
/** Pixels above this value count as ink for `isBlank`. */
export const BLANK_THRESHOLD = -0.9;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** char code ↦ 6-bit value, −1 for characters outside base64url */
const DECODE_TABLE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** x ∈ [−1, 1] ↦ level round((x + 1)/2 · 15) ∈ {0…15}; clamped outside, NaN ↦ 0. */
export function quantiseLevel(x: number): number {
  const level = Math.round(((x + 1) / 2) * (DRAWING_LEVELS - 1));
  if (!(level > 0)) return 0; // also catches NaN
  return level > DRAWING_LEVELS - 1 ? DRAWING_LEVELS - 1 : level;
}

/** Level ∈ {0…15} ↦ x = 2·level/15 − 1 ∈ [−1, 1]. */
export function levelValue(level: number): number {
  return (2 * level) / (DRAWING_LEVELS - 1) - 1;
}

/** Encode a 784-pixel drawing as 523 base64url characters (4 bits per pixel). */
export function encodeDrawing(pixels: Float32Array): string {
  if (pixels.length !== DRAWING_PIXELS) {
    throw new RangeError(`A drawing has ${DRAWING_PIXELS} pixels (28×28), got ${pixels.length}`);
  }
  // 1–2. quantise and pack two pixels per byte
  const bytes = new Uint8Array(DRAWING_BYTES);
  for (let k = 0; k < DRAWING_BYTES; k++) {
    bytes[k] = (quantiseLevel(pixels[2 * k]) << 4) | quantiseLevel(pixels[2 * k + 1]);
  }
  // 3. base64url without padding
  return toBase64Url(bytes);
}

/** Decode `encodeDrawing`'s output; null (never a throw) for anything malformed. */
export function decodeDrawing(s: string): Float32Array | null {
  if (typeof s !== 'string' || s.length !== DRAWING_ENCODED_LENGTH) return null;
  const bytes = fromBase64Url(s, DRAWING_BYTES);
  if (!bytes) return null;
  const pixels = new Float32Array(DRAWING_PIXELS);
  for (let k = 0; k < DRAWING_BYTES; k++) {
    pixels[2 * k] = levelValue(bytes[k] >> 4);
    pixels[2 * k + 1] = levelValue(bytes[k] & 0x0f);
  }
  return pixels;
}

/** True when no pixel is above −0.9 (nothing drawn yet). */
export function isBlank(pixels: Float32Array): boolean {
  const threshold = Math.fround(BLANK_THRESHOLD); // a stored −0.9 is −0.8999999762 in float32
  for (let i = 0; i < pixels.length; i++) if (pixels[i] > threshold) return false;
  return true;
}

/** A new all-background drawing (every pixel −1). */
export function blankDrawing(): Float32Array {
  return new Float32Array(DRAWING_PIXELS).fill(-1);
}

function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let k = 0;
  for (; k + 3 <= bytes.length; k += 3) {
    const n = (bytes[k] << 16) | (bytes[k + 1] << 8) | bytes[k + 2];
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - k;
  if (rest === 1) {
    const n = bytes[k] << 16;
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[k] << 16) | (bytes[k + 1] << 8);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/**
 * Strict unpadded base64url ↦ exactly `byteLength` bytes, or null on a wrong length, a character
 * outside the alphabet, or non-zero trailing bits (so every drawing has exactly one encoding).
 */
function fromBase64Url(s: string, byteLength: number): Uint8Array | null {
  if (s.length !== Math.ceil((byteLength * 8) / 6)) return null;
  const bytes = new Uint8Array(byteLength);
  let acc = 0;
  let bits = 0;
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? DECODE_TABLE[c] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (k < byteLength) bytes[k++] = (acc >> bits) & 0xff;
    }
  }
  if (k !== byteLength) return null;
  if ((acc & ((1 << bits) - 1)) !== 0) return null;
  return bytes;
}

/**
 * The brush of the drawing pad, in 28-px units: full ink within `core` of the stroke's centre line,
 * a smooth falloff to nothing at `outer`. Half intensity at 1.25 px from the centre, so a stroke is
 * about 2.5 px wide with antialiased edges, like MNIST's pen strokes.
 */
export const BRUSH = { core: 0.75, outer: 1.75 } as const;

/** Ink of the brush at distance d from the stroke's centre line: 1 inside the core, smoothstep to 0 at the rim. */
export function brushFalloff(d: number): number {
  if (d <= BRUSH.core) return 1;
  if (d >= BRUSH.outer) return 0;
  const u = (BRUSH.outer - d) / (BRUSH.outer - BRUSH.core); // 1 at the core, 0 at the rim
  return u * u * (3 - 2 * u);
}

/**
 * Add ink along the segment (ax, ay)–(bx, by) in place, in 28-px units (pixel (i, j) covers
 * [i, i+1) × [j, j+1); its centre is (i + ½, j + ½)). Each pixel's ink (x + 1)/2 becomes
 * max(ink, falloff(distance to the segment)), so strokes are continuous however fast the pointer
 * moved, overlapping strokes never darken, and values stay in [−1, 1]. A zero-length segment is a dot.
 * Returns whether any pixel changed.
 */
export function strokeSegment(pixels: Float32Array, ax: number, ay: number, bx: number, by: number): boolean {
  if (![ax, ay, bx, by].every(Number.isFinite)) return false;
  // 1. the pixels the capsule can touch
  const r = BRUSH.outer;
  const i0 = Math.max(0, Math.floor(Math.min(ax, bx) - r));
  const i1 = Math.min(DRAWING_SIDE - 1, Math.floor(Math.max(ax, bx) + r));
  const j0 = Math.max(0, Math.floor(Math.min(ay, by) - r));
  const j1 = Math.min(DRAWING_SIDE - 1, Math.floor(Math.max(ay, by) + r));
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let changed = false;
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      // 2. distance from the pixel centre to the segment
      const px = i + 0.5 - ax;
      const py = j + 0.5 - ay;
      const s = len2 > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / len2)) : 0;
      const ex = px - s * dx;
      const ey = py - s * dy;
      const ink = brushFalloff(Math.sqrt(ex * ex + ey * ey));
      if (ink <= 0) continue;
      // 3. ink = max(ink, falloff), written back as x = 2·ink − 1 ∈ [−1, 1]
      const k = j * DRAWING_SIDE + i;
      const x = Math.min(1, 2 * ink - 1);
      if (x > pixels[k]) {
        pixels[k] = x;
        changed = true;
      }
    }
  }
  return changed;
}
