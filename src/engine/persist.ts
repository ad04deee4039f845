import * as tf from '@tensorflow/tfjs';
import { makeSchedule } from '../diffusion/schedule';
import { CheckpointError, createDenoiser, fromArtifacts, loadIntoModel, toArtifacts } from '../model';
import { artifactsToFiles, filesToArtifacts, loadFromIndexedDB, saveToIndexedDB } from './checkpoint';
import { choiceOf, validateTrainConfig } from './models';
import type { CheckpointFiles, ModelInfo, QualityPoint, TrainConfig } from './protocol';
import { readQualityPoints } from './quality';
import type { TrainingSession } from './session';
import { DEFAULT_EMA_DECAY, Trainer } from './trainer';

/** The app's part of a checkpoint's metadata. */
interface AppMetadata {
  app: 'ddpm-explorable';
  trainConfig: TrainConfig;
  step: number;
  /** the loss history as base64 of little-endian float32 */
  losses: string;
  savedAt: string;
  /** quality over training (the meter's readings) */
  quality?: QualityPoint[];
}

/** Weights, EMA, optimiser state, configuration and loss history of the session, as tfjs artifacts. */
export async function sessionArtifacts(session: TrainingSession): Promise<tf.io.ModelArtifacts> {
  if (!session.model || !session.trainer) throw new Error('There is no model to save yet');
  const state = await session.trainer.getState();
  try {
    const metadata: AppMetadata = {
      app: 'ddpm-explorable',
      trainConfig: session.config,
      step: state.step,
      losses: toBase64(session.history.toArray()),
      savedAt: new Date().toISOString(),
      quality: session.readings.quality.points,
    };
    return await toArtifacts(session.model, metadata, state.tensors);
  } finally {
    tf.dispose(state.tensors.map((n) => n.tensor));
  }
}

/** Autosave (IndexedDB). */
export function autosave(session: TrainingSession): Promise<void> {
  return session.locked(async () => {
    if (!session.model) return;
    await saveToIndexedDB(await sessionArtifacts(session));
  });
}

export function exportFiles(session: TrainingSession): Promise<CheckpointFiles> {
  return session.locked(async () => artifactsToFiles(await sessionArtifacts(session)));
}

/**
 * Load artifacts into a new model and trainer and, only when everything is valid, swap them in.
 * On any error the current model is untouched and the error says what was wrong.
 */
export async function adoptArtifacts(session: TrainingSession, artifacts: tf.io.ModelArtifacts): Promise<ModelInfo> {
  const contents = fromArtifacts(artifacts);
  try {
    // 1. the architecture must be one this app offers, and the metadata must agree with it
    const choice = choiceOf(contents.config);
    if (!choice) throw new CheckpointError('This model’s architecture is not one of the explorable’s models (U-Net or MLP, default or tiny).');
    const meta = contents.metadata as Partial<AppMetadata>;
    const saved = meta.trainConfig;
    const config: TrainConfig = { ...session.config, ...(saved ?? {}), ...choice };
    try {
      validateTrainConfig(config);
    } catch (err) {
      throw new CheckpointError(`The checkpoint’s settings are invalid: ${(err as Error).message}.`);
    }
    const step = typeof meta.step === 'number' ? meta.step : 0;
    const losses = typeof meta.losses === 'string' ? fromBase64(meta.losses) : new Float32Array(0);
    // 2. build and fill a new model; on failure dispose it and keep the current one
    const model = createDenoiser(contents.config);
    let trainer: Trainer | null = null;
    try {
      loadIntoModel(model, contents.tensors);
      trainer = new Trainer(model, makeSchedule(config.schedule), {
        learningRate: config.learningRate,
        clipNorm: config.clipNorm,
        emaDecay: config.ema ? DEFAULT_EMA_DECAY : null,
      });
      await trainer.setState(step, contents.tensors);
    } catch (err) {
      trainer?.dispose();
      model.dispose();
      throw err;
    }
    // 3. pause (a loaded model is a new starting point the learner resumes by hand), then swap
    await session.pause();
    await session.locked(() => session.adopt(config, model, trainer, losses.subarray(0, step), readQualityPoints(meta.quality).filter((p) => p.step <= step)));
    return session.info();
  } finally {
    tf.dispose([...contents.tensors.values()]);
  }
}

export async function importFiles(session: TrainingSession, files: CheckpointFiles): Promise<ModelInfo> {
  return adoptArtifacts(session, filesToArtifacts(files));
}

/** Resume from the autosave, if there is one; a damaged autosave is reported, not fatal. */
export async function restoreAutosave(session: TrainingSession): Promise<ModelInfo | null> {
  const artifacts = await loadFromIndexedDB();
  if (!artifacts) return null;
  return adoptArtifacts(session, artifacts);
}

function toBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string): Float32Array {
  try {
    const bin = atob(s);
    const bytes = new Uint8Array(bin.length - (bin.length % 4));
    for (let i = 0; i < bytes.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Float32Array(bytes.buffer);
  } catch {
    return new Float32Array(0);
  }
}
