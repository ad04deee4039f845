import { useEffect, useState } from 'react';

/**
 * True once `on` has held for `delayMs` with the same `key`; false at once when `on` turns false. For
 * a "still working" mark that should not flash on every frame of a drag when each answer comes within
 * a frame or two (each flash would restyle and lay out its element twice): `key` names what is shown
 * (the last answer), so the delay starts again whenever a newer answer arrives.
 */
export function useLateFlag(on: boolean, key: unknown, delayMs: number): boolean {
  const [late, setLate] = useState<{ key: unknown } | null>(null);
  useEffect(() => {
    if (!on) return;
    const timer = window.setTimeout(() => setLate({ key }), delayMs);
    return () => window.clearTimeout(timer);
  }, [on, key, delayMs]);
  return on && late !== null && late.key === key;
}
