/**
 * Geometry and words of the quality-over-training chart (pure, so the unit tests check them): the share
 * of confident digits (top) and the Fréchet distance on a log scale with its floor (bottom), against
 * the training step.
 */
import { scaleLinear, scaleLog } from 'd3';
import type { QualityPoint } from '../../engine/protocol';
import { sigText } from '../format';

export interface QualityGeometry {
  width: number;
  height: number;
  left: number;
  right: number;
  /** top plot (share) and bottom plot (distance): y ranges */
  share: { top: number; bottom: number; ticks: { pos: number; label: string }[] };
  fd: { top: number; bottom: number; ticks: { pos: number; label: string }[] } | null;
  xTicks: { pos: number; label: string }[];
  points: { x: number; yShare: number; yFd: number | null; yObeys: number | null; point: QualityPoint }[];
  /** the floor's height in the bottom plot (the mean of the readings' floors) */
  floorY: number | null;
}

const PLOT = 90;
const GAP = 34;

export function qualityGeometry(points: QualityPoint[], width: number): QualityGeometry {
  const left = 48;
  const right = width - 12;
  const maxStep = Math.max(1, ...points.map((p) => p.step));
  const x = scaleLinear().domain([0, maxStep]).range([left, right]).nice();
  const share = scaleLinear().domain([0, 1]).range([18 + PLOT, 18]);
  const fds = points.flatMap((p) => (p.fd !== null && p.fd > 0 ? [p.fd] : []));
  const floors = points.flatMap((p) => (p.fdFloor !== null && p.fdFloor > 0 ? [p.fdFloor] : []));
  const fdTop = 18 + PLOT + GAP;
  const fdScale = fds.length
    ? scaleLog().domain([Math.min(...fds, ...floors) / 1.5, Math.max(...fds, ...floors) * 1.5]).range([fdTop + PLOT, fdTop])
    : null;
  const floor = floors.length ? floors.reduce((a, b) => a + b, 0) / floors.length : null;
  return {
    width,
    height: fdScale ? fdTop + PLOT + 36 : 18 + PLOT + 36,
    left,
    right,
    share: { top: 18, bottom: 18 + PLOT, ticks: [0, 0.5, 0.9, 1].map((v) => ({ pos: share(v), label: `${Math.round(v * 100)} %` })) },
    fd: fdScale
      ? { top: fdTop, bottom: fdTop + PLOT, ticks: fdScale.ticks(3).map((v) => ({ pos: fdScale(v), label: sigText(v) })) }
      : null,
    xTicks: x.ticks(5).map((v) => ({ pos: x(v), label: v.toLocaleString('en-US') })),
    points: points.map((p) => ({
      x: x(p.step), yShare: share(p.confident), yFd: fdScale && p.fd !== null && p.fd > 0 ? fdScale(p.fd) : null,
      yObeys: p.obeys === undefined ? null : share(p.obeys), point: p,
    })),
    floorY: fdScale && floor !== null ? fdScale(floor) : null,
  };
}

/** One reading in words. */
export function qualityPointText(p: QualityPoint): string {
  const fd = p.fd === null ? '' : `, Fréchet distance ${sigText(p.fd)}${p.fdFloor === null ? '' : ` (floor ${sigText(p.fdFloor)})`}`;
  const obeys = p.obeys === undefined ? '' : `, ${Math.round(p.obeys * 100)} % the digit asked for`;
  return `step ${p.step.toLocaleString('en-US')}: ${Math.round(p.confident * 100)} % confidently digits${obeys}${fd}`;
}

/** The chart for screen readers: how many readings and the latest. */
export function qualityAriaLabel(points: QualityPoint[]): string {
  if (!points.length) return 'Quality over training: no readings yet.';
  return `Quality over training, ${points.length} reading${points.length === 1 ? '' : 's'}; latest at ${qualityPointText(points[points.length - 1])}.`;
}
