/**
 * Analytic floating-point operation counts of ε_θ(x_t, t) and of one step of Algorithm 1 (Ho et al.
 * 2020), for both architectures of src/model, walked layer by layer in the same order as unet.ts and
 * mlp.ts. Pure arithmetic: no tensors (only types and constants come from model/).
 *
 * Conventions (all counts are per batch of B examples):
 * - A multiply-add is 2 FLOPs.
 * - matmul: a k×k convolution from C_in to C_out channels on an H_out×W_out output costs
 *   2·k²·C_in·C_out·H_out·W_out per example; a dense layer in → out costs 2·in·out per example.
 *   Biases are not in this bucket (see elementwise), so that training matmul is exactly 3× forward:
 *   the backward pass of every convolution and dense layer costs 2× its forward (the gradient with
 *   respect to its input and the gradient with respect to its weights).
 * - elementwise, per element of the forward pass: bias 1, addition 1 (residual, time offset),
 *   GroupNorm 8 (mean, variance, subtract, scale by 1/√(σ² + ε), γ, β), SiLU 4, sinusoid of t 3/2 per
 *   embedding component (d/2 products t·ω_i, then d sines and cosines at 1 each); concatenation and
 *   nearest upsampling move data and count 0. For training this is an estimate: the forward work of
 *   the network and of the loss (difference, square, mean: 3 per pixel) is counted ×3 for forward +
 *   backward, and q_sample x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (3 per pixel, not differentiated) ×1.
 *   Drawing t and ε is not counted.
 * - optimizer, per parameter and step, from the formulas of flatAdam.ts and tfjs's Adam: global-norm
 *   clip 3 (g², the sum, g·scale); Adam 14 (m = β₁m + (1 − β₁)g: 3; v = β₂v + (1 − β₂)g²: 4; bias
 *   corrections m/(1 − β₁ᵗ), v/(1 − β₂ᵗ): 2; θ += −η·m̂/(√v̂ + ε): 5); EMA 3 (d·ema + (1 − d)·θ).
 *   20 in all, independent of the batch size.
 */
import { TIME_EMBEDDING_MULT } from '../model/timeEmbedding';
import { IMAGE_PIXELS, IMAGE_SIZE, type MlpConfig, type ModelConfig, type UnetConfig } from '../model/types';
import { UNET_MID_BLOCKS } from '../model/unet';

/** FLOPs of one forward pass or one training step, by kind of work; total is their sum. */
export interface FlopBreakdown {
  matmul: number;
  elementwise: number;
  optimizer: number;
  total: number;
}

/** FLOPs of one GroupNorm per normalised element. */
export const GROUP_NORM_FLOPS = 8;
/** FLOPs of one SiLU x·σ(x) per element. */
export const SILU_FLOPS = 4;
/** FLOPs of L_simple per pixel in the forward pass: difference, square, accumulation into the mean. */
export const LOSS_FLOPS_PER_PIXEL = 3;
/** FLOPs of q_sample per pixel: two products and a sum. */
export const Q_SAMPLE_FLOPS_PER_PIXEL = 3;
/** Training costs forward + backward ≈ 3 × forward (the backward of a layer ≈ 2 × its forward). */
export const TRAINING_MULTIPLIER = 3;
/** Optimizer FLOPs per parameter and step: clip 3 + Adam 14 + EMA 3. */
export const OPTIMIZER_FLOPS_PER_PARAM = 3 + 14 + 3;


/** Running totals of one forward pass of one example, and the parameters met on the way. */
interface Tally {
  matmul: number;
  elementwise: number;
  params: number;
}

/** k×k convolution, cin → cout, on an n-pixel output: matmul 2k²·cin·cout·n, bias cout·n. */
function conv(s: Tally, k: number, cin: number, cout: number, n: number): void {
  s.matmul += 2 * k * k * cin * cout * n;
  s.elementwise += cout * n;
  s.params += k * k * cin * cout + cout;
}

/** Dense layer in → out: matmul 2·in·out, bias out. */
function dense(s: Tally, inDim: number, outDim: number): void {
  s.matmul += 2 * inDim * outDim;
  s.elementwise += outDim;
  s.params += inDim * outDim + outDim;
}

/** GroupNorm over c channels of n pixels: 8·c·n, with 2c parameters γ, β. */
function groupNorm(s: Tally, c: number, n: number): void {
  s.elementwise += GROUP_NORM_FLOPS * c * n;
  s.params += 2 * c;
}

/** SiLU on `elements` values: 4 per element. */
function silu(s: Tally, elements: number): void {
  s.elementwise += SILU_FLOPS * elements;
}

/** Elementwise addition of `elements` values: 1 per element. */
function add(s: Tally, elements: number): void {
  s.elementwise += elements;
}

/**
 * Time embedding SiLU(dense1(SiLU(dense0(emb(t))))) of width E = 4d: sinusoid 3d/2, dense d → E,
 * SiLU, dense E → E, SiLU.
 */
function timeEmbedding(s: Tally, timeDim: number): number {
  const width = TIME_EMBEDDING_MULT * timeDim;
  s.elementwise += (3 * timeDim) / 2;
  dense(s, timeDim, width);
  silu(s, width);
  dense(s, width, width);
  silu(s, width);
  return width;
}

