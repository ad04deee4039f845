import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { fillGaussian } from '../../../diffusion/rng';
import type { Schedule } from '../../../diffusion/schedule';
import type { DigitSet } from '../../../data/format';
import type { HashState, ScheduleName } from '../../../state/hash';
import { ChainFigure } from './ChainFigure';
import { Eq4 } from './Eq4';
import { Filmstrip } from './Filmstrip';
import { ForwardImages, type Pixel } from './ForwardImages';
import { PixelSection } from './PixelSection';
import { ScheduleSection } from './ScheduleSection';
import { TimestepControl } from './TimestepControl';
import { useOnScreen } from '../../useOnScreen';
import { useScrubbedT } from './useScrubbedT';
import { X0Chooser } from './X0Chooser';
import './forward.css';

export interface X0 {
  pixels: Float32Array;
  /** e.g. "MNIST digit 7, #1234" or "your drawing" */
  label: string;
}

export interface ForwardPanelProps {
  state: HashState;
  update: (patch: Partial<HashState>) => void;
  schedule: Schedule;
  x0: X0;
  set: DigitSet | null;
  /** the drawing as the pad holds it (full precision), if any */
  drawing: Float32Array | null;
  onDraw: (pixels: Float32Array) => void;
}

/** A part of the panel, told whether it is on screen. */
function Part({ children }: { children: (onScreen: boolean) => ReactNode }) {
  const [ref, onScreen] = useOnScreen<HTMLDivElement>();
  return <div ref={ref}>{children(onScreen)}</div>;
}

/**
 * The forward process q(x_t|x_0): scrub t and watch the closed form of eq. 4 on a real digit,
 * computed on plain arrays on the main thread so that every frame of a drag redraws what is on screen at once.
 *
 * A scrub's own frame redraws the slider and the parts on screen; the parts off screen follow in the
 * transition that brings the rest of the page up to date (useScrubbedT), so that the frame's work is
 * bounded by what can be seen. The parts are memoised, and a part whose t has not changed skips.
 */
export function ForwardPanel({ state, update, schedule, x0, set, drawing, onDraw }: ForwardPanelProps) {
  const { seed } = state;
  const [t, setT] = useScrubbedT(state.t, schedule.T, update);
  // the t of the rest of the page, which a scrub reaches in a transition
  const pageT = Math.min(state.t, schedule.T);
  const at = (onScreen: boolean) => (onScreen ? t : pageT);
  const [pixel, setPixel] = useState<Pixel>({ row: 14, col: 14 });
  const eps = useMemo(() => fillGaussian(new Float32Array(784), seed), [seed]);
  const selectDigit = useCallback((i: number) => update({ digit: i }), [update]);
  const newNoise = useCallback(() => update({ seed: (Math.random() * 0xffffffff) >>> 0 }), [update]);
  // the shown t, read when the schedule changes: a setter that does not change with t keeps the
  // schedule section's memo
  const shown = useRef({ t, T: schedule.T });
  useEffect(() => {
    shown.current = { t, T: schedule.T };
  });
  const changeSchedule = useCallback(
    (kind: ScheduleName, T: number) => update({ schedule: kind, T, t: Math.min(T, Math.round((shown.current.t * T) / shown.current.T)) }),
    [update],
  );

  return (
    <div className="forward-panel">
      <p className="panel-intro">
        The forward process destroys a digit by adding a little Gaussian noise at each of T steps (eq. 2). Because Gaussians
        compose, you can jump to any step in one go (eq. 4): x<sub>t</sub> is the digit, shrunk by √ᾱ<sub>t</sub>, plus
        noise scaled by √(1−ᾱ<sub>t</sub>). Drag the slider, or focus it and use the arrow keys, Page Up/Down, Home and End.
      </p>
      <TimestepControl id="forward" t={t} T={schedule.T} onChange={setT} />
      <Part>
        {(onScreen) => (
          <ForwardImages
            x0={x0.pixels}
            eps={eps}
            schedule={schedule}
            t={at(onScreen)}
            x0Label={x0.label}
            pixel={pixel}
            onPickPixel={setPixel}
            onNewNoise={newNoise}
          />
        )}
      </Part>
      <Part>{(onScreen) => <Eq4 schedule={schedule} t={at(onScreen)} />}</Part>
      <h3>Across the chain</h3>
      <Part>{(onScreen) => <Filmstrip x0={x0.pixels} eps={eps} schedule={schedule} t={at(onScreen)} onJump={setT} />}</Part>
      <Part>{(onScreen) => <ChainFigure x0={x0.pixels} eps={eps} schedule={schedule} t={at(onScreen)} />}</Part>
      <h3>The schedule</h3>
      <Part>
        {(onScreen) => (
          <ScheduleSection schedule={schedule} x0={x0.pixels} t={at(onScreen)} onChangeT={setT} onChangeSchedule={changeSchedule} />
        )}
      </Part>
      <h3>One pixel’s distribution</h3>
      <Part>
        {(onScreen) => <PixelSection x0={x0.pixels} schedule={schedule} t={at(onScreen)} seed={seed} pixel={pixel} onPickPixel={setPixel} />}
      </Part>
      <h3>Choose x₀</h3>
      <X0Chooser
        set={set}
        selected={state.digit}
        drawing={drawing}
        onSelect={selectDigit}
        onDraw={onDraw}
      />
    </div>
  );
}
