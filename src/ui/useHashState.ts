import { useCallback, useEffect, useRef, useState } from 'react';
import { completeState, encodeHash, parseHash, type HashState } from '../state/hash';

const WRITE_DELAY_MS = 250;

/**
 * App state mirrored in the URL hash: read at start and on hashchange (Back/Forward, edited links),
 * written back with replaceState at most every 250 ms while the user works. Bad values become notices.
 */
export function useHashState(): [HashState, (patch: Partial<HashState>) => void, string[], () => void] {
  const [initial] = useState(() => {
    const { values, notices } = parseHash(window.location.hash);
    return { state: completeState(values), notices };
  });
  const [state, setState] = useState<HashState>(initial.state);
  const [notices, setNotices] = useState<string[]>(initial.notices);
  const lastWritten = useRef<string>(window.location.hash);

  // Links edited by hand or history navigation replace the state.
  useEffect(() => {
    const onHash = () => {
      if (window.location.hash === lastWritten.current) return;
      const { values, notices: n } = parseHash(window.location.hash);
      lastWritten.current = window.location.hash;
      setState(completeState(values));
      if (n.length) setNotices(n);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Mirror the state into the hash, throttled.
  useEffect(() => {
    const id = window.setTimeout(() => {
      const hash = encodeHash(state);
      if (hash !== window.location.hash) {
        lastWritten.current = hash;
        window.history.replaceState(window.history.state, '', hash);
      }
    }, WRITE_DELAY_MS);
    return () => window.clearTimeout(id);
  }, [state]);

  const update = useCallback((patch: Partial<HashState>) => setState((s) => ({ ...s, ...patch })), []);
  const dismiss = useCallback(() => setNotices([]), []);
  return [state, update, notices, dismiss];
}
