import { memo, useState } from 'react';
import type { Schedule } from '../../../diffusion/schedule';
import { PixelHistogram } from '../../charts/PixelHistogram';
import type { Pixel } from './ForwardImages';

export interface PixelSectionProps {
  x0: Float32Array;
  schedule: Schedule;
  t: number;
  seed: number;
  pixel: Pixel;
  onPickPixel: (p: Pixel) => void;
}

type PixelMode = 'closed' | 'chain';

interface PixelControlsProps {
  pixel: Pixel;
  mode: PixelMode;
  onPickPixel: (p: Pixel) => void;
  onMode: (mode: PixelMode) => void;
}

/** Which pixel, and how x_t is drawn. Memoised: it does not change with t, which a scrub changes every frame. */
const PixelControls = memo(function PixelControls({ pixel, mode, onPickPixel, onMode }: PixelControlsProps) {
  const coord = (key: keyof Pixel, label: string) => (
    <label>
      {label}{' '}
      <input
        type="number"
        min={0}
        max={27}
        value={pixel[key]}
        onChange={(e) => {
          const n = Math.round(Number(e.currentTarget.value));
          if (Number.isFinite(n)) onPickPixel({ ...pixel, [key]: Math.min(27, Math.max(0, n)) });
        }}
      />
    </label>
  );
  return (
    <div className="control-row">
      {coord('row', 'Pixel row')}
      {coord('col', 'Pixel column')}
      <fieldset className="segmented">
        <legend>Draw x_t by</legend>
        <label>
          <input type="radio" name="pixel-mode" checked={mode === 'closed'} onChange={() => onMode('closed')} /> one jump (eq. 4)
        </label>
        <label>
          <input type="radio" name="pixel-mode" checked={mode === 'chain'} onChange={() => onMode('chain')} /> t small steps (eq. 2)
        </label>
      </fieldset>
    </div>
  );
});

/** One pixel's distribution at t: many draws against the density of eq. 4, by eq. 4 or by iterating eq. 2. */
export const PixelSection = memo(function PixelSection({ x0, schedule, t, seed, pixel, onPickPixel }: PixelSectionProps) {
  const [mode, setMode] = useState<PixelMode>('closed');
  const value = x0[pixel.row * 28 + pixel.col];
  return (
    <div className="pixel-section">
      <p>
        Not one sample but a distribution: every draw of ε gives another x<sub>t</sub>. Here is the pixel at row{' '}
        {pixel.row}, column {pixel.col} (x<sub>0</sub> = {value.toFixed(3)} there) over 2,000 draws.
      </p>
      <PixelControls pixel={pixel} mode={mode} onPickPixel={onPickPixel} onMode={setMode} />
      <PixelHistogram x0={value} t={t} schedule={schedule} mode={mode} seed={seed} pixelLabel={`pixel (${pixel.row}, ${pixel.col})`} />
    </div>
  );
});
