import { useState } from 'react';
import type { EngineClient } from '../engine/client';
import type { ModelInfo, ModelSource, PretrainedInfo } from '../engine/protocol';
import { automaticSource, usePretrained, type PretrainedState } from './usePretrained';

export interface ModelSourceState {
  /** the model the sampling and derivation panels use */
  source: ModelSource;
  /** the learner chose one (null: automatic, see automaticSource) */
  choose: (source: ModelSource | null) => void;
  /** keep the model now in use even if what made the automatic choice changes (e.g. "any digit" picked) */
  pin: () => void;
  /** both shipped models, each loaded on first use */
  plainModel: PretrainedState;
  conditionalModel: PretrainedState;
  /** the shipped model of `source` (the plain one when `source` is 'yours'), and how to load it */
  pretrained: PretrainedState;
  ensurePretrained: () => Promise<PretrainedInfo | undefined>;
  /** the learner's model is conditioned on the digit */
  yoursConditional: boolean;
  /** the model in use can be asked for a digit */
  conditional: boolean;
}

/**
 * Which model the sampling and derivation panels use: the learner's own, or a shipped one beside it,
 * chosen automatically (automaticSource) until the learner picks one.
 */
export function useModelSource(client: EngineClient | null, info: ModelInfo | null, step: number, wantsDigit: boolean): ModelSourceState {
  const [plainModel, ensurePlain] = usePretrained(client, 'pretrained');
  const [conditionalModel, ensureConditional] = usePretrained(client, 'conditional');
  const [choice, choose] = useState<ModelSource | null>(null);
  const pretrainedFits = info?.config.model === 'unet' && info.config.size === 'default';
  const yoursConditional = info?.config.conditional === true;
  const source = choice ?? automaticSource(step, pretrainedFits, wantsDigit, yoursConditional);
  const [pretrained, ensurePretrained] = source === 'conditional' ? [conditionalModel, ensureConditional] : [plainModel, ensurePlain];
  return {
    source,
    choose,
    pin: () => {
      if (choice === null) choose(source);
    },
    plainModel,
    conditionalModel,
    pretrained,
    ensurePretrained,
    yoursConditional,
    conditional: source === 'conditional' || (source === 'yours' && yoursConditional),
  };
}
