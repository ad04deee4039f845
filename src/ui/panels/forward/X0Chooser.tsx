import { memo } from 'react';
import type { DigitSet } from '../../../data/format';
import { DigitPicker } from './DigitPicker';
import { DrawingPad } from './DrawingPad';

export interface X0ChooserProps {
  set: DigitSet | null;
  selected: number | 'drawn';
  drawing: Float32Array | null;
  onSelect: (index: number) => void;
  onDraw: (pixels: Float32Array) => void;
}

/**
 * Choose x_0: a digit of the dataset, or one you draw; the choice is x_0 for every panel. Memoised:
 * a scrub of t re-renders the forward panel on every frame, and the picker's grid does not depend on t.
 */
export const X0Chooser = memo(function X0Chooser({ set, selected, drawing, onSelect, onDraw }: X0ChooserProps) {
  return (
    <div className="x0-chooser">
      <div>
        <h4>A digit from MNIST</h4>
        {set ? <DigitPicker set={set} selected={selected} onSelect={onSelect} /> : <p className="muted">Loading digits…</p>}
      </div>
      <div>
        <h4>Draw your own</h4>
        <DrawingPad value={drawing} onChange={onDraw} />
      </div>
    </div>
  );
});
