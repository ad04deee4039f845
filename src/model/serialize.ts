/**
 * Checkpoints in the standard TensorFlow.js artifact format (model.json + weights.bin): the model's
 * named parameters, optional extra tensors (EMA copies under 'ema/', optimiser slots under 'opt/') and
 * the app's metadata (training step, schedule, hyper-parameters, loss history).
 */
import * as tf from '@tensorflow/tfjs';
import { MODEL_LABELS, describeConfig, paramSpecsOf, sameConfig, validateConfig } from './configs';
import { sameShape, sizeOf } from './params';
import type { Denoiser, ModelConfig } from './types';

/** `modelTopology.format` of every checkpoint this app writes. */
export const CHECKPOINT_FORMAT = 'ddpm-explorable';
/** `modelTopology.version` of the current checkpoint layout. */
export const CHECKPOINT_VERSION = 1;
/** Prefix of the EMA copy of each parameter. */
export const EMA_PREFIX = 'ema/';
/** Prefix of optimiser state. */
export const OPTIMIZER_PREFIX = 'opt/';

/** A user-facing reason why a checkpoint cannot be loaded. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** A tensor with a name, as stored in a checkpoint. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** What a valid checkpoint holds; the caller owns (and must dispose) the tensors. */
export interface CheckpointContents {
  config: ModelConfig;
  /** Every stored tensor by name: parameters, then any 'ema/…' and 'opt/…' extras. */
  tensors: Map<string, tf.Tensor>;
  /** The app's metadata, as saved. */
  metadata: Record<string, unknown>;
}

/** The model.json topology this app writes. */
interface Topology {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  config: ModelConfig;
}

/**
 * Encodes a model as tfjs artifacts: its parameters by name, then `extra` tensors (names must not
 * collide), with `metadata` as `userDefinedMetadata`. Reads tensors asynchronously only.
 */
export async function toArtifacts(
  model: Denoiser, metadata: object, extra: NamedTensor[] = [],
): Promise<tf.io.ModelArtifacts> {
  const named: NamedTensor[] = [...model.params.map((p) => ({ name: p.name, tensor: p.variable as tf.Tensor })), ...extra];
  const seen = new Set<string>();
  for (const { name } of named) {
    if (seen.has(name)) throw new Error(`two tensors named '${name}' in one checkpoint`);
    seen.add(name);
  }
  const { data, specs } = await tf.io.encodeWeights(named);
  const topology: Topology = { format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, config: model.config };
  return {
    modelTopology: topology,
    format: CHECKPOINT_FORMAT,
    generatedBy: `${CHECKPOINT_FORMAT} v${CHECKPOINT_VERSION}`,
    weightSpecs: specs,
    weightData: data,
    userDefinedMetadata: { ...metadata },
  };
}

/** The weight data as one buffer (tfjs allows a list of shards). */
function joinWeightData(data: tf.io.WeightData): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

/** Checks the topology and returns its configuration. */
function readConfig(artifacts: tf.io.ModelArtifacts, expected?: ModelConfig): ModelConfig {
  const topology = artifacts.modelTopology as Partial<Topology> | undefined;
  if (topology === undefined || topology === null || topology instanceof ArrayBuffer || typeof topology !== 'object'
    || topology.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError('This is not a model saved by this explorable: its model.json does not describe a DDPM-explorable denoiser.');
  }
  if (topology.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(`This checkpoint has format version ${String(topology.version)}; this page reads version ${CHECKPOINT_VERSION}.`);
  }
  const config = topology.config as ModelConfig;
  try {
    validateConfig(config);
  } catch (e) {
    throw new CheckpointError(`This checkpoint's model configuration is invalid: ${(e as Error).message}.`);
  }
  if (expected !== undefined && !sameConfig(config, expected)) {
    if (config.kind !== expected.kind) {
      throw new CheckpointError(
        `This checkpoint holds the ${MODEL_LABELS[config.kind]}, but the current model is the ${MODEL_LABELS[expected.kind]}. `
        + `Switch the architecture to ${MODEL_LABELS[config.kind]} to load it.`,
      );
    }
    throw new CheckpointError(
      `This checkpoint's ${describeConfig(config)} does not match the current ${describeConfig(expected)}.`,
    );
  }
  return config;
}

