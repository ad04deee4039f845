import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from '../model';
import type { CheckpointFiles } from './protocol';

/** Where the autosave lives (tfjs's IndexedDB store, available in workers too). */
export const AUTOSAVE_URL = 'indexeddb://ddpm-explorable-autosave';
export const WEIGHTS_FILE = 'ddpm-explorable.weights.bin';

/** Save artifacts to the autosave slot. */
export async function saveToIndexedDB(artifacts: tf.io.ModelArtifacts): Promise<void> {
  const [handler] = tf.io.getSaveHandlers(AUTOSAVE_URL);
  if (!handler?.save) throw new Error('IndexedDB is not available in this browser');
  await handler.save(artifacts);
}

/** The autosaved artifacts, or null when there are none. */
export async function loadFromIndexedDB(): Promise<tf.io.ModelArtifacts | null> {
  let models: Record<string, unknown>;
  try {
    models = await tf.io.listModels();
  } catch {
    return null; // no IndexedDB (e.g. a private window): nothing to restore
  }
  if (!(AUTOSAVE_URL in models)) return null;
  const [handler] = tf.io.getLoadHandlers(AUTOSAVE_URL);
  if (!handler?.load) return null;
  return handler.load();
}

export async function clearIndexedDB(): Promise<void> {
  try {
    const models = await tf.io.listModels();
    if (AUTOSAVE_URL in models) await tf.io.removeModel(AUTOSAVE_URL);
  } catch {
    // nothing stored, or no IndexedDB
  }
}

/** The standard tfjs files (model.json with its weights manifest, plus one weights file). */
export function artifactsToFiles(artifacts: tf.io.ModelArtifacts): CheckpointFiles {
  const weights = weightBuffer(artifacts.weightData);
  const modelJson = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
    userDefinedMetadata: artifacts.userDefinedMetadata,
  };
  return { modelJson: JSON.stringify(modelJson), weights, weightsName: WEIGHTS_FILE };
}

/** Parse the two files back into artifacts; malformed JSON or a missing manifest is a CheckpointError. */
export function filesToArtifacts(files: CheckpointFiles): tf.io.ModelArtifacts {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(files.modelJson) as Record<string, unknown>;
  } catch (err) {
    throw new CheckpointError(`model.json is not valid JSON (${(err as Error).message}).`);
  }
  if (json === null || typeof json !== 'object') throw new CheckpointError('model.json does not describe a model.');
  const manifest = json.weightsManifest as { weights?: tf.io.WeightsManifestEntry[] }[] | undefined;
  if (!Array.isArray(manifest) || manifest.length === 0 || !Array.isArray(manifest[0]?.weights)) {
    throw new CheckpointError('model.json has no weights manifest: this is not a tfjs model file.');
  }
  return {
    format: json.format as string | undefined,
    generatedBy: json.generatedBy as string | undefined,
    modelTopology: json.modelTopology as object | undefined,
    weightSpecs: manifest.flatMap((g) => g.weights ?? []),
    weightData: files.weights,
    userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
  };
}

function weightBuffer(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (!data) return new ArrayBuffer(0);
  if (data instanceof ArrayBuffer) return data;
  return tf.io.CompositeArrayBuffer.join(data);
}
