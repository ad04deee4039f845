import { useCallback, useRef, useState } from 'react';
import type { EngineClient } from '../engine/client';
import type { ModelSource, PretrainedInfo, ShippedModel } from '../engine/protocol';
import { fetchPretrained, PRETRAINED_URLS, type PretrainedAbout } from './pretrained';

export interface PretrainedState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  about: PretrainedAbout | null;
  info: PretrainedInfo | null;
  error: string | null;
}

const IDLE: PretrainedState = { status: 'idle', about: null, info: null, error: null };

/**
 * A shipped model beside the learner's own, in the worker: downloaded and loaded on the first
 * `ensure()` (a Sample from it, or asking for its numbers), never before. A failed download says why and
 * can be tried again.
 */
export function usePretrained(client: EngineClient | null, which: ShippedModel = 'pretrained'): [PretrainedState, () => Promise<PretrainedInfo | undefined>] {
  const [state, setState] = useState<{ client: EngineClient | null; value: PretrainedState }>({ client, value: IDLE });
  const loading = useRef<{ client: EngineClient; promise: Promise<PretrainedInfo | undefined> } | null>(null);
  const ensure = useCallback(() => {
    if (!client) return Promise.resolve(undefined);
    if (loading.current?.client === client) return loading.current.promise;
    setState({ client, value: { ...IDLE, status: 'loading' } });
    const promise = (async () => {
      try {
        const { files, about } = await fetchPretrained(PRETRAINED_URLS[which]);
        const info = await client.request({ type: 'loadPretrained', files, which });
        setState({ client, value: { status: 'ready', about, info, error: null } });
        return info;
      } catch (err) {
        loading.current = null;
        setState({ client, value: { ...IDLE, status: 'error', error: (err as Error).message } });
        return undefined;
      }
    })();
    loading.current = { client, promise };
    return promise;
  }, [client, which]);
  // a new engine has nothing loaded
  return [state.client === client ? state.value : IDLE, ensure];
}

/**
 * Which model the sampling and derivation panels use when the learner has not chosen: their own once it
 * has trained; before that the shipped model that fits their settings (the conditional one when their
 * model is conditioned on the digit). A link that asks for a digit gets a conditional model: theirs when
 * it is one and has trained, else the shipped one.
 */
export function automaticSource(yourStep: number, pretrainedFits: boolean, wantsDigit = false, yoursConditional = false): ModelSource {
  if (yourStep > 0) return wantsDigit && !yoursConditional ? 'conditional' : 'yours';
  return wantsDigit || yoursConditional ? 'conditional' : pretrainedFits ? 'pretrained' : 'yours';
}
