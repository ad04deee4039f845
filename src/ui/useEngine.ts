import { useEffect, useState } from 'react';
import { EngineClient } from '../engine/client';
import type { BackendName, BackendReport } from '../engine/protocol';

export type EngineState =
  | { status: 'starting' }
  | { status: 'off' }
  | { status: 'ready'; client: EngineClient; report: BackendReport }
  | { status: 'error'; message: string };

type Settled = { status: 'ready'; client: EngineClient; report: BackendReport } | { status: 'error'; message: string };

/**
 * Start the engine worker and choose its backend (forced by `#backend=` when given); nothing starts
 * while `enabled` is false.
 */
export function useEngine(forceBackend: BackendName | null, enabled = true): EngineState {
  const [settled, setSettled] = useState<{ key: BackendName | null; value: Settled } | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let client: EngineClient | null = null;
    const start = async () => {
      client = new EngineClient();
      const report = await client.request({ type: 'init', forceBackend, baseUrl: document.baseURI });
      return { client, report };
    };
    start().then(
      ({ client: c, report }) => live && setSettled({ key: forceBackend, value: { status: 'ready', client: c, report } }),
      (err: Error) =>
        live && setSettled({ key: forceBackend, value: { status: 'error', message: `The compute engine could not start: ${err.message}` } }),
    );
    return () => {
      live = false;
      client?.terminate();
    };
  }, [forceBackend, enabled]);
  if (!enabled) return { status: 'off' };
  // A result for another backend choice is stale: the new engine is still starting.
  return settled && settled.key === forceBackend ? settled.value : { status: 'starting' };
}
