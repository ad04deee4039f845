import { useEffect, useState } from 'react';
import type { DigitSet } from '../data/format';
import { loadDigitSet, type LoadProgress } from '../data/loader';

export type DatasetState =
  | { status: 'loading'; progress: LoadProgress }
  | { status: 'ready'; set: DigitSet }
  | { status: 'error'; message: string };

/** Load the MNIST asset once, reporting progress; errors become a message, never a crash. */
export function useDataset(): DatasetState {
  const [state, setState] = useState<DatasetState>({ status: 'loading', progress: { loaded: 0, total: null } });
  useEffect(() => {
    const abort = new AbortController();
    let last = 0;
    loadDigitSet(undefined, (progress) => {
      // At most ~20 progress renders a second.
      const now = performance.now();
      if (now - last > 50 || progress.loaded === progress.total) {
        last = now;
        setState({ status: 'loading', progress });
      }
    }, abort.signal)
      .then((set) => setState({ status: 'ready', set }))
      .catch((err: Error) => {
        if (!abort.signal.aborted) setState({ status: 'error', message: err.message });
      });
    return () => abort.abort();
  }, []);
  return state;
}
