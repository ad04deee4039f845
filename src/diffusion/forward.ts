/**
 * The forward (noising) process q on one image held in a plain Float32Array: pure arithmetic, no tfjs,
 * so the UI imports it, fast enough for instant scrubbing of t on the main thread. Its tensor twin for
 * the engine (batches, on the device) is forwardOps.ts.
 */
import type { Schedule } from './schedule';
import { validateTimestep } from './schedule';
import { gaussian } from './rng';

function checkLengths(a: Float32Array, b: Float32Array, names: string): void {
  if (a.length !== b.length) {
    throw new RangeError(`${names} must have the same length, got ${a.length} and ${b.length}`);
  }
}

function outputFor(n: number, out: Float32Array | undefined): Float32Array {
  if (out === undefined) return new Float32Array(n);
  if (out.length !== n) throw new RangeError(`out must have length ${n}, got ${out.length}`);
  return out;
}

/**
 * Samples q(x_t|x_0) in closed form (eq. 4): x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, for t ∈ [0, T].
 * At t = 0 it returns x_0 exactly (copied into `out`).
 */
export function qSampleArray(
  x0: Float32Array, eps: Float32Array, t: number, s: Schedule, out?: Float32Array,
): Float32Array {
  checkLengths(x0, eps, 'x0 and eps');
  validateTimestep(s, t, 0);
  const result = outputFor(x0.length, out);
  if (t === 0) {
    result.set(x0);
    return result;
  }
  const a = s.sqrtAlphaBars[t - 1];
  const b = s.sqrtOneMinusAlphaBars[t - 1];
  for (let k = 0; k < x0.length; k++) result[k] = a * x0[k] + b * eps[k];
  return result;
}

/**
 * One step of the forward chain, q(x_t|x_{t−1}) (eq. 2): x_t = √(1 − β_t) x_{t−1} + √β_t z, t ∈ [1, T].
 */
export function qStepArray(
  xPrev: Float32Array, z: Float32Array, t: number, s: Schedule, out?: Float32Array,
): Float32Array {
  checkLengths(xPrev, z, 'xPrev and z');
  validateTimestep(s, t, 1);
  const result = outputFor(xPrev.length, out);
  const beta = s.betas[t - 1];
  const a = Math.sqrt(1 - beta);
  const b = Math.sqrt(beta);
  for (let k = 0; k < xPrev.length; k++) result[k] = a * xPrev[k] + b * z[k];
  return result;
}

/**
 * Runs the forward chain step by step (eq. 2) from x_0 to x_t, drawing fresh noise z ~ N(0, I)
 * from the uniform source `rand` at every step. Its distribution equals q(x_t|x_0) of eq. 4.
 * t = 0 returns a copy of x_0.
 */
export function qChainArray(x0: Float32Array, t: number, s: Schedule, rand: () => number): Float32Array {
  validateTimestep(s, t, 0);
  const normal = gaussian(rand);
  let x = Float32Array.from(x0);
  let next = new Float32Array(x0.length);
  const z = new Float32Array(x0.length);
  for (let step = 1; step <= t; step++) {
    for (let k = 0; k < z.length; k++) z[k] = normal();
    qStepArray(x, z, step, s, next);
    [x, next] = [next, x];
  }
  return x;
}
