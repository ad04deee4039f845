/**
 * The sampling panel's hook: one SamplingController per engine (a run belongs to the engine that
 * computed it, so a new engine shows no run), read through useSyncExternalStore. The controller does
 * the work: the sampler runs in the worker as a job and sends its frames; see samplingController.ts.
 */
import { useEffect, useMemo } from 'react';
import { useStore } from '../../store';
import type { EngineClient } from '../../../engine/client';
import { SamplingController, type SampleRequest, type SamplingOptions, type SamplingSnapshot } from './samplingController';

export interface SamplingActions {
  /** start a new run: x_T ~ N(0, I) from the seed, or the given x_t for every chain */
  sample(req: SampleRequest): void;
  stepOnce(): void;
  /** run the rest of the chain, animating */
  runToEnd(): void;
  pause(): void;
  /** stop the run for good; what was recorded stays for scrubbing */
  cancel(): void;
  setPosition(p: number): void;
}

export function useSampling(client: EngineClient | null, options: SamplingOptions): [SamplingSnapshot, SamplingActions] {
  // the options of the first render seed the controller; later ones reach it through the effect below
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const controller = useMemo(() => new SamplingController(client, options), [client]);
  const snapshot = useStore(controller.store);
  useEffect(() => controller.setOptions(options), [controller, options.reducedMotion, options.stepsPerSecond, options.meter]); // eslint-disable-line react-hooks/exhaustive-deps
  // the panel or the engine goes away: its job stops
  useEffect(() => () => controller.dispose(), [controller]);
  const actions = useMemo<SamplingActions>(
    () => ({
      sample: (req) => controller.sample(req),
      stepOnce: () => controller.stepOnce(),
      runToEnd: () => controller.runToEnd(),
      pause: () => controller.pause(),
      cancel: () => controller.cancel(),
      setPosition: (p) => controller.setPosition(p),
    }),
    [controller],
  );
  return [snapshot, actions];
}
