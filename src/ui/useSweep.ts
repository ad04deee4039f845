import { createContext, useEffect, useRef, useState } from 'react';
import { useReducedMotion } from './useReducedMotion';

/** Seconds for one sweep from 0 to T (and as long back). */
const SWEEP_SECONDS = 6;
/** With reduced motion the sweep jumps in tenths of T, this far apart. */
const REDUCED_STEP_MS = 700;

/**
 * The sweep of t: 0 → T → 0 and again, while `playing`. One sweep for the whole page, so the play
 * buttons of both timestep sliders and a host page (over postMessage) drive the same animation. Under
 * prefers-reduced-motion it jumps in tenths of T instead of gliding.
 */
export function useSweep(t: number, T: number, setT: (t: number) => void): [boolean, (playing: boolean) => void] {
  const [playing, setPlaying] = useState(false);
  const reduced = useReducedMotion();
  const live = useRef({ t, T, setT });
  useEffect(() => {
    live.current = { t, T, setT };
  });

  useEffect(() => {
    if (!playing) return;
    let dir = live.current.t >= live.current.T ? -1 : 1;
    let pos = live.current.t;
    const advance = (dt: number) => {
      const { T: TT, setT: set } = live.current;
      pos += dir * dt;
      if (pos >= TT) {
        pos = TT;
        dir = -1;
      } else if (pos <= 0) {
        pos = 0;
        dir = 1;
      }
      set(Math.round(pos));
    };
    if (reduced) {
      const h = window.setInterval(() => advance(live.current.T / 10), REDUCED_STEP_MS);
      return () => window.clearInterval(h);
    }
    let raf = 0;
    let last = performance.now();
    const frame = (now: number) => {
      advance(((now - last) / 1000) * (live.current.T / SWEEP_SECONDS));
      last = now;
      raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
  }, [playing, reduced]);

  return [playing, setPlaying];
}

/** The page's sweep, for the play buttons of the timestep sliders. */
export const SweepContext = createContext<{ playing: boolean; setPlaying: (playing: boolean) => void }>({
  playing: false,
  setPlaying: () => {},
});
