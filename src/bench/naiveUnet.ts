/**
 * "The naive way": the same small DDPM U-Net as src/model/unet.ts (Ho et al. 2020, Appendix B),
 * written as a tutorial would, as a functional tf.layers model, and trained by Algorithm 1 with a
 * loss read back on every step. It exists only to be measured against our own network and trainer.
 *
 * Layers are named after our parameter prefixes ('down0.res0.conv1', 'mid.res1.norm2', …) so that the
 * weights of a createUnet model can be copied in (loadDenoiserWeights) for a like-for-like comparison.
 */
import * as tf from '@tensorflow/tfjs';
import type { Schedule } from '../diffusion/schedule';
import { qSample } from '../diffusion/forwardOps';
import { lossSimple } from '../diffusion/loss';
import { mulberry32 } from '../diffusion/rng';
import { clipByGlobalNorm, emaDecayAt } from '../engine/flatAdam';
import { GROUP_NORM_EPSILON, groupNorm } from '../model/groupNorm';
import { sinusoidalEmbedding, timeEmbeddingDim } from '../model/timeEmbedding';
import { levelChannels, validateUnetConfig } from '../model/unet';
import { IMAGE_SIZE, type NamedParam, type UnetConfig } from '../model/types';

/** As in unet.ts: residual blocks in the middle. */
const MID_BLOCKS = 2;

/** The one tensor of a single-input layer call. */
function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

/** The one shape of a single-input layer, [null, …] (a list of shapes holds arrays, a shape does not). */
function singleShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
  return Array.isArray(shape[0]) ? shape[0] : (shape as tf.Shape);
}

/**
 * GroupNorm (Wu & He 2018) as a layer, y = γ_c (x − μ_g)/√(σ_g² + ε) + β_c, with ε = 1e-5 and the same
 * op as model/groupNorm.ts; tfjs has no such layer.
 */
class GroupNormalization extends tf.layers.Layer {
  static className = 'GroupNormalization';
  private readonly groups: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: { groups: number; name: string }) {
    super(args);
    this.groups = args.groups;
  }

  /** γ, β ∈ ℝ^C, with C the last axis of the input. */
  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    const channels = shape[shape.length - 1] as number;
    this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  /** GN_{γ,β}(x) on x [B, H, W, C]. */
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (this.gamma === null || this.beta === null) throw new Error('GroupNormalization used before build');
    return groupNorm(single(inputs) as tf.Tensor4D, this.gamma.read(), this.beta.read(), this.groups, GROUP_NORM_EPSILON);
  }

  /** The layer's configuration plus G. */
  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), groups: this.groups };
  }
}

/** The sinusoidal encoding of t [B, 1] → [B, d] of model/timeEmbedding.ts as a weightless layer. */
class SinusoidalEmbedding extends tf.layers.Layer {
  static className = 'SinusoidalEmbedding';
  private readonly timeDim: number;

  constructor(args: { timeDim: number; name: string }) {
    super(args);
    this.timeDim = args.timeDim;
  }

  /** [B, 1] → [B, d]. */
  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [singleShape(inputShape)[0], this.timeDim];
  }

  /** emb(t) = [sin(t ω_i), cos(t ω_i)], ω_i = 10000^{−i/(d/2 − 1)}. */
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => sinusoidalEmbedding(tf.reshape(single(inputs), [-1]), this.timeDim));
  }

  /** The layer's configuration plus d. */
  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), timeDim: this.timeDim };
  }
}

type Node = tf.SymbolicTensor;

/** layer(x) on symbolic tensors. */
function apply(layer: tf.layers.Layer, x: Node | Node[]): Node {
  return layer.apply(x) as Node;
}

/** k×k 'same' convolution with bias, He-normal kernel (or zeros), named after our parameter prefix. */
function conv(name: string, x: Node, filters: number, kernelSize: 1 | 3, strides: 1 | 2 = 1, zeros = false): Node {
  return apply(tf.layers.conv2d({
    name, filters, kernelSize, strides, padding: 'same', kernelInitializer: zeros ? 'zeros' : 'heNormal',
  }), x);
}

/** SiLU(x) = x · σ(x), tfjs's 'swish' activation. */
function swish(x: Node): Node {
  return apply(tf.layers.activation({ activation: 'swish' }), x);
}

