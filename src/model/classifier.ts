/**
 * The digit classifier that judges samples (reference/classifier.py trains it on the training split and
 * exports it in public/models/classifier/): for each image its digit and confidence, and the 64
 * penultimate features that the Fréchet distance compares.
 *
 * Layers (TensorFlow layouts, 'same' padding): conv0 3×3 1→32, SiLU; conv1 3×3 stride 2 32→64, SiLU
 * (14×14); conv2 3×3 stride 2 64→64, SiLU (7×7); conv3 3×3 stride 2 64→64, SiLU (4×4); flattened
 * (row, column, channel); feat dense 1024→64, SiLU (the features); logits dense 64→10.
 */
import * as tf from '@tensorflow/tfjs';
import { conv, dense, silu } from './layers';
import { CheckpointError, decodeNamedWeights } from './serialize';
import { IMAGE_SIZE } from './types';

/** `modelTopology.format` of the exported classifier. */
export const CLASSIFIER_FORMAT = 'ddpm-explorable-classifier';
export const CLASSIFIER_VERSION = 1;
/** Width of the feature vector (the penultimate layer). */
export const CLASSIFIER_FEATURES = 64;
export const DIGIT_CLASSES = 10;

/** name, kernel size (0: dense), input width, output width, stride */
const LAYERS: readonly (readonly [string, number, number, number, 1 | 2])[] = [
  ['conv0', 3, 1, 32, 1],
  ['conv1', 3, 32, 64, 2],
  ['conv2', 3, 64, 64, 2],
  ['conv3', 3, 64, 64, 2],
  ['feat', 0, 4 * 4 * 64, CLASSIFIER_FEATURES, 1],
  ['logits', 0, CLASSIFIER_FEATURES, DIGIT_CLASSES, 1],
];

/** Every weight of the classifier and its shape. */
export const CLASSIFIER_SHAPES: ReadonlyMap<string, readonly number[]> = new Map(
  LAYERS.flatMap(([name, k, cIn, cOut]) => [
    [`${name}.kernel`, k > 0 ? [k, k, cIn, cOut] : [cIn, cOut]],
    [`${name}.bias`, [cOut]],
  ]),
);

/** How the classifier was made (its metadata's `classifier` field). */
export interface ClassifierAbout {
  heldOutAccuracy: number;
  steps?: number;
  seed?: number;
  trainer?: string;
  date?: string;
}

export interface DigitClassifier {
  about: ClassifierAbout;
  /** images [B, 784] in [−1, 1] → class probabilities [B, 10] and features [B, 64] */
  apply(x: tf.Tensor2D): { probs: tf.Tensor2D; features: tf.Tensor2D };
  dispose(): void;
}

/** The classifier from its weights by name (the map is taken over: dispose() frees its tensors). */
export function createClassifier(weights: Map<string, tf.Tensor>, about: ClassifierAbout): DigitClassifier {
  for (const [name, shape] of CLASSIFIER_SHAPES) {
    const w = weights.get(name);
    if (!w || w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      throw new CheckpointError(`The digit classifier needs the weight '${name}' with shape [${shape.join(', ')}].`);
    }
  }
  const get = (name: string) => weights.get(name)!;
  return {
    about,
    apply: (x) =>
      tf.tidy(() => {
        let h = tf.reshape(x, [-1, IMAGE_SIZE, IMAGE_SIZE, 1]) as tf.Tensor4D;
        for (const [name, k, , , stride] of LAYERS) if (k > 0) h = silu(conv(get, name, h, stride));
        const features = silu(dense(get, 'feat', tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D));
        return { probs: tf.softmax(dense(get, 'logits', features)), features };
      }),
    dispose: () => {
      for (const w of weights.values()) w.dispose();
      weights.clear();
    },
  };
}

/** Reads the exported classifier (model.json + weights), refusing anything else with a clear message. */
export function classifierFromArtifacts(artifacts: tf.io.ModelArtifacts): DigitClassifier {
  const topology = artifacts.modelTopology as { format?: unknown; version?: unknown } | undefined;
  if (!topology || topology instanceof ArrayBuffer || topology.format !== CLASSIFIER_FORMAT) {
    throw new CheckpointError('This model.json does not describe the explorable’s digit classifier.');
  }
  if (topology.version !== CLASSIFIER_VERSION) {
    throw new CheckpointError(`The digit classifier has format version ${String(topology.version)}; this page reads version ${CLASSIFIER_VERSION}.`);
  }
  const about = (artifacts.userDefinedMetadata as { classifier?: ClassifierAbout } | undefined)?.classifier;
  if (!about || typeof about.heldOutAccuracy !== 'number') {
    throw new CheckpointError('The digit classifier’s model.json does not say how accurate it is (metadata.classifier.heldOutAccuracy).');
  }
  return createClassifier(decodeNamedWeights(artifacts, CLASSIFIER_SHAPES, 'digit classifier'), about);
}
