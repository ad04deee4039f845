import { useMemo } from 'react';
import type { DigitScores } from '../../../engine/protocol';
import { DigitImage } from '../../DigitCanvas';
import { DigitLabel } from '../../meter/DigitLabel';
import type { TrajectoryStore } from './trajectory';
import { toDisplay } from '../../../diffusion/stepCodes';

export type GridShows = 'x' | 'x0Hat';

export interface ChainGridProps {
  store: TrajectoryStore;
  position: number;
  selected: number;
  onSelect: (chain: number) => void;
  shows: GridShows;
  /** the digit classifier's reading of each chain's x_0, shown under it (only at the end of a run) */
  scores?: DigitScores | null;
}

/** The chains at the shown position, 4 × 4; each is a button that selects it for the views below. */
export function ChainGrid({ store, position, selected, onSelect, shows, scores }: ChainGridProps) {
  const t = store.tAt(position);
  // the step object changes when the newest step of a thinned run is replaced: recompute then
  const step = store.stepAt(position);
  const images = useMemo(() => {
    return Array.from({ length: store.n }, (_, c) => {
      if (shows === 'x') return toDisplay(store.xCodes(position, c));
      const q = step ? store.partCodes(position, c, 'x0Hat') : null;
      return q ? toDisplay(q) : null;
    });
  }, [store, step, position, shows]);
  const what = shows === 'x' ? `x_t at t = ${t}` : position === 0 ? 'no x̂_0 yet (no step taken)' : `x̂_0 predicted from t = ${store.stepAt(position)?.tFrom}`;
  return (
    <ol className="chain-grid" aria-label={`${store.n} chains, ${shows === 'x' ? `x_t at t = ${t}` : 'x̂_0'}`}>
      {images.map((pixels, c) => (
        <li key={c}>
          <button
            type="button"
            className="chain-grid-cell"
            aria-pressed={c === selected}
            title={`Chain ${c + 1}`}
            onClick={() => onSelect(c)}
          >
            <DigitImage pixels={pixels} size={56} label={`chain ${c + 1}, ${what}`} />
          </button>
          {scores && <DigitLabel digit={scores.digits[c]} confidence={scores.confidence[c]} />}
        </li>
      ))}
    </ol>
  );
}