/**
 * Residual block cin → outCh: h = conv1(SiLU(GN(x))) + reshape(temb(e), [1, 1, C]);
 * h = conv2(SiLU(GN(h))); out = skip(x) + h, skip a 1×1 convolution when the width changes.
 */
function resBlock(prefix: string, x: Node, timeEmbedding: Node, outCh: number, groups: number): Node {
  const inCh = x.shape[3] as number;
  // 1. first half
  let h = conv(`${prefix}.conv1`, swish(apply(new GroupNormalization({ groups, name: `${prefix}.norm1` }), x)), outCh, 3);
  // 2. time offset per channel, broadcast over H, W by the Add layer
  const projected = apply(tf.layers.dense({ name: `${prefix}.temb`, units: outCh, kernelInitializer: 'heNormal' }), timeEmbedding);
  const offset = apply(tf.layers.reshape({ targetShape: [1, 1, outCh] }), projected);
  h = apply(tf.layers.add(), [h, offset]);
  // 3. second half
  h = conv(`${prefix}.conv2`, swish(apply(new GroupNormalization({ groups, name: `${prefix}.norm2` }), h)), outCh, 3);
  // 4. residual connection
  const skip = inCh !== outCh ? conv(`${prefix}.skip`, x, outCh, 1) : x;
  return apply(tf.layers.add(), [skip, h]);
}

/**
 * ε_θ(x_t, t) as a tf.LayersModel with inputs x_t [B, 28, 28, 1] and t [B, 1] (float timesteps) and
 * output [B, 28, 28, 1]; the same layers, order and parameter count as createUnet(config).
 */
export function createNaiveUnet(config: UnetConfig): tf.LayersModel {
  validateUnetConfig(config);
  const channels = levelChannels(config);
  const levels = channels.length;
  const { groups, timeDim } = config;
  const embDim = timeEmbeddingDim(timeDim);
  const xt = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1], name: 'x_t' });
  const t = tf.input({ shape: [1], name: 't' });
  // 1. time embedding SiLU(dense1(SiLU(dense0(emb(t)))))
  let e = apply(new SinusoidalEmbedding({ timeDim, name: 'time.sinusoid' }), t);
  e = apply(tf.layers.dense({ name: 'time.dense0', units: embDim, activation: 'swish', kernelInitializer: 'heNormal' }), e);
  e = apply(tf.layers.dense({ name: 'time.dense1', units: embDim, kernelInitializer: 'heNormal' }), e);
  const timeEmbedding = swish(e);
  // 2. down: residual block per level, keep a skip, stride-2 3×3 convolution between levels
  let h = conv('in', xt, channels[0], 3);
  const skips: Node[] = [];
  for (let l = 0; l < levels; l++) {
    h = resBlock(`down${l}.res0`, h, timeEmbedding, channels[l], groups);
    skips.push(h);
    if (l < levels - 1) h = conv(`down${l}.downsample`, h, channels[l], 3, 2);
  }
  // 3. middle
  for (let m = 0; m < MID_BLOCKS; m++) h = resBlock(`mid.res${m}`, h, timeEmbedding, channels[levels - 1], groups);
  // 4. up: concatenate the skip, residual block, nearest ×2 then 3×3 convolution
  for (let l = levels - 1; l >= 0; l--) {
    h = apply(tf.layers.concatenate({ axis: -1 }), [h, skips[l]]);
    h = resBlock(`up${l}.res0`, h, timeEmbedding, channels[l], groups);
    if (l > 0) h = conv(`up${l}.upsample`, apply(tf.layers.upSampling2d({ size: [2, 2] }), h), channels[l], 3);
  }
  // 5. output head GroupNorm → SiLU → 3×3 convolution to one channel (zero kernel, so ε_θ starts at 0)
  h = swish(apply(new GroupNormalization({ groups, name: 'out.norm' }), h));
  const out = conv('out.conv', h, 1, 3, 1, true);
  return tf.model({ inputs: [xt, t], outputs: out, name: 'naive_unet' });
}

/**
 * Copies our parameters θ (createUnet's params, names '<layer>.<weight>') into the layers of the same
 * name, in each layer's weight order (kernel, bias or gamma, beta).
 */
export function loadDenoiserWeights(model: tf.LayersModel, params: readonly NamedParam[]): void {
  const byLayer = new Map<string, tf.Tensor[]>();
  for (const p of params) {
    const layer = p.name.slice(0, p.name.lastIndexOf('.'));
    byLayer.set(layer, [...(byLayer.get(layer) ?? []), p.variable]);
  }
  for (const [name, weights] of byLayer) model.getLayer(name).setWeights(weights);
}

