/**
 * A reverse-sampling run as the sampling panel records it (samplingController.ts records it from the
 * frames of a sampling job; the worker's side is engine/sampleJob.ts), and where a run may start.
 */
import type { DigitScores, SamplerSpec } from '../../../engine/protocol';
import type { Guidance } from '../../../diffusion/guidance';
import type { TrajectoryStore } from './trajectory';

/** Where a run starts: pure noise x_T, or the forward panel's x_t ("denoise my digit"). */
export interface DenoiseStart {
  xt: Float32Array;
  t: number;
  /** the clean digit x_t was made from, shown beside the results */
  x0: Float32Array;
  /** when the model's schedule differs from the forward panel's, the sentence that says so */
  note?: string | null;
}

export interface SamplingRun {
  id: number;
  sampler: SamplerSpec;
  seed: number;
  /** the forward panel's start, for "denoise my digit"; null for a run from pure noise */
  from: { t: number; x0: Float32Array } | null;
  /** a conditional model's run: the digit asked for (null: any) and the guidance scale */
  guidance: Guidance | null;
  /** network evaluations the whole run takes */
  nfe: number;
  /** the model's training step when the run started (0: untrained) */
  modelStep: number;
  ema: boolean;
  /** the recorded trajectory (appended to in place; the snapshot's `stepsDone` says how far) */
  store: TrajectoryStore;
  /** wall time spent stepping, ms (includes waiting while training shares the worker) */
  wallMs: number;
  /** the worker said the chain has ended */
  finished: boolean;
  cancelled: boolean;
  /** what the digit classifier makes of the finished x_0 (undefined: not asked yet; null: on its way) */
  scores?: DigitScores | null;
  /** why the samples could not be scored */
  scoreError?: string;
  /** x_0 of every chain [n · 784] once the run has ended */
  final?: Float32Array;
}
