import { useCallback, useEffect, useRef, useState } from 'react';
import { completeState, encodeHash, parseHash, type HashState } from '../state/hash';
import { historyWrite } from '../state/historyPolicy';

/**
 * The hash is written at most this often while the user works (a throttle with a trailing write);
 * Safari refuses more than about 100 history writes in 30 s.
 */
const WRITE_INTERVAL_MS = 400;

/**
 * App state mirrored in the URL hash: read at start, on Back/Forward and on hand-edited links, and
 * written back at most every 0.4 s while the user works. A change after a pause starts a new history
 * entry, so Back returns to the previous view; changes in quick succession (a scrub, a sweep) update
 * one entry. An embed never adds history entries: they would hijack the host page's Back button.
 * Bad values become notices.
 */
export function useHashState(): [HashState, (patch: Partial<HashState>) => void, string[], () => void] {
  const [initial] = useState(() => {
    const { values, notices } = parseHash(window.location.hash);
    return { state: completeState(values), notices };
  });
  const [state, setState] = useState<HashState>(initial.state);
  const [notices, setNotices] = useState<string[]>(initial.notices);
  const lastWritten = useRef<string>(window.location.hash);
  const lastWriteAt = useRef(0);
  // The state as a link or Back/Forward gave it: writing it back only tidies that entry's hash.
  const navigated = useRef<HashState>(initial.state);

  // Back/Forward and links edited by hand replace the state.
  useEffect(() => {
    const onNavigate = () => {
      if (window.location.hash === lastWritten.current) return;
      const { values, notices: n } = parseHash(window.location.hash);
      lastWritten.current = window.location.hash;
      lastWriteAt.current = 0;
      const next = completeState(values);
      navigated.current = next;
      setState(next);
      if (n.length) setNotices(n);
    };
    window.addEventListener('popstate', onNavigate);
    window.addEventListener('hashchange', onNavigate);
    return () => {
      window.removeEventListener('popstate', onNavigate);
      window.removeEventListener('hashchange', onNavigate);
    };
  }, []);

  // Mirror the state into the hash, throttled.
  useEffect(() => {
    const write = () => {
      const hash = encodeHash(state);
      if (hash === window.location.hash) return;
      const now = performance.now();
      const first = state === navigated.current;
      const how = historyWrite({ embed: state.embed, sinceLastWriteMs: now - lastWriteAt.current, first });
      lastWritten.current = hash;
      // a tidy-up does not count as work: the learner's first change after it is a new entry
      if (!first) lastWriteAt.current = now;
      try {
        if (how === 'push') window.history.pushState(null, '', hash);
        else window.history.replaceState(window.history.state, '', hash);
      } catch {
        // a browser that limits history writes: the next write catches up
        lastWritten.current = window.location.hash;
      }
    };
    const wait = Math.max(0, WRITE_INTERVAL_MS - (performance.now() - lastWriteAt.current));
    const id = window.setTimeout(write, wait);
    return () => window.clearTimeout(id);
  }, [state]);

  const update = useCallback((patch: Partial<HashState>) => setState((s) => ({ ...s, ...patch })), []);
  const dismiss = useCallback(() => setNotices([]), []);
  return [state, update, notices, dismiss];
}