/** Hyper-parameters of the naive trainer (as TrainerOptions, all required). */
export interface NaiveTrainerOptions {
  learningRate: number;
  clipNorm: number;
  emaDecay: number;
  seed: number;
}

/** The tf.Variable behind a layer weight (LayerVariable.read() returns it, typed as a Tensor). */
function variableOf(weight: tf.LayerVariable): tf.Variable {
  const value = weight.read();
  if (!(value instanceof tf.Variable)) throw new Error(`layer weight '${weight.name}' is not backed by a tf.Variable`);
  return value;
}

/**
 * Algorithm 1 on the naive model: t ~ U{1, …, T}, ε ~ N(0, I), a step of Adam on the clipped gradient
 * of ‖ε − ε_θ(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t)‖², an EMA of the weights, and the loss read back every step.
 * Owns its optimizer and EMA copies, not the model.
 */
export class NaiveTrainer {
  readonly model: tf.LayersModel;
  readonly schedule: Schedule;
  readonly options: Readonly<NaiveTrainerOptions>;
  private readonly variables: tf.Variable[];
  private readonly optimizer: tf.AdamOptimizer;
  private readonly ema: tf.Variable[];
  private readonly random: () => number;
  private steps = 0;
  private disposed = false;

  constructor(model: tf.LayersModel, schedule: Schedule, options: NaiveTrainerOptions) {
    if (!(options.learningRate > 0)) throw new RangeError(`learningRate must be positive, got ${options.learningRate}`);
    if (!(options.clipNorm > 0)) throw new RangeError(`clipNorm must be positive, got ${options.clipNorm}`);
    if (!(options.emaDecay >= 0 && options.emaDecay < 1)) throw new RangeError(`emaDecay must be in [0, 1), got ${options.emaDecay}`);
    this.model = model;
    this.schedule = schedule;
    this.options = { ...options };
    this.variables = model.trainableWeights.map(variableOf);
    this.optimizer = tf.train.adam(options.learningRate);
    this.ema = this.variables.map((v) => tf.variable(v, false));
    this.random = mulberry32(options.seed);
  }

  /** One step on x_0 [B, 28, 28, 1]; resolves to L_simple = mean (ε − ε_θ)² of the batch (eq. 14). */
  async step(x0: tf.Tensor4D): Promise<number> {
    if (this.disposed) throw new Error('this trainer has been disposed');
    const { schedule, variables } = this;
    const [batch] = x0.shape;
    // 1. t ~ Uniform{1, …, T} and a seed for ε
    const t = Array.from({ length: batch }, () => Math.min(schedule.T, 1 + Math.floor(this.random() * schedule.T)));
    const noiseSeed = Math.floor(this.random() * 2 ** 31);
    const loss = tf.tidy(() => {
      // 2. ε ~ N(0, I), x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (eq. 4)
      const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', noiseSeed);
      const xt = qSample(x0, t, eps, schedule);
      const tInput = tf.tensor2d(t, [batch, 1]);
      // 3. L_simple and its gradient with respect to every trainable weight
      const { value, grads } = tf.variableGrads(
        () => lossSimple(eps, this.model.apply([xt, tInput], { training: true }) as tf.Tensor),
        variables,
      );
      // 4. clip by global norm, then Adam
      const clipped = clipByGlobalNorm(variables.map((v) => grads[v.name]), this.options.clipNorm);
      this.optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: clipped[i] })));
      return value;
    });
    this.steps += 1;
    // 5. EMA: ema ← d·ema + (1 − d)·θ, d = min(decay, (1 + n)/(10 + n))
    const d = emaDecayAt(this.options.emaDecay, this.steps);
    tf.tidy(() => variables.forEach((v, i) => this.ema[i].assign(tf.add(tf.mul(this.ema[i], d), tf.mul(v, 1 - d)))));
    // 6. wait for the loss, as a tutorial's console.log(loss) would
    try {
      return (await loss.data())[0];
    } finally {
      loss.dispose();
    }
  }

  /** Disposes the optimizer and the EMA copies; the model stays with its owner. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.optimizer.dispose();
    for (const e of this.ema) e.dispose();
  }
}
