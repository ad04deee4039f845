import { useMemo, useRef, useState } from 'react';
import type { DigitSet } from '../../../data/format';
import { digitX0, indicesByClass } from '../../../data/digits';
import { DigitImage } from '../../DigitCanvas';
import './picker.css';

export interface DigitPickerProps {
  set: DigitSet;
  /** dataset index of the current x_0, or 'drawn' when the learner's drawing is used */
  selected: number | 'drawn';
  onSelect: (index: number) => void;
  /** examples shown per class 0…9 (default 2, so 20 digits) */
  perClass?: number;
  /** CSS size of each thumbnail in px (default 40) */
  thumbSize?: number;
}

/** The grid as shown: the dataset and count it was chosen for, so a new dataset restarts it. */
interface Chosen {
  set: DigitSet;
  perClass: number;
  indices: number[];
}

/**
 * A grid of dataset digits to use as x_0, `perClass` of each class in label order. Each digit is a
 * toggle button; "Shuffle" shows other random examples of every class. One digit is in the tab
 * order (the selected one, else the last focused); arrow keys, Home and End move between digits.
 */
export function DigitPicker({ set, selected, onSelect, perClass = 2, thumbSize = 40 }: DigitPickerProps) {
  const gridRef = useRef<HTMLDivElement>(null);
  const initial = useMemo(() => indicesByClass(set, perClass), [set, perClass]);
  const byClass = useMemo(() => bucketsByClass(set), [set]);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const indices = chosen && chosen.set === set && chosen.perClass === perClass ? chosen.indices : initial;
  const images = useMemo(() => indices.map((i) => digitX0(set, i)), [set, indices]);
  const [focusPos, setFocusPos] = useState(0);

  const selectedPos = typeof selected === 'number' ? indices.indexOf(selected) : -1;
  const tabPos = selectedPos >= 0 ? selectedPos : Math.min(focusPos, indices.length - 1);

  function shuffle() {
    setChosen({ set, perClass, indices: pickOthers(byClass, indices, perClass) });
  }

  /** Roving focus: arrows move within the wrapped grid (up/down to the nearest digit of the row above/below). */
  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    const buttons = Array.from(gridRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
    const from = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (from < 0) return;
    let to: number;
    switch (e.key) {
      case 'ArrowRight':
        to = Math.min(buttons.length - 1, from + 1);
        break;
      case 'ArrowLeft':
        to = Math.max(0, from - 1);
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = buttons.length - 1;
        break;
      case 'ArrowDown':
      case 'ArrowUp':
        to = verticalNeighbour(buttons, from, e.key === 'ArrowDown' ? 1 : -1);
        break;
      default:
        return;
    }
    e.preventDefault();
    buttons[to]?.focus();
  }

  return (
    <div className="digit-picker">
      <div className="digit-picker__grid" role="group" aria-label="MNIST digits to use as x₀" ref={gridRef} onKeyDown={onKeyDown}>
        {indices.map((index, pos) => {
          const label = set.labels[index];
          return (
            <button
              key={`${pos}-${index}`}
              type="button"
              className="digit-picker__item"
              aria-label={`Use MNIST digit ${label} (#${index}) as x₀`}
              aria-pressed={selected === index}
              tabIndex={pos === tabPos ? 0 : -1}
              onFocus={() => setFocusPos(pos)}
              onClick={() => onSelect(index)}
            >
              <DigitImage pixels={images[pos]} size={thumbSize} label={`MNIST digit ${label}`} />
            </button>
          );
        })}
      </div>
      <div className="digit-picker__bar">
        <button type="button" onClick={shuffle}>
          Shuffle
        </button>
        <span className="muted digit-picker__hint">Other examples of each digit. Arrow keys move through the grid.</span>
      </div>
    </div>
  );
}

/** Dataset indices grouped by label 0…9. */
function bucketsByClass(set: DigitSet): number[][] {
  const buckets: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < set.count; i++) buckets[set.labels[i]].push(i);
  return buckets;
}

/**
 * `perClass` random indices of each class, in label order, avoiding the ones shown now where the
 * class has enough others (partial Fisher–Yates shuffle).
 */
function pickOthers(byClass: number[][], shown: number[], perClass: number): number[] {
  const current = new Set(shown);
  const out: number[] = [];
  for (const bucket of byClass) {
    const fresh = bucket.filter((i) => !current.has(i));
    const pool = fresh.length >= perClass ? fresh : bucket.slice();
    const n = Math.min(perClass, pool.length);
    for (let k = 0; k < n; k++) {
      const j = k + Math.floor(Math.random() * (pool.length - k));
      [pool[k], pool[j]] = [pool[j], pool[k]];
    }
    out.push(...pool.slice(0, n).sort((a, b) => a - b));
  }
  return out;
}

/** The button in the next (dir = 1) or previous (dir = −1) visual row whose centre is nearest horizontally. */
function verticalNeighbour(buttons: HTMLButtonElement[], from: number, dir: 1 | -1): number {
  const here = buttons[from].getBoundingClientRect();
  const cx = here.left + here.width / 2;
  let best = from;
  let bestRow = Infinity;
  let bestDx = Infinity;
  buttons.forEach((b, i) => {
    const r = b.getBoundingClientRect();
    const dy = (r.top - here.top) * dir;
    if (dy < here.height / 2) return; // same row or the wrong direction
    const dx = Math.abs(r.left + r.width / 2 - cx);
    if (dy < bestRow - 1 || (Math.abs(dy - bestRow) <= 1 && dx < bestDx)) {
      bestRow = dy;
      bestDx = dx;
      best = i;
    }
  });
  return best;
}
