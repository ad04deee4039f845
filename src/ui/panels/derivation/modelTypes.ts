/**
 * What the derivation panel needs from a trained model: Monte-Carlo estimates of the terms of the
 * bound (eqs. 5, 12, 13). The panel only reads these; whoever owns the model implements them.
 */
import type { SigmaKind } from '../../../diffusion/bound';

import type { BoundEstimate, LtEstimate, ModelSource } from '../../../engine/protocol';

export type { BoundEstimate, LtEstimate };

/** A trained model, as the derivation panel sees it. */
export interface DerivationModel {
  /** optimiser steps taken so far */
  trainingStep: number;
  /** the learner's own model or the pretrained one */
  source: ModelSource;
  estimateLt(t: number, sigma: SigmaKind): Promise<LtEstimate>;
  /** stop an estimateLt still waiting or running: its answer is no longer wanted */
  cancelEstimates(): void;
  /** the whole bound with the reverse variance σ_t² chosen in the panel */
  estimateBound(sigma: SigmaKind, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<BoundEstimate>;
}