/**
 * IEEE 754 half-precision numbers (binary16, little-endian) as float32: sign, 5 exponent bits (bias 15)
 * and 10 fraction bits; exponent 0 holds zero and the subnormals, exponent 31 the infinities and NaN.
 */
export function float16ToFloat32(bytes: ArrayBuffer): Float32Array {
  const halves = new Uint16Array(bytes);
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) out[i] = sign * fraction * 2 ** -24;
    else if (exponent === 31) out[i] = fraction === 0 ? sign * Infinity : NaN;
    else out[i] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return out;
}

/** Bytes per stored element: 2 for float16-quantised float32 weights (tfjs's `quantization`), else 4. */
function storedBytes(spec: tf.io.WeightsManifestEntry): number {
  return spec.quantization?.dtype === 'float16' ? 2 : 4;
}

/** One weight decoded into plain numbers, not yet a tensor. */
interface RawWeight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

/** Validates the manifest against the buffer and decodes every weight into plain arrays. */
function decodeRaw(artifacts: tf.io.ModelArtifacts): RawWeight[] {
  const specs = artifacts.weightSpecs;
  if (!Array.isArray(specs) || artifacts.weightData === undefined) {
    throw new CheckpointError('This checkpoint has no weights: its model.json lists no weights, or the weights file is missing.');
  }
  // 1. manifest entries: names, shapes, data types
  const seen = new Set<string>();
  let required = 0;
  for (const spec of specs) {
    if (typeof spec.name !== 'string' || seen.has(spec.name)) {
      throw new CheckpointError(`The weights manifest is damaged: the name '${String(spec.name)}' is missing or repeated.`);
    }
    seen.add(spec.name);
    if (!Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new CheckpointError(`The weights manifest is damaged: weight '${spec.name}' has no valid shape.`);
    }
    const q = spec.quantization;
    const float16 = q !== undefined && q.dtype === 'float16' && q.scale === undefined && q.min === undefined && spec.dtype === 'float32';
    if ((spec.dtype !== 'float32' && spec.dtype !== 'int32') || (q !== undefined && !float16)) {
      throw new CheckpointError(`Weight '${spec.name}' has data type '${spec.dtype}'${q ? ` (quantised as ${String(q.dtype)})` : ''}, which this page does not read.`);
    }
    required += sizeOf(spec.shape) * storedBytes(spec);
  }
  // 2. the buffer must hold exactly what the manifest describes
  const buffer = joinWeightData(artifacts.weightData);
  if (buffer.byteLength < required) {
    throw new CheckpointError(
      `The weights file is truncated: it holds ${buffer.byteLength} bytes, but its model.json describes ${required}. Download the checkpoint again.`,
    );
  }
  if (buffer.byteLength > required) {
    throw new CheckpointError(
      `The weights file is longer than its model.json describes (${buffer.byteLength} bytes instead of ${required}): the two files do not belong together.`,
    );
  }
  // 3. decode, refusing NaN and ±∞
  let offset = 0;
  return specs.map((spec) => {
    const bytes = sizeOf(spec.shape) * storedBytes(spec);
    const slice = buffer.slice(offset, offset + bytes);
    offset += bytes;
    const dtype = spec.dtype as 'float32' | 'int32';
    const values = storedBytes(spec) === 2 ? float16ToFloat32(slice) : dtype === 'float32' ? new Float32Array(slice) : new Int32Array(slice);
    if (dtype === 'float32' && !values.every(Number.isFinite)) {
      throw new CheckpointError(`Weight '${spec.name}' contains non-finite values (NaN or ∞): the checkpoint is damaged.`);
    }
    return { name: spec.name, shape: [...spec.shape], dtype, values };
  });
}

