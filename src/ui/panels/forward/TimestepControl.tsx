import { useContext, type KeyboardEvent } from 'react';
import { SweepContext } from '../../useSweep';

export interface TimestepControlProps {
  t: number;
  T: number;
  onChange: (t: number) => void;
  /** id prefix, so several panels can each have a slider */
  id: string;
}

/**
 * The "Timestep t" slider: arrows ±1 (native), PageUp/PageDown ±T/10, Home/End to 0 and T; plus a
 * play button for the page's sweep of t (see useSweep).
 */
export function TimestepControl({ t, T, onChange, id }: TimestepControlProps) {
  const { playing: sweeping, setPlaying: onSweepingChange } = useContext(SweepContext);
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
      <button type="button" aria-pressed={sweeping} onClick={() => onSweepingChange(!sweeping)}>
        {sweeping ? 'Pause sweep' : 'Play sweep'}
      </button>
    </div>
  );
}
