import { memo, useMemo, type PointerEvent } from 'react';
import { qSampleArray } from '../../../diffusion/forward';
import type { Schedule } from '../../../diffusion/schedule';
import { DigitCanvas } from '../../DigitCanvas';

export interface Pixel {
  row: number;
  col: number;
}

export interface ForwardImagesProps {
  x0: Float32Array;
  eps: Float32Array;
  schedule: Schedule;
  t: number;
  x0Label: string;
  pixel: Pixel;
  onPickPixel: (p: Pixel) => void;
  onNewNoise: () => void;
}

const BIG = 196;

/** Pixel under a pointer on a 28×28 canvas shown at any CSS size. */
function pixelAt(e: PointerEvent<HTMLCanvasElement>): Pixel {
  const r = e.currentTarget.getBoundingClientRect();
  const col = Math.min(27, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * 28)));
  const row = Math.min(27, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * 28)));
  return { row, col };
}

/** x_0, the fixed noise ε and x_t (eq. 4) side by side, large and crisp, with the grey-level legend. */
export const ForwardImages = memo(function ForwardImages({ x0, eps, schedule, t, x0Label, pixel, onPickPixel, onNewNoise }: ForwardImagesProps) {
  const xt = useMemo(() => qSampleArray(x0, eps, t, schedule), [x0, eps, t, schedule]);
  const marker = (
    <span
      className="pixel-marker"
      aria-hidden="true"
      style={{ left: `${(pixel.col / 28) * 100}%`, top: `${(pixel.row / 28) * 100}%`, width: `${100 / 28}%`, height: `${100 / 28}%` }}
    />
  );
  const pick = (e: PointerEvent<HTMLCanvasElement>) => onPickPixel(pixelAt(e));
  return (
    <div className="forward-images">
      <figure>
        <div className="image-frame">
          <DigitCanvas pixels={x0} size={BIG} label={`x_0: ${x0Label}`} onPointerDown={pick} className="pickable" />
          {marker}
        </div>
        <figcaption>
          x<sub>0</sub> <span className="muted">({x0Label})</span>
        </figcaption>
      </figure>
      <span className="forward-op" aria-hidden="true">
        +
      </span>
      <figure>
        <div className="image-frame">
          <DigitCanvas pixels={eps} size={BIG} label="the fixed noise ε, a standard Gaussian draw" />
        </div>
        <figcaption>
          ε ~ 𝒩(0, I){' '}
          <button type="button" onClick={onNewNoise}>
            New noise
          </button>
        </figcaption>
      </figure>
      <span className="forward-op" aria-hidden="true">
        =
      </span>
      <figure>
        <div className="image-frame">
          <DigitCanvas pixels={xt} size={BIG} label={`x_t at t = ${t}`} onPointerDown={pick} className="pickable" />
          {marker}
        </div>
        <figcaption>
          x<sub>t</sub> at t = {t} <span className="muted">(click a pixel to follow it below)</span>
        </figcaption>
      </figure>
      <div className="grey-legend" role="img" aria-label="Grey scale: −1 is black, 0 is mid-grey, +1 is white; values beyond are clipped">
        <span>−1</span>
        <span className="grey-legend-bar" />
        <span>+1</span>
      </div>
    </div>
  );
});
