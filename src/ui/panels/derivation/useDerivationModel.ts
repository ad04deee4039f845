import { useEffect, useMemo, useState } from 'react';
import type { EngineClient } from '../../../engine/client';
import type { ModelSource } from '../../../engine/protocol';
import type { DerivationModel } from './modelTypes';

/**
 * Strata of t for Σ L_{t−1}, and draws per stratum, when estimating the whole bound: 50 × 100 draws
 * cover the 1,000 held-out digits five times over.
 */
const BOUND_STRATA = 50;
const BOUND_EXAMPLES = 100;

/** While training runs, the model's numbers are re-estimated at most this often. */
const REFRESH_MS = 5_000;

/** `value`, but changing at most once per `ms` (the last value always arrives). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const [since, setSince] = useState(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = Math.max(0, since + ms - performance.now());
    const id = window.setTimeout(() => {
      setShown(value);
      setSince(performance.now());
    }, wait);
    return () => window.clearTimeout(id);
  }, [value, shown, ms, since]);
  return shown;
}

/**
 * The derivation panel's view of the chosen model: the learner's once it has trained at all (its step,
 * which keys the panel's estimates, follows training at most every 5 s), or the pretrained one once
 * loaded (`pretrainedStep`); null otherwise.
 */
export function useDerivationModel(client: EngineClient | null, currentStep: number, source: ModelSource, pretrainedStep: number | null): DerivationModel | null {
  const yourStep = useThrottled(currentStep, REFRESH_MS);
  const trainingStep = source !== 'yours' ? pretrainedStep ?? 0 : yourStep;
  const available = trainingStep > 0;
  const model = useMemo<Omit<DerivationModel, 'trainingStep'> | null>(() => {
    if (!client || !available) return null;
    return {
      source,
      estimateLt: (t, sigma) => client.request({ type: 'estimateLt', t: Math.max(1, t), sigma, source }),
      cancelEstimates: () => void client.request({ type: 'cancelEstimates' }).catch(() => undefined),
      estimateBound: (sigma, onProgress, signal) =>
        client.run({ kind: 'bound', sigma, strata: BOUND_STRATA, n: BOUND_EXAMPLES, source }, { onProgress: (p) => onProgress(p.fraction), signal }),
    };
  }, [client, available, source]);
  return useMemo(() => (model ? { ...model, trainingStep } : null), [model, trainingStep]);
}
