import { useEffect, useRef, useState } from 'react';

/** t is announced at most this often while it moves (a sweep, a scrub), and always where it stops. */
const ANNOUNCE_INTERVAL_MS = 1500;

/**
 * Tells screen-reader users, politely, where t is now when it changes by a sweep, a host page or a
 * filmstrip click. A focused timestep slider already speaks its own value, so it is not repeated.
 */
export function TAnnouncer({ t, T }: { t: number; T: number }) {
  const [text, setText] = useState('');
  const first = useRef(true);
  const lastAt = useRef(0);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const wait = Math.max(0, ANNOUNCE_INTERVAL_MS - (performance.now() - lastAt.current));
    const id = window.setTimeout(() => {
      lastAt.current = performance.now();
      // a focused timestep slider speaks its own value
      if (document.activeElement?.matches('.timestep-control input[type="range"]')) return;
      setText(`t = ${t} of ${T}`);
    }, wait);
    return () => window.clearTimeout(id);
  }, [t, T]);
  return (
    <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="t-announcer">
      {text}
    </div>
  );
}
