/**
 * Parameters as plain specs (name, shape, initialiser) and the seeded variables built from them.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../diffusion/rng';
import type { NamedParam, ParamGetter, ParamInit, ParamSpec } from './types';

/** Number of scalars in a tensor of this shape, ∏ shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Total number of scalar parameters described by the specs. */
export function paramCountOf(specs: readonly ParamSpec[]): number {
  return specs.reduce((n, s) => n + sizeOf(s.shape), 0);
}

/** He initialisation N(0, 2/fan_in) (He et al. 2015), suited to layers followed by SiLU. */
export function heNormal(fanIn: number): ParamInit {
  return { kind: 'normal', std: Math.sqrt(2 / fanIn) };
}

/** Specs of a dense layer y = x W + b: kernel [in, out] (He-normal, or zeros) and bias [out] (zeros). */
export function denseSpecs(prefix: string, inDim: number, outDim: number, zeroKernel = false): ParamSpec[] {
  return [
    { name: `${prefix}.kernel`, shape: [inDim, outDim], init: zeroKernel ? { kind: 'zeros' } : heNormal(inDim) },
    { name: `${prefix}.bias`, shape: [outDim], init: { kind: 'zeros' } },
  ];
}

/** Specs of a k×k convolution: kernel [k, k, in, out] (He-normal, fan_in = k²·in, or zeros), bias [out]. */
export function convSpecs(
  prefix: string, k: number, inCh: number, outCh: number, zeroKernel = false,
): ParamSpec[] {
  return [
    {
      name: `${prefix}.kernel`, shape: [k, k, inCh, outCh],
      init: zeroKernel ? { kind: 'zeros' } : heNormal(k * k * inCh),
    },
    { name: `${prefix}.bias`, shape: [outCh], init: { kind: 'zeros' } },
  ];
}

/** Specs of a GroupNorm's per-channel scale γ (ones) and shift β (zeros). */
export function groupNormSpecs(prefix: string, channels: number): ParamSpec[] {
  return [
    { name: `${prefix}.gamma`, shape: [channels], init: { kind: 'ones' } },
    { name: `${prefix}.beta`, shape: [channels], init: { kind: 'zeros' } },
  ];
}

/** Throws unless the spec names are unique. */
function assertUniqueNames(specs: readonly ParamSpec[]): void {
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new Error(`duplicate parameter name '${s.name}'`);
    seen.add(s.name);
  }
}

/**
 * Creates one trainable tf.Variable per spec. The k-th normal initialiser draws from
 * tf.randomNormal with a seed derived from `seed` and k, so the same seed reproduces every weight;
 * without a seed the weights are random.
 */
export function createVariables(specs: readonly ParamSpec[], seed?: number): NamedParam[] {
  assertUniqueNames(specs);
  const seeds = mulberry32(seed ?? Math.floor(Math.random() * 2 ** 32));
  return specs.map((spec) => {
    const paramSeed = Math.floor(seeds() * 2 ** 31);
    const initial = tf.tidy(() => {
      switch (spec.init.kind) {
        case 'normal':
          return tf.randomNormal(spec.shape, 0, spec.init.std, 'float32', paramSeed);
        case 'ones':
          return tf.ones(spec.shape);
        case 'zeros':
          return tf.zeros(spec.shape);
      }
    });
    // Variables keep tfjs's unique automatic names; the parameter name lives beside them.
    const variable = tf.variable(initial, true);
    initial.dispose();
    return { name: spec.name, variable };
  });
}

/** True when two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * A lookup name → tensor for a forward pass: the live variables, or `weights` (same order and shapes
 * as `params`, e.g. the EMA copy). Throws if `weights` does not match.
 */
export function paramGetter(params: readonly NamedParam[], weights?: readonly tf.Tensor[]): ParamGetter {
  if (weights !== undefined) {
    if (weights.length !== params.length) {
      throw new RangeError(`expected ${params.length} weight tensors (one per parameter), got ${weights.length}`);
    }
    params.forEach((p, i) => {
      if (!sameShape(p.variable.shape, weights[i].shape)) {
        throw new RangeError(
          `weight '${p.name}' must have shape [${p.variable.shape.join(', ')}], got [${weights[i].shape.join(', ')}]`,
        );
      }
    });
  }
  const byName = new Map<string, tf.Tensor>();
  params.forEach((p, i) => byName.set(p.name, weights !== undefined ? weights[i] : p.variable));
  return (name) => {
    const tensor = byName.get(name);
    if (tensor === undefined) throw new Error(`unknown parameter '${name}'`);
    return tensor;
  };
}