/** Checks that every parameter (and every 'ema/' copy) is present with its architecture's shape. */
function checkAgainstArchitecture(config: ModelConfig, raw: RawWeight[]): void {
  const byName = new Map(raw.map((w) => [w.name, w]));
  const specs = paramSpecsOf(config);
  const shapes = new Map(specs.map((s) => [s.name, s.shape]));
  const check = (name: string, want: number[], stored: RawWeight | undefined) => {
    if (stored === undefined) {
      throw new CheckpointError(`This checkpoint lacks the weight '${name}' that the ${MODEL_LABELS[config.kind]} needs.`);
    }
    if (!sameShape(stored.shape, want) || stored.dtype !== 'float32') {
      throw new CheckpointError(
        `Weight '${stored.name}' has shape [${stored.shape.join(', ')}] (${stored.dtype}), but the ${MODEL_LABELS[config.kind]} needs [${want.join(', ')}] (float32).`,
      );
    }
  };
  for (const s of specs) check(s.name, s.shape, byName.get(s.name));
  for (const w of raw) {
    if (!w.name.startsWith(EMA_PREFIX)) continue;
    const want = shapes.get(w.name.slice(EMA_PREFIX.length));
    if (want === undefined) throw new CheckpointError(`The EMA weight '${w.name}' matches no parameter of the ${MODEL_LABELS[config.kind]}.`);
    check(w.name, want, w);
  }
}

/**
 * Reads artifacts written by toArtifacts. Throws a CheckpointError with a user-facing message when the
 * topology is missing or foreign, the architecture differs from `expected`, the weight data is shorter
 * or longer than its manifest, a weight is missing or has the wrong shape, or a value is not finite.
 * Tensors are created only once everything is valid; the caller owns them.
 */
export function fromArtifacts(artifacts: tf.io.ModelArtifacts, expected?: ModelConfig): CheckpointContents {
  const config = readConfig(artifacts, expected);
  const raw = decodeRaw(artifacts);
  checkAgainstArchitecture(config, raw);
  const tensors = toTensors(raw);
  const metadata = (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown>;
  return { config, tensors, metadata: { ...metadata } };
}

function toTensors(raw: RawWeight[]): Map<string, tf.Tensor> {
  return new Map(raw.map((w) => [w.name, tf.tensor(w.values, w.shape, w.dtype)]));
}

/**
 * Every weight of tfjs artifacts as a tensor by name (float16 dequantised), after the same checks of
 * the manifest and the buffer as checkpoints get; for networks other than the denoisers (the digit
 * classifier). `shapes` lists the weights required and their shapes; others are refused. The caller
 * owns the tensors.
 */
export function decodeNamedWeights(artifacts: tf.io.ModelArtifacts, shapes: ReadonlyMap<string, readonly number[]>, what: string): Map<string, tf.Tensor> {
  const raw = decodeRaw(artifacts);
  const byName = new Map(raw.map((w) => [w.name, w]));
  for (const [name, shape] of shapes) {
    const w = byName.get(name);
    if (w === undefined) throw new CheckpointError(`The ${what} lacks the weight '${name}'.`);
    if (!sameShape(w.shape, shape) || w.dtype !== 'float32') {
      throw new CheckpointError(`Weight '${name}' of the ${what} has shape [${w.shape.join(', ')}] (${w.dtype}), but it needs [${shape.join(', ')}] (float32).`);
    }
  }
  const extra = raw.find((w) => !shapes.has(w.name));
  if (extra) throw new CheckpointError(`The ${what} has a weight '${extra.name}' that it should not have.`);
  return toTensors(raw);
}

/**
 * Assigns `tensors.get(prefix + name)` to each parameter of the model. Every name, shape and data type
 * is checked first; on any mismatch a CheckpointError is thrown and nothing is assigned.
 */
export function loadIntoModel(model: Denoiser, tensors: Map<string, tf.Tensor>, prefix = ''): void {
  const values = model.params.map((p) => {
    const value = tensors.get(prefix + p.name);
    if (value === undefined) throw new CheckpointError(`The checkpoint lacks the weight '${prefix}${p.name}'.`);
    if (!sameShape(value.shape, p.variable.shape) || value.dtype !== p.variable.dtype) {
      throw new CheckpointError(
        `Weight '${prefix}${p.name}' has shape [${value.shape.join(', ')}], but the model needs [${p.variable.shape.join(', ')}].`,
      );
    }
    return value;
  });
  model.params.forEach((p, i) => p.variable.assign(values[i]));
}
