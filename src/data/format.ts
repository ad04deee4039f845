/**
 * The compact MNIST asset: a 16-byte little-endian header, then `count` labels (uint8), then
 * `count · rows · cols` pixels (uint8, 0 = background, 255 = ink).
 *
 *   bytes 0–3   magic "DDMN"
 *   bytes 4–5   format version (1)
 *   bytes 6–7   rows
 *   bytes 8–9   cols
 *   bytes 10–11 reserved (0)
 *   bytes 12–15 count
 *
 * Written by scripts/prepare-data.mjs (`encodeDigitSet`) at install/build time; read in the browser by
 * loader.ts through `decodeDigitSet` below. This file is pure (no DOM, no tfjs).
 */
export const MAGIC = 'DDMN';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 16;

export interface DigitSet {
  count: number;
  rows: number;
  cols: number;
  /** labels[i] ∈ 0…9 */
  labels: Uint8Array;
  /** pixels of digit i at [i·rows·cols, (i+1)·rows·cols), row-major, 0…255 */
  pixels: Uint8Array;
}

/** A malformed or foreign dataset file; the message says what is wrong in words a user can act on. */
export class DatasetFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetFormatError';
  }
}

/** Parse and validate the asset; throws DatasetFormatError with a clear reason on any mismatch. */
export function decodeDigitSet(buffer: ArrayBuffer | Uint8Array): DigitSet {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  // 1. The header must be there and carry our magic and version.
  if (bytes.byteLength < HEADER_BYTES) {
    throw new DatasetFormatError(
      `The dataset file is too short (${bytes.byteLength} bytes; the header alone is ${HEADER_BYTES}). It was probably cut off while downloading.`,
    );
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MAGIC) {
    throw new DatasetFormatError(
      `This is not an MNIST asset of this app (expected magic "${MAGIC}", found "${printable(magic)}"). Rebuild it with "npm run prepare-data".`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== FORMAT_VERSION) {
    throw new DatasetFormatError(`Unsupported dataset format version ${version} (this app reads version ${FORMAT_VERSION}).`);
  }
  const rows = view.getUint16(6, true);
  const cols = view.getUint16(8, true);
  const count = view.getUint32(12, true);
  // 2. Sizes must be those of MNIST-like digits.
  if (rows !== 28 || cols !== 28) {
    throw new DatasetFormatError(`Expected 28×28 digits, the file says ${rows}×${cols}.`);
  }
  if (count < 1) throw new DatasetFormatError('The dataset file holds no digits.');
  // 3. The byte length must match the header exactly.
  const expected = HEADER_BYTES + count + count * rows * cols;
  if (bytes.byteLength !== expected) {
    const what = bytes.byteLength < expected ? 'truncated' : 'longer than its header says';
    throw new DatasetFormatError(
      `The dataset file is ${what}: ${bytes.byteLength} bytes, expected ${expected} for ${count} digits of ${rows}×${cols}.`,
    );
  }
  const labels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + count);
  for (let i = 0; i < count; i++) {
    if (labels[i] > 9) throw new DatasetFormatError(`Digit ${i} has label ${labels[i]}; labels must be 0–9.`);
  }
  const pixels = bytes.subarray(HEADER_BYTES + count);
  return { count, rows, cols, labels, pixels };
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
