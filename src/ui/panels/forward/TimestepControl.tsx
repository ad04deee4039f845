import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useReducedMotion } from '../../useReducedMotion';

export interface TimestepControlProps {
  t: number;
  T: number;
  onChange: (t: number) => void;
  /** id prefix, so several panels can each have a slider */
  id: string;
}

/** Seconds for one sweep from 0 to T (and as long back). */
const SWEEP_SECONDS = 6;
/** With reduced motion the sweep jumps in tenths of T, this far apart. */
const REDUCED_STEP_MS = 700;

/**
 * The "Timestep t" slider: arrows ±1 (native), PageUp/PageDown ±T/10, Home/End to 0 and T; plus a
 * play button that sweeps 0 → T → 0 (in coarse jumps under prefers-reduced-motion).
 */
export function TimestepControl({ t, T, onChange, id }: TimestepControlProps) {
  const [playing, setPlaying] = useState(false);
  const reduced = useReducedMotion();
  const live = useRef({ t, T, onChange });
  useEffect(() => {
    live.current = { t, T, onChange };
  });

  useEffect(() => {
    if (!playing) return;
    let dir = live.current.t >= live.current.T ? -1 : 1;
    let pos = live.current.t;
    const advance = (dt: number) => {
      const { T: TT, onChange: set } = live.current;
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

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const big = Math.max(1, Math.round(T / 10));
    const to = { PageUp: t + big, PageDown: t - big, Home: 0, End: T }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    onChange(Math.min(T, Math.max(0, to)));
  };

  return (
    <div className="timestep-control">
      <label htmlFor={`${id}-t`} className="timestep-label">
        Timestep t
      </label>
      <input
        id={`${id}-t`}
        type="range"
        min={0}
        max={T}
        step={1}
        value={t}
        aria-valuetext={`t = ${t} of ${T}`}
        onChange={(e) => onChange(Number(e.currentTarget.value))}
        onKeyDown={onKeyDown}
      />
      <output htmlFor={`${id}-t`} className="timestep-value" data-testid={`${id}-t-value`}>
        t = {t}
      </output>
      <button type="button" aria-pressed={playing} onClick={() => setPlaying((p) => !p)}>
        {playing ? 'Pause sweep' : 'Play sweep'}
      </button>
    </div>
  );
}