/**
 * Residual block cin → cout on n pixels with time width E (resBlock.ts):
 * conv1(SiLU(GN(x))) + temb(e), conv2(SiLU(GN(h))), skip (1×1 when cin ≠ cout) + h.
 */
function resBlock(s: Tally, cin: number, cout: number, n: number, embDim: number): void {
  // 1. first half
  groupNorm(s, cin, n);
  silu(s, cin * n);
  conv(s, 3, cin, cout, n);
  // 2. time offset per channel, broadcast over the pixels
  dense(s, embDim, cout);
  add(s, cout * n);
  // 3. second half
  groupNorm(s, cout, n);
  silu(s, cout * n);
  conv(s, 3, cout, cout, n);
  // 4. residual connection
  if (cin !== cout) conv(s, 1, cin, cout, n);
  add(s, cout * n);
}

/** Side of each U-Net level: 28, then ⌈H/2⌉ per stride-2 'same' convolution (28 → 14 → 7). */
function levelSides(levels: number): number[] {
  const sides = [IMAGE_SIZE];
  for (let l = 1; l < levels; l++) sides.push(Math.ceil(sides[l - 1] / 2));
  return sides;
}

/** One example through the U-Net of unet.ts, in its layer order. */
function unetTally(config: UnetConfig): Tally {
  const s: Tally = { matmul: 0, elementwise: 0, params: 0 };
  const channels = config.channelMults.map((m) => config.baseChannels * m);
  const levels = channels.length;
  const sides = levelSides(levels);
  // 1. time embedding
  const embDim = timeEmbedding(s, config.timeDim);
  // 2. down: 'in', then one residual block per level and a stride-2 3×3 convolution between levels
  conv(s, 3, 1, channels[0], IMAGE_PIXELS);
  let ch = channels[0];
  for (let l = 0; l < levels; l++) {
    resBlock(s, ch, channels[l], sides[l] ** 2, embDim);
    ch = channels[l];
    if (l < levels - 1) conv(s, 3, ch, ch, sides[l + 1] ** 2);
  }
  // 3. middle
  for (let m = 0; m < UNET_MID_BLOCKS; m++) resBlock(s, ch, ch, sides[levels - 1] ** 2, embDim);
  // 4. up: concatenated skip, residual block, nearest ×2 then 3×3 convolution
  for (let l = levels - 1; l >= 0; l--) {
    resBlock(s, ch + channels[l], channels[l], sides[l] ** 2, embDim);
    ch = channels[l];
    if (l > 0) conv(s, 3, ch, ch, (2 * sides[l]) ** 2);
  }
  // 5. output head
  groupNorm(s, ch, IMAGE_PIXELS);
  silu(s, ch * IMAGE_PIXELS);
  conv(s, 3, ch, 1, IMAGE_PIXELS);
  return s;
}

/** One example through the MLP of mlp.ts: [x_t, SiLU(temb)] → depth × SiLU(dense) → dense to 784. */
function mlpTally(config: MlpConfig): Tally {
  const s: Tally = { matmul: 0, elementwise: 0, params: 0 };
  const embDim = timeEmbedding(s, config.timeDim);
  let width = IMAGE_PIXELS + embDim;
  for (let l = 0; l < config.depth; l++) {
    dense(s, width, config.hidden);
    silu(s, config.hidden);
    width = config.hidden;
  }
  dense(s, width, IMAGE_PIXELS);
  return s;
}

function tallyOf(config: ModelConfig): Tally {
  return config.kind === 'mlp' ? mlpTally(config) : unetTally(config);
}

function validateBatch(batch: number): void {
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch must be a positive integer, got ${batch}`);
}

/** Parameters met by the FLOP walk, Σ over layers of weights + biases (equals paramCountOf(specs)). */
export function walkedParamCount(config: ModelConfig): number {
  return tallyOf(config).params;
}

/** Forward pass ε_θ(x_t, t) on B examples: B × (per-example matmul, elementwise); optimizer 0. */
export function forwardFlops(config: ModelConfig, batch: number): FlopBreakdown {
  validateBatch(batch);
  const s = tallyOf(config);
  const matmul = batch * s.matmul;
  const elementwise = batch * s.elementwise;
  return { matmul, elementwise, optimizer: 0, total: matmul + elementwise };
}

/**
 * One step of Algorithm 1 on B examples: matmul 3·F_mm; elementwise 3·(F_ew + 3·784·B) + 3·784·B
 * (network and loss forward + backward, q_sample once); optimizer 20·|θ|.
 */
export function trainingStepFlops(config: ModelConfig, batch: number): FlopBreakdown {
  const forward = forwardFlops(config, batch);
  const pixels = batch * IMAGE_PIXELS;
  const matmul = TRAINING_MULTIPLIER * forward.matmul;
  const elementwise = TRAINING_MULTIPLIER * (forward.elementwise + LOSS_FLOPS_PER_PIXEL * pixels)
    + Q_SAMPLE_FLOPS_PER_PIXEL * pixels;
  const optimizer = OPTIMIZER_FLOPS_PER_PARAM * walkedParamCount(config);
  return { matmul, elementwise, optimizer, total: matmul + elementwise + optimizer };
}
