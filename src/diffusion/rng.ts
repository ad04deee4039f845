/**
 * A small seeded pseudo-random generator for reproducible noise on plain arrays (no tfjs).
 */

/** Mulberry32's increment of its 32-bit state per draw. */
export const MULBERRY32_STEP = 0x6d2b79f5;

/**
 * Mulberry32's output for a state (after the increment): a signed 32-bit integer. The one place the
 * generator's mixing is written; mulberry32 and the histogram's ziggurat (pixelDraws.ts) both use it.
 */
export function mulberry32Mix(state: number): number {
  let z = Math.imul(state ^ (state >>> 15), state | 1);
  z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
  return z ^ (z >>> 14);
}

/**
 * Mulberry32: a 32-bit seeded PRNG. Returns a function giving uniform numbers in [0, 1).
 * The seed is reduced to an unsigned 32-bit integer.
 */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + MULBERRY32_STEP) | 0;
    return (mulberry32Mix(state) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal samples N(0, 1) from a uniform source by the Box–Muller transform:
 * z₁ = √(−2 ln u₁) cos(2π u₂), z₂ = √(−2 ln u₁) sin(2π u₂). The second value is cached
 * for the next call; u₁ is drawn from (0, 1] so ln(0) never happens.
 */
export function gaussian(rand: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const u1 = 1 - rand(); // in (0, 1]
    const u2 = rand();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** Fills `out` with independent N(0, 1) samples from a generator seeded with `seed`; returns `out`. */
export function fillGaussian(out: Float32Array, seed: number): Float32Array {
  const normal = gaussian(mulberry32(seed));
  for (let i = 0; i < out.length; i++) out[i] = normal();
  return out;
}
