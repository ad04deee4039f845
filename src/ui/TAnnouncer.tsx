import { useEffect, useRef, useState } from 'react';

/** t is announced at most this often while it moves (a sweep, a scrub), and always where it stops. */
const ANNOUNCE_INTERVAL_MS = 1500;

/**
 * Tells screen-reader users, politely, where t is now when it changes by a sweep, a host page or a
 * filmstrip click. A focused slider already speaks its own value, so its changes are not repeated.
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
      const focused = document.activeElement;
      if (focused instanceof HTMLInputElement && focused.type === 'range') return;
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
