/**
 * How the network sees the timestep t: a sinusoidal position encoding (Vaswani et al. 2017, §3.5;
 * Ho et al. 2020, Appendix B) followed by a small MLP.
 */
import * as tf from '@tensorflow/tfjs';
import { denseSpecs } from './params';
import { dense, silu } from './layers';
import { LABEL_ROWS, NULL_LABEL, type ParamGetter, type ParamSpec } from './types';

/** The time MLP widens the d-dimensional encoding to E = 4d, as in the DDPM reference network. */
export const TIME_EMBEDDING_MULT = 4;

/** Width E = 4d of the learned time embedding for a sinusoidal dimension d. */
export function timeEmbeddingDim(timeDim: number): number {
  return TIME_EMBEDDING_MULT * timeDim;
}

/** Throws unless d is an even integer ≥ 4 (so that d/2 − 1 ≥ 1 in the frequency formula). */
export function validateTimeDim(timeDim: number): void {
  if (!Number.isInteger(timeDim) || timeDim < 4 || timeDim % 2 !== 0) {
    throw new RangeError(`timeDim must be an even integer ≥ 4, got ${timeDim}`);
  }
}

/**
 * The d/2 angular frequencies ω_i = 10000^{−i/(d/2 − 1)}, i = 0 … d/2 − 1, from 1 down to 1/10000
 * (computed in float64, stored as float32).
 */
export function timestepFrequencies(timeDim: number): Float32Array {
  validateTimeDim(timeDim);
  const half = timeDim / 2;
  const out = new Float32Array(half);
  for (let i = 0; i < half; i++) out[i] = Math.exp((-Math.log(10000) * i) / (half - 1));
  return out;
}

/**
 * Sinusoidal embedding of timesteps t [B] → [B, d]:
 * emb(t) = [sin(t ω_0), …, sin(t ω_{d/2−1}), cos(t ω_0), …, cos(t ω_{d/2−1})],
 * ω_i = 10000^{−i/(d/2 − 1)} (the DDPM reference code's `get_timestep_embedding`). t is the paper's
 * integer timestep 1 … T, as a float tensor. The caller owns the result.
 */
export function sinusoidalEmbedding(t: tf.Tensor1D, timeDim: number): tf.Tensor2D {
  const frequencies = timestepFrequencies(timeDim);
  return tf.tidy(() => {
    const angles = tf.mul(tf.reshape(tf.cast(t, 'float32'), [-1, 1]), tf.tensor2d(frequencies, [1, frequencies.length]));
    return tf.concat([tf.sin(angles), tf.cos(angles)], 1) as tf.Tensor2D;
  });
}

/** Specs of the time MLP: 'time.dense0' d → 4d and 'time.dense1' 4d → 4d. */
export function timeMlpSpecs(timeDim: number): ParamSpec[] {
  const width = timeEmbeddingDim(timeDim);
  return [...denseSpecs('time.dense0', timeDim, width), ...denseSpecs('time.dense1', width, width)];
}

/**
 * The learned time embedding [B, 4d]: dense1(SiLU(dense0(emb(t)))), a 2-layer MLP with SiLU on the
 * sinusoidal embedding. Consumers apply SiLU before projecting it (as the DDPM network does).
 */
export function timeMlp(get: ParamGetter, t: tf.Tensor1D, timeDim: number): tf.Tensor2D {
  return tf.tidy(() => {
    const hidden = silu(dense(get, 'time.dense0', sinusoidalEmbedding(t, timeDim)));
    return dense(get, 'time.dense1', hidden);
  });
}

/**
 * Specs of what every block is told besides x_t: the time MLP and, for a conditional model, the label
 * embedding 'label.embedding' [11, 4d], N(0, 1) like torch.nn.Embedding.
 */
export function conditioningSpecs(config: { timeDim: number; conditional?: boolean }): ParamSpec[] {
  const specs = timeMlpSpecs(config.timeDim);
  if (config.conditional) {
    specs.push({ name: 'label.embedding', shape: [LABEL_ROWS, timeEmbeddingDim(config.timeDim)], init: { kind: 'normal', std: 1 } });
  }
  return specs;
}

/**
 * One-hot label rows [B, 11] for labels 0–9 or NULL_LABEL (10, "no label"), built on the CPU as
 * float32. The caller owns the result.
 */
export function labelRows(labels: ArrayLike<number>): tf.Tensor2D {
  const rows = new Float32Array(labels.length * LABEL_ROWS);
  for (let b = 0; b < labels.length; b++) {
    const y = labels[b];
    if (!Number.isInteger(y) || y < 0 || y > NULL_LABEL) throw new RangeError(`a label must be a digit 0–9 or ${NULL_LABEL} (no label), got ${y}`);
    rows[b * LABEL_ROWS + y] = 1;
  }
  return tf.tensor2d(rows, [labels.length, LABEL_ROWS]);
}

/**
 * The embedding every block sees, SiLU(timeMlp(t) + E_y) [B, 4d]: for a conditional model E_y is the
 * label's row of 'label.embedding' (y one-hot, ∅ when absent); for an unconditional one it is absent.
 */
export function conditioning(
  get: ParamGetter, config: { timeDim: number; conditional?: boolean }, t: tf.Tensor1D, y: tf.Tensor2D | undefined,
): tf.Tensor2D {
  return tf.tidy(() => {
    const time = timeMlp(get, t, config.timeDim);
    if (!config.conditional) return silu(time);
    const rows = y ?? labelRows(new Array<number>(t.shape[0]).fill(NULL_LABEL));
    return silu(tf.add(time, tf.matMul(rows, get('label.embedding'))));
  });
}
