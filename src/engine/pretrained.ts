/**
 * The pretrained model beside the learner's: loaded from the shipped files (public/models/unet/) into a
 * model of its own, which is sampled and estimated but never trained. Its parameters are the EMA weights
 * the reference exported.
 */
import * as tf from '@tensorflow/tfjs';
import { makeSchedule, type Schedule } from '../diffusion/schedule';
import { CheckpointError, createDenoiser, fromArtifacts, loadIntoModel, paramCountOf, paramSpecsOf, type Denoiser } from '../model';
import { filesToArtifacts } from './checkpoint';
import { choiceOf } from './models';
import type { CheckpointFiles, PretrainedInfo, TrainConfig } from './protocol';

export interface LoadedPretrained {
  model: Denoiser;
  schedule: Schedule;
  info: PretrainedInfo;
}

/** Builds the pretrained model from its files; a CheckpointError says what is wrong with them. */
export function loadPretrained(files: CheckpointFiles): LoadedPretrained {
  const contents = fromArtifacts(filesToArtifacts(files));
  try {
    const choice = choiceOf(contents.config);
    if (!choice) throw new CheckpointError('The pretrained model’s architecture is not one of the explorable’s models.');
    const meta = contents.metadata as { pretrained?: { steps?: unknown }; trainConfig?: Partial<TrainConfig> };
    const steps = meta.pretrained?.steps;
    if (typeof steps !== 'number' || !(steps > 0)) throw new CheckpointError('The pretrained model’s metadata does not say how long it was trained.');
    const schedule = meta.trainConfig?.schedule ?? { kind: 'linear', T: 1000 };
    const built = makeSchedule(schedule);
    const model = createDenoiser(contents.config);
    try {
      loadIntoModel(model, contents.tensors);
    } catch (err) {
      model.dispose();
      throw err;
    }
    return {
      model,
      schedule: built,
      info: { step: steps, ...choice, schedule: { kind: built.kind, T: built.T }, paramCount: paramCountOf(paramSpecsOf(contents.config)) },
    };
  } finally {
    tf.dispose([...contents.tensors.values()]);
  }
}
