import { useCallback, useMemo, useState } from 'react';
import { digitX0 } from '../data/digits';
import { blankDrawing, decodeDrawing, encodeDrawing } from '../state/drawing';
import type { HashState } from '../state/hash';
import type { X0 } from './panels/forward/ForwardPanel';
import type { DatasetState } from './useDataset';

/**
 * x_0 for every panel: a dataset digit, or the user's drawing. The drawing travels in the link
 * quantised to 16 grey levels, and x_0 is always that quantised drawing, so a shared link shows
 * exactly the same x_0. The pad itself keeps full precision while drawing.
 */
export function useX0(state: HashState, update: (patch: Partial<HashState>) => void, dataset: DatasetState) {
  const [raw, setRaw] = useState<Float32Array | null>(null);
  // the drawing in the link, decoded once for x_0 and for the pad (which never mutates it)
  const linked = useMemo(() => (state.drawing ? decodeDrawing(state.drawing) : null), [state.drawing]);
  const x0 = useMemo<X0 | null>(() => {
    if (state.digit === 'drawn' && linked) return { pixels: linked, label: 'your drawing' };
    if (dataset.status === 'ready') {
      const i = state.digit === 'drawn' ? 0 : Math.min(state.digit, dataset.set.count - 1);
      return { pixels: digitX0(dataset.set, i), label: `MNIST digit ${dataset.set.labels[i]}, #${i}` };
    }
    if (dataset.status === 'error') return { pixels: blankDrawing(), label: 'blank: the dataset did not load; draw a digit below' };
    return null;
  }, [state.digit, linked, dataset]);
  const onDraw = useCallback(
    (pixels: Float32Array) => {
      setRaw(pixels);
      update({ digit: 'drawn', drawing: encodeDrawing(pixels) });
    },
    [update],
  );
  const drawing = raw ?? linked;
  return { x0, drawing, onDraw };
}
