/**
 * Everything the panels share, wired once: the link's state, the digits, the compute engine, the
 * schedule, x_0, the learner's model in training, which model sampling and the derivation use, the
 * "denoise my digit" start, the sweep of t, and the host page's bridge. The panels read it; App lays
 * them out.
 */
import { useDeferredValue, useEffect, useMemo, type RefObject } from 'react';
import { makeSchedule, sameSchedule } from '../diffusion/schedule';
import { qSampleArray } from '../diffusion/forward';
import { fillGaussian } from '../diffusion/rng';
import { DEFAULT_TRAIN_CONFIG, type QualityPoint } from '../engine/protocol';
import type { QualityReading } from '../state/hostMessages';
import { modelTime } from './modelSchedule';
import { PRETRAINED_SCHEDULE } from './pretrained';
import { useTraining } from './panels/training/useTraining';
import { useDataset } from './useDataset';
import { useDerivationModel } from './panels/derivation/useDerivationModel';
import { useEngine } from './useEngine';
import { useHashState } from './useHashState';
import { useHostBridge } from './useHostBridge';
import { useModelSource } from './useModelSource';
import { useSweep } from './useSweep';
import { useOffscreenPause, useTrainingCoordinator } from './useTrainingCoordinator';
import { useX0 } from './useX0';

/** `embedRoot`: the embed's root element (training pauses when the host page scrolls it out of view). */
export function useExplorable(embedRoot: RefObject<HTMLElement | null>) {
  const [state, update, notices, dismissNotices] = useHashState();
  const dataset = useDataset();
  // The forward panel is pure arithmetic: embedded alone, it needs no compute engine at all.
  const needsEngine = !(state.embed && state.panel === 'forward');
  const engine = useEngine(state.backend, needsEngine);
  const schedule = useMemo(() => makeSchedule({ kind: state.schedule, T: state.T }), [state.schedule, state.T]);
  const x0 = useX0(state, update, dataset);
  const digitSet = dataset.status === 'ready' ? dataset.set : null;
  const client = engine.status === 'ready' ? engine.client : null;
  const [training, trainingActions] = useTraining(client, digitSet, {
    ...DEFAULT_TRAIN_CONFIG,
    model: state.model,
    size: state.size,
    schedule: { kind: state.schedule, T: state.T },
    conditional: state.conditional,
  });
  // The model the sampling and derivation panels use: the learner's own, or a shipped one beside it.
  const models = useModelSource(client, training.info, training.step, state.digitClass !== 'any');
  const trainedOn = models.source !== 'yours' ? (models.pretrained.info?.schedule ?? PRETRAINED_SCHEDULE) : training.info?.config.schedule;
  const trainingSchedule = useMemo(
    () => (trainedOn && !sameSchedule(trainedOn, schedule) ? makeSchedule(trainedOn) : schedule),
    [trainedOn, schedule],
  );
  // the worker reads previews and the quality history only while the meter is shown
  useEffect(() => {
    void client?.request({ type: 'meter', on: state.meter });
  }, [client, state.meter]);
  // "Denoise my digit": x_t built with the model's schedule, at its timestep with the forward panel's noise level
  // (deferred: a scrub paints the panel being scrubbed first, the sampling panel's x_t after)
  const deferredT = useDeferredValue(state.t);
  const modelT = useMemo(() => modelTime(schedule, deferredT, trainingSchedule), [schedule, deferredT, trainingSchedule]);
  const pixels = x0.x0?.pixels;
  const denoiseStart = useMemo(
    () =>
      pixels && modelT.t >= 1
        ? { xt: qSampleArray(pixels, fillGaussian(new Float32Array(784), state.seed), modelT.t, trainingSchedule), t: modelT.t, x0: pixels, note: modelT.note }
        : null,
    [pixels, state.seed, modelT, trainingSchedule],
  );
  const [sweeping, setSweeping] = useSweep(state.t, state.T, (t) => update({ t }));
  const sweep = useMemo(() => ({ playing: sweeping, setPlaying: setSweeping }), [sweeping, setSweeping]);
  const otherTraining = useTrainingCoordinator(training.running, trainingActions.pause);
  useOffscreenPause(embedRoot, state.embed && training.running, trainingActions.pause);
  useHostBridge({
    panel: state.panel,
    t: state.t,
    T: state.T,
    sweeping,
    step: needsEngine ? training.step : null,
    loss: training.smoothedLoss,
    quality: latestQuality(training.quality, state.meter),
    training: training.running,
    setT: (t) => update({ t }),
    setSweeping,
    // only the training panel trains for a host (the others have no Pause button to show for it)
    train: state.panel !== 'training' ? 'none' : training.status === 'ready' ? (on) => void trainingActions.train(on) : 'loading',
  });
  const derivationModel = useDerivationModel(client, training.step, models.source, models.pretrained.info?.step ?? null);
  return {
    state, update, notices, dismissNotices, dataset, digitSet, engine, client, schedule, x0, training, trainingActions, models,
    trainingSchedule, denoiseStart, sweep, otherTraining, derivationModel,
  };
}

/** What useExplorable wires, as the panels read it. */
export type Explorable = ReturnType<typeof useExplorable>;

/** The meter's latest reading for the host page (none when the meter is hidden). */
function latestQuality(points: QualityPoint[], meter: boolean): QualityReading | null {
  const p = points[points.length - 1];
  return meter && p ? { step: p.step, confident: p.confident, fd: p.fd, fdFloor: p.fdFloor } : null;
}
