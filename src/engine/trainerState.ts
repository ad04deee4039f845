/**
 * The trainer's state in a checkpoint: its EMA copies and Adam's moments as tensors named after the
 * model's parameters ('ema/<param>', 'opt/<param>/m', 'opt/<param>/v'), and the check of such tensors
 * against a model before a trainer takes them back.
 */
import * as tf from '@tensorflow/tfjs';
import { CheckpointError, EMA_PREFIX, OPTIMIZER_PREFIX, type NamedTensor } from '../model/serialize';
import type { NamedParam } from '../model/types';

/** Optimiser and EMA state for a checkpoint: names 'ema/<param>', 'opt/<param>/m', 'opt/<param>/v'. */
export interface TrainerState {
  /** Number of optimiser steps taken. */
  step: number;
  /** Copies owned by the caller. */
  tensors: NamedTensor[];
}

/**
 * Named copies of the EMA weights (one tensor per parameter, or null when none are kept) and of the
 * pieces of Adam's flat first and second moments (or null when there are none to save). The caller
 * owns the copies.
 */
export function stateTensors(params: NamedParam[], ema: tf.Tensor[] | null, moments: readonly [tf.Tensor, tf.Tensor] | null): NamedTensor[] {
  const tensors: NamedTensor[] = [];
  if (ema !== null) {
    ema.forEach((e, i) => tensors.push({ name: `${EMA_PREFIX}${params[i].name}`, tensor: tf.clone(e) }));
  }
  if (moments !== null) {
    const sizes = params.map((p) => p.variable.size);
    for (const [moment, flat] of [['/m', moments[0]], ['/v', moments[1]]] as const) {
      const pieces = tf.split(flat, sizes);
      pieces.forEach((piece, i) => tensors.push({ name: `${OPTIMIZER_PREFIX}${params[i].name}${moment}`, tensor: tf.reshape(piece, params[i].variable.shape) }));
      tf.dispose(pieces);
    }
  }
  return tensors;
}

/** A trainer's state found in a checkpoint, one tensor per parameter in their order; null where absent. */
export interface CheckedState {
  /** The EMA copies. */
  ema: tf.Tensor[] | null;
  /** Adam's first and second moments (both or neither). */
  moments: { first: tf.Tensor[]; second: tf.Tensor[] } | null;
}

/**
 * Finds a trainer's state for `params` among a checkpoint's tensors (names as in stateTensors) and
 * checks it, throwing CheckpointError unless the step count is a whole number ≥ 0, every shape is the
 * parameter's, each kind of tensor is there for all parameters or for none, and Adam's two moments
 * are both there or both missing. The tensors stay the caller's.
 */
export function checkState(params: NamedParam[], step: number, tensors: Map<string, tf.Tensor>): CheckedState {
  if (!Number.isInteger(step) || step < 0) throw new CheckpointError(`The training step must be a whole number ≥ 0, got ${step}.`);
  const lookup = (name: string, shape: number[]): tf.Tensor | undefined => {
    const value = tensors.get(name);
    if (value !== undefined && (value.shape.length !== shape.length || value.shape.some((d, i) => d !== shape[i]))) {
      throw new CheckpointError(`'${name}' has shape [${value.shape.join(', ')}], but the model needs [${shape.join(', ')}].`);
    }
    return value;
  };
  const all = (prefix: string, suffix: string): tf.Tensor[] | null => {
    const found = params.map((p) => lookup(`${prefix}${p.name}${suffix}`, p.variable.shape));
    const present = found.filter((x) => x !== undefined).length;
    if (present === 0) return null;
    if (present < params.length) throw new CheckpointError(`The checkpoint holds only some of the '${prefix}…${suffix}' tensors.`);
    return found as tf.Tensor[];
  };
  const ema = all(EMA_PREFIX, '');
  const first = all(OPTIMIZER_PREFIX, '/m');
  const second = all(OPTIMIZER_PREFIX, '/v');
  if ((first === null) !== (second === null)) throw new CheckpointError('The checkpoint holds only half of Adam\'s moments.');
  return { ema, moments: first !== null && second !== null ? { first, second } : null };
}
