import { describe, expect, test } from 'vitest';
import {
  DRAWING_ENCODED_LENGTH,
  DRAWING_PIXELS,
  BRUSH,
  blankDrawing,
  brushFalloff,
  strokeSegment,
  decodeDrawing,
  encodeDrawing,
  isBlank,
  levelValue,
  quantiseLevel,
} from '../../../src/state/drawing';

/** A deterministic pseudo-random drawing in [−1, 1] (mulberry32). */
function randomDrawing(seed: number): Float32Array {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const x = new Float32Array(DRAWING_PIXELS);
  for (let i = 0; i < x.length; i++) x[i] = next() * 2 - 1;
  return x;
}

describe('drawing encoding', () => {
  test('has the documented size: 392 bytes as 523 base64url characters', () => {
    expect(DRAWING_ENCODED_LENGTH).toBe(523);
    const s = encodeDrawing(randomDrawing(1));
    expect(s).toMatch(/^[A-Za-z0-9_-]{523}$/);
    expect(encodeDrawing(blankDrawing())).toMatch(/^[A-Za-z0-9_-]{523}$/);
  });

  test('round trip is within one quantisation step (1/15 of the half-range) per pixel', () => {
    for (const seed of [1, 2, 3, 42]) {
      const x = randomDrawing(seed);
      const y = decodeDrawing(encodeDrawing(x));
      expect(y).not.toBeNull();
      let worst = 0;
      for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y![i]));
      expect(worst).toBeLessThanOrEqual(1 / 15 + 1e-6);
    }
  });

  test('the 16 levels round-trip exactly, in every pixel position', () => {
    const x = new Float32Array(DRAWING_PIXELS);
    for (let i = 0; i < x.length; i++) x[i] = levelValue((i * 7) % 16);
    const y = decodeDrawing(encodeDrawing(x))!;
    for (let i = 0; i < x.length; i++) expect(y[i]).toBe(x[i]);
    for (let level = 0; level < 16; level++) expect(quantiseLevel(levelValue(level))).toBe(level);
    expect(levelValue(0)).toBe(-1);
    expect(levelValue(15)).toBe(1);
  });

  test('encoding is stable: decode ∘ encode is idempotent on its output', () => {
    const s = encodeDrawing(randomDrawing(7));
    expect(encodeDrawing(decodeDrawing(s)!)).toBe(s);
  });

  test('clamps values outside [−1, 1] and NaN', () => {
    const x = blankDrawing();
    x[0] = 5;
    x[1] = -5;
    x[2] = Number.NaN;
    const y = decodeDrawing(encodeDrawing(x))!;
    expect([y[0], y[1], y[2]]).toEqual([1, -1, -1]);
  });

  test('rejects a drawing of the wrong size', () => {
    expect(() => encodeDrawing(new Float32Array(10))).toThrow(RangeError);
  });

  test('malformed input decodes to null, never throws', () => {
    const good = encodeDrawing(randomDrawing(3));
    const bad: unknown[] = [
      '',
      '<script>alert(1)</script>',
      good.slice(1),
      good + 'A',
      good.slice(0, 522) + '=',
      good.slice(0, 100) + '+' + good.slice(101),
      good.slice(0, 100) + '/' + good.slice(101),
      good.slice(0, 100) + ' ' + good.slice(101),
      good.slice(0, 100) + 'é' + good.slice(101),
      '<'.repeat(523),
      'A'.repeat(100_000),
      good.repeat(3),
      null,
      undefined,
      42,
    ];
    for (const s of bad) expect(decodeDrawing(s as string)).toBeNull();
  });

  test('rejects non-zero trailing bits (one encoding per drawing)', () => {
    const good = encodeDrawing(blankDrawing()); // all zero bytes: "AAA…A"
    expect(good).toBe('A'.repeat(523));
    expect(decodeDrawing(good.slice(0, 522) + 'B')).toBeNull();
    expect(decodeDrawing(good.slice(0, 522) + 'E')).not.toBeNull();
  });
});

describe('isBlank', () => {
  test('all −1 is blank; a single pixel above −0.9 is not', () => {
    const x = blankDrawing();
    expect(isBlank(x)).toBe(true);
    x[400] = -0.9;
    expect(isBlank(x)).toBe(true);
    x[400] = -0.89;
    expect(isBlank(x)).toBe(false);
  });
});

describe('brush strokes', () => {
  test('a dot is round, solid in the middle, about 2–2.5 px wide, soft at the rim', () => {
    const x = blankDrawing();
    expect(strokeSegment(x, 14, 14, 14, 14)).toBe(true);
    // the four pixels around the point (14, 14) are full ink
    for (const k of [13 * 28 + 13, 13 * 28 + 14, 14 * 28 + 13, 14 * 28 + 14]) expect(x[k]).toBe(1);
    // half-maximum width along a row through the centre
    const row = Array.from(x.subarray(13 * 28, 14 * 28), (v) => (v + 1) / 2);
    const above = row.filter((v) => v >= 0.5).length;
    expect(above).toBeGreaterThanOrEqual(2);
    expect(above).toBeLessThanOrEqual(3);
    // some grey antialiasing, and nothing far away
    expect(row.some((v) => v > 0.02 && v < 0.98)).toBe(true);
    expect(x[13 * 28 + 9]).toBe(-1);
    expect(x[5 * 28 + 14]).toBe(-1);
  });

  test('a fast stroke is continuous between its end points', () => {
    const x = blankDrawing();
    strokeSegment(x, 2, 3, 26, 25);
    for (let t = 0; t <= 1; t += 0.01) {
      const i = Math.floor(2 + 24 * t);
      const j = Math.floor(3 + 22 * t);
      expect((x[j * 28 + i] + 1) / 2).toBeGreaterThan(0.6);
    }
  });

  test('values stay in [−1, 1], overlap never exceeds full ink, off-canvas strokes are clipped', () => {
    const x = blankDrawing();
    for (let n = 0; n < 5; n++) strokeSegment(x, 4, 4, 24, 20);
    strokeSegment(x, -10, -10, 40, 40);
    strokeSegment(x, -50, -50, -40, -40);
    strokeSegment(x, Number.NaN, 0, 3, 3);
    for (const v of x) {
      expect(v).toBeGreaterThanOrEqual(-1);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(brushFalloff(0)).toBe(1);
    expect(brushFalloff(BRUSH.outer)).toBe(0);
  });
});
