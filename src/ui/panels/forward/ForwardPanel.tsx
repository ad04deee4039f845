import { useCallback, useMemo, useState } from 'react';
import { qSampleArray } from '../../../diffusion/forward';
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

/**
 * The forward process q(x_t|x_0): scrub t and watch the closed form of eq. 4 on a real digit,
 * computed on plain arrays on the main thread so that every frame of a drag redraws at once.
 */
export function ForwardPanel({ state, update, schedule, x0, set, drawing, onDraw }: ForwardPanelProps) {
  const { seed } = state;
  // a scrub repaints this panel at once and the rest of the page after it (useScrubbedT)
  const [t, setT] = useScrubbedT(state.t, schedule.T, update);
  const [pixel, setPixel] = useState<Pixel>({ row: 14, col: 14 });
  const eps = useMemo(() => fillGaussian(new Float32Array(784), seed), [seed]);
  const xt = useMemo(() => qSampleArray(x0.pixels, eps, t, schedule), [x0, eps, t, schedule]);
  const selectDigit = useCallback((i: number) => update({ digit: i }), [update]);
  const changeSchedule = (kind: ScheduleName, T: number) =>
    update({ schedule: kind, T, t: Math.min(T, Math.round((t * T) / schedule.T)) });

  return (
    <div className="forward-panel">
      <p className="panel-intro">
        The forward process destroys a digit by adding a little Gaussian noise at each of T steps (eq. 2). Because Gaussians
        compose, you can jump to any step in one go (eq. 4): x<sub>t</sub> is the digit, shrunk by √ᾱ<sub>t</sub>, plus
        noise scaled by √(1−ᾱ<sub>t</sub>). Drag the slider, or focus it and use the arrow keys, Page Up/Down, Home and End.
      </p>
      <TimestepControl id="forward" t={t} T={schedule.T} onChange={setT} />
      <ForwardImages
        x0={x0.pixels}
        eps={eps}
        xt={xt}
        t={t}
        x0Label={x0.label}
        pixel={pixel}
        onPickPixel={setPixel}
        onNewNoise={() => update({ seed: (Math.random() * 0xffffffff) >>> 0 })}
      />
      <Eq4 schedule={schedule} t={t} />
      <h3>Across the chain</h3>
      <Filmstrip x0={x0.pixels} eps={eps} schedule={schedule} t={t} onJump={setT} />
      <ChainFigure x0={x0.pixels} eps={eps} schedule={schedule} t={t} />
      <h3>The schedule</h3>
      <ScheduleSection schedule={schedule} x0={x0.pixels} t={t} onChangeT={setT} onChangeSchedule={changeSchedule} />
      <h3>One pixel’s distribution</h3>
      <PixelSection x0={x0.pixels} schedule={schedule} t={t} seed={seed} pixel={pixel} onPickPixel={setPixel} />
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
