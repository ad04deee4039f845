import { memo, useMemo } from 'react';
import { qSampleArray } from '../../../diffusion/forward';
import type { Schedule } from '../../../diffusion/schedule';
import { DigitImage } from '../../DigitCanvas';

const FRAMES = 9;

/** The timesteps of the filmstrip: 0, T/8, …, T (rounded). */
export function filmstripTimesteps(T: number, frames = FRAMES): number[] {
  return Array.from({ length: frames }, (_, k) => Math.round((k * T) / (frames - 1)));
}

export interface FilmstripProps {
  x0: Float32Array;
  eps: Float32Array;
  schedule: Schedule;
  t: number;
  onJump: (t: number) => void;
}

/** x_t at nine timesteps across [0, T] with the same ε; the current t is marked; a click jumps there. */
export const Filmstrip = memo(function Filmstrip({ x0, eps, schedule, t, onJump }: FilmstripProps) {
  const frames = useMemo(
    () => filmstripTimesteps(schedule.T).map((ft) => ({ t: ft, x: qSampleArray(x0, eps, ft, schedule) })),
    [x0, eps, schedule],
  );
  const fraction = schedule.T > 0 ? t / schedule.T : 0;
  const late = fraction > 0.5;
  return (
    <div className="filmstrip">
      <ol className="filmstrip-frames" aria-label="x_t at nine timesteps">
        {frames.map((f) => (
          <li key={f.t}>
            <button
              type="button"
              className="filmstrip-frame"
              aria-current={f.t === t ? 'true' : undefined}
              aria-label={`Jump to t = ${f.t}`}
              onClick={() => onJump(f.t)}
            >
              <DigitImage pixels={f.x} size={44} label={`x_t at t = ${f.t}`} />
              <span className="filmstrip-t">{f.t}</span>
            </button>
          </li>
        ))}
      </ol>
      <div className="filmstrip-track" aria-hidden="true">
        {/* past the middle the label ends at the arrow, so that near t = T it stays inside the track */}
        <span
          className="filmstrip-marker"
          style={late ? { marginLeft: 'auto', marginRight: `calc(${(1 - fraction) * 100}% - 6px)` } : { marginLeft: `calc(${fraction * 100}% - 6px)` }}
        >
          {late ? `t = ${t} ▲` : `▲ t = ${t}`}
        </span>
      </div>
      <p className="caption">
        Every frame is eq. 4 at its t with the same ε, so the strip shows how much noise each t holds; adjacent frames
        are not one step of eq. 2 apart (that would draw new noise at every step).
      </p>
    </div>
  );
});
