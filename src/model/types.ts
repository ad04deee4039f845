/**
 * The common interface of the noise-prediction networks ε_θ(x_t, t) (Ho et al. 2020, eqs. 11, 14).
 *
 * Every model is built from raw tf.Variables (no tf.layers), listed in a fixed order with stable names,
 * so the same forward pass can run with the live weights or with any other list of tensors of the same
 * shapes (the EMA copy, a checkpoint being previewed).
 */
import type * as tf from '@tensorflow/tfjs';

/** The two architectures the explorable offers. */
export type ModelKind = 'mlp' | 'unet';

/** The notes' fully connected `DenoisingModel`: 784 pixels + time embedding → `depth` SiLU layers → 784. */
export interface MlpConfig {
  kind: 'mlp';
  /** Width of every hidden layer. */
  hidden: number;
  /** Number of hidden dense layers (≥ 1). */
  depth: number;
  /** Dimension d of the sinusoidal embedding of t (even, ≥ 4); its MLP widens it to 4d. */
  timeDim: number;
  /** Conditioned on the digit (see Conditioning); absent or false: unconditional. */
  conditional?: boolean;
}

/** A small U-Net 28×28 → 14×14 → 7×7 and back, with residual blocks and GroupNorm. */
export interface UnetConfig {
  kind: 'unet';
  /** Channels after the first convolution; level l has baseChannels · channelMults[l]. */
  baseChannels: number;
  /** One multiplier per resolution level (1 to 3 levels: 28, 14, 7). */
  channelMults: number[];
  /** Number of GroupNorm groups; must divide every level's channel count. */
  groups: number;
  /** Dimension d of the sinusoidal embedding of t (even, ≥ 4); its MLP widens it to 4d. */
  timeDim: number;
  /** Conditioned on the digit (see Conditioning); absent or false: unconditional. */
  conditional?: boolean;
}

/**
 * Class conditioning (Ho & Salimans 2022): a conditional model has one more parameter,
 * 'label.embedding' [11, 4d], whose row y (digits 0–9, row 10 for "no label" ∅) is added to the
 * learned time embedding. Labels reach the network as one-hot rows [B, 11] (labelRows), so the
 * lookup is a matrix product that every backend differentiates, with no integer tensors.
 */
export const NUM_CLASSES = 10;
/** The label "no label" (∅): the unconditional prediction ε_θ(x_t, t, ∅). */
export const NULL_LABEL = NUM_CLASSES;
/** Rows of the label embedding: the ten digits and ∅. */
export const LABEL_ROWS = NUM_CLASSES + 1;

/** Either architecture's configuration. */
export type ModelConfig = MlpConfig | UnetConfig;

/** How a parameter is initialised. */
export type ParamInit =
  /** N(0, std²), drawn from a seeded generator. */
  | { kind: 'normal'; std: number }
  | { kind: 'zeros' }
  | { kind: 'ones' };

/** Name, shape and initialiser of one parameter; computing these needs no tensors. */
export interface ParamSpec {
  name: string;
  shape: number[];
  init: ParamInit;
}

/** One named trainable parameter of a model. */
export interface NamedParam {
  name: string;
  variable: tf.Variable;
}

/** Looks a parameter up by name during a forward pass (the live variable or a substitute tensor). */
export type ParamGetter = (name: string) => tf.Tensor;

/** The network ε_θ(x_t, t) that predicts the noise ε in x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (eqs. 4, 11). */
export interface Denoiser {
  config: ModelConfig;
  /** Ordered, named parameters (names like 'down0.res0.conv1.kernel'). */
  params: NamedParam[];
  /**
   * ε_θ(x_t, t[, y]): x_t [B, 28, 28, 1], t [B] float timesteps 1 … T → [B, 28, 28, 1]. `weights`, in
   * the order of `params`, default to the live variables. `y`, one-hot labels [B, 11] (labelRows), is
   * for conditional models only, where it defaults to ∅. The caller owns the result.
   */
  apply(xt: tf.Tensor4D, t: tf.Tensor1D, weights?: tf.Tensor[], y?: tf.Tensor2D): tf.Tensor4D;
  /** Total number of scalar parameters. */
  paramCount: number;
  /** Disposes every variable of the model. */
  dispose(): void;
}

/** The notes' MLP, which also works on flattened images as the notes' `xt.view(-1, 28*28)`. */
export interface MlpDenoiser extends Denoiser {
  config: MlpConfig;
  /** ε_θ on flattened images: x_t [B, 784], t [B] → [B, 784]. The caller owns the result. */
  applyFlat(xt: tf.Tensor2D, t: tf.Tensor1D, weights?: tf.Tensor[], y?: tf.Tensor2D): tf.Tensor2D;
}

/** Side of the square MNIST images. */
export const IMAGE_SIZE = 28;
/** Pixels per image, D = 28 · 28 = 784. */
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;
