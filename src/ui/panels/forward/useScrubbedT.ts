import { startTransition, useCallback, useEffect, useOptimistic, useRef } from 'react';
import type { HashState } from '../../../state/hash';

/** How long the rest of the page may trail a drag before it is brought up to date at once. */
const MAX_LAG_MS = 250;

/**
 * The t a scrubbed panel shows, and how it sets it. The new t is shown at once (useOptimistic) while
 * the shared state (the link, the other panels, which also show t) follows in a transition, so one
 * step of a drag renders and commits this panel only. Urgent updates elsewhere (the training panel's
 * readings, every frame while it trains) restart that transition; so that the page never trails by
 * more than MAX_LAG_MS, a drag whose transition has waited that long sets t urgently once.
 * The shown t is clamped to T: a dragged value may outlast a change of schedule (Back, a new T).
 * The setter is stable, so that the parts of a panel that take it can skip a render.
 */
export function useScrubbedT(t: number, T: number, update: (patch: Partial<HashState>) => void): [number, (next: number) => void] {
  const [shownT, showT] = useOptimistic(t);
  const waitingSince = useRef<number | null>(null);
  // a committed t (from this panel's transition or any other writer) ends the wait
  useEffect(() => {
    waitingSince.current = null;
  }, [t]);
  const setT = useCallback(
    (next: number) => {
      startTransition(() => {
        showT(next);
        update({ t: next });
      });
      const now = performance.now();
      if (waitingSince.current === null) waitingSince.current = now;
      else if (now - waitingSince.current > MAX_LAG_MS) {
        waitingSince.current = null;
        update({ t: next });
      }
    },
    [showT, update],
  );
  return [Math.min(shownT, T), setT];
}
