/**
 * The trainer's optimiser arithmetic: global-norm clipping, Adam and the exponential moving average
 * of the weights, on one flat vector of all parameters instead of one tensor per parameter.
 *
 * Speed: the arithmetic is that of tf.train.adam and a per-tensor EMA, but a step of the U-Net issues
 * about 250 GPU dispatches for them instead of about 2,300 (14 per parameter tensor for Adam, 3 for
 * the EMA, 4 for the clipping, over 106 tensors). See scripts/bench.mjs.
 */
import * as tf from '@tensorflow/tfjs';

/** Adam's β₁ (that of tf.train.adam and of the paper's code). */
export const ADAM_BETA1 = 0.9;
/** Adam's β₂ (that of tf.train.adam and of the paper's code). */
export const ADAM_BETA2 = 0.999;

/**
 * Adam's ε̂: 1e-7, what tf.train.adam uses on float32 backends (and the reference trainer). Not
 * tf.backend().epsilon(): tfjs 4.22's WebGL backend answers 1e-4 exactly when its textures are float32
 * (its floatPrecision() tests the flag the wrong way round), which changed every update where √v̂ is
 * small (found by the browser parity test, test/e2e/parity.test.mjs). Only half-float WebGL, where
 * 1e-7 would round to zero, gets 1e-4.
 */
export function adamEpsilon(): number {
  return tf.getBackend() === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 1e-4 : 1e-7;
}

/**
 * Effective EMA decay after n updates (n ≥ 1, counting the current one):
 * d_eff = min(d, (1 + n)/(10 + n)). Early on the average forgets the random initial weights quickly
 * (0.18 at n = 1, 0.5 at n = 8, 0.9 at n = 80); from n ≈ 9000 on d_eff = 0.999.
 */
export function emaDecayAt(decay: number, n: number): number {
  return Math.min(decay, (1 + n) / (10 + n));
}

/** Tensors laid end to end as one vector, in order (call inside tf.tidy). */
export function concatFlat(tensors: tf.Tensor[]): tf.Tensor1D {
  return tf.concat(tensors.map((x) => tf.reshape(x, [-1]))) as tf.Tensor1D;
}

/**
 * Rescales gradients g_i by min(1, c / ‖g‖), with ‖g‖ = √(Σ_i ‖g_i‖²) the global norm over all of
 * them, so that the update direction is kept and its norm is at most c. The caller owns the results.
 * This is the per-tensor form, for references to compare the flat update with.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], clipNorm: number): tf.Tensor[] {
  return tf.tidy(() => {
    if (clipNorm === Infinity) return grads.map((g) => tf.clone(g));
    // tf.stack, not tf.addN: WebGPU's AddN binds every input at once and fails beyond the device's
    // storage-buffer limit (8 on many adapters), while concatenation splits long lists
    const globalNorm = tf.sqrt(tf.sum(tf.stack(grads.map((g) => tf.sum(tf.square(g))))));
    const scale = tf.div(clipNorm, tf.maximum(globalNorm, clipNorm));
    return grads.map((g) => tf.mul(g, scale));
  });
}

/** Adam's moments, the weights and their EMA, each one flat vector [P] in the order of the parameters. */
export interface FlatAdamState {
  /** Adam's first moment m. */
  m: tf.Tensor;
  /** Adam's second moment v. */
  v: tf.Tensor;
  /** The weights θ. */
  theta: tf.Tensor;
  /** The EMA of the weights, or null when none is kept. */
  ema: tf.Tensor | null;
}

/** The settings of one update. */
export interface FlatAdamSettings {
  /** Adam's step size. */
  learningRate: number;
  /** Threshold c of the global gradient norm (Infinity disables clipping). */
  clipNorm: number;
  /** Adam steps since its moments were zeroed, counting this one (its bias correction), n ≥ 1. */
  n: number;
  /** The EMA decay of this update, d_eff (see emaDecayAt); unused when no EMA is kept. */
  emaDecay: number;
}

/**
 * Clipping, Adam and the EMA on the flat gradient g [P] (call inside tf.tidy), as tf.train.adam
 * computes them per tensor: g ← g · min(1, c/‖g‖); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
 * θ ← θ − lr · m̂/(√v̂ + ε̂) with m̂ = m/(1 − β₁ⁿ), v̂ = v/(1 − β₂ⁿ); then
 * ema ← d_eff · ema + (1 − d_eff) · θ. Returns the new values without assigning them.
 */
export function flatAdamUpdate(flatGrad: tf.Tensor1D, state: FlatAdamState, settings: FlatAdamSettings): FlatAdamState {
  const { learningRate, clipNorm, n, emaDecay: d } = settings;
  // 1. clip by the global norm ‖g‖ over all parameters
  const g = clipNorm === Infinity ? flatGrad : tf.mul(flatGrad, tf.div(clipNorm, tf.maximum(tf.sqrt(tf.sum(tf.square(flatGrad))), clipNorm)));
  // 2. moments, in tf.train.adam's order of operations
  const m = tf.add(tf.mul(state.m, ADAM_BETA1), tf.mul(g, 1 - ADAM_BETA1));
  const v = tf.add(tf.mul(state.v, ADAM_BETA2), tf.mul(tf.square(g), 1 - ADAM_BETA2));
  // 3. bias-corrected step
  const mHat = tf.div(m, 1 - ADAM_BETA1 ** n);
  const vHat = tf.div(v, 1 - ADAM_BETA2 ** n);
  const theta = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), adamEpsilon())), -learningRate), state.theta);
  // 4. EMA: ema ← d_eff · ema + (1 − d_eff) · θ
  const ema = state.ema === null ? null : tf.add(tf.mul(state.ema, d), tf.mul(theta, 1 - d));
  return { m, v, theta, ema };
}
