/**
 * Pure data and geometry of the loss-by-timestep chart: the mean loss L_simple (eq. 14) in bins of t,
 * as bars, scaled by d3. React draws them.
 *
 * Bin i holds the integer timesteps edges[i] … edges[i+1] − 1 (the last bin up to T). On the t axis
 * each timestep t occupies (t − 1, t], so the bins tile [edges[0] − 1, T] without gaps.
 */
import { scaleLinear } from 'd3';
import { lossYDomain, lossYScale, lossYTicks } from './lossAxes';
import type { LossScale } from './lossAxes';
import { formatLoss } from './lossChartData';
import type { Margins } from './chartUtils';
import type { Tick } from './scheduleChartData';

/** One bin of timesteps and its mean loss (NaN when no example has landed in it yet). */
export interface LossBin {
  index: number;
  /** first timestep of the bin */
  tFirst: number;
  /** last timestep of the bin (inclusive) */
  tLast: number;
  mean: number;
}

/** The bins of `edges` (first timestep of each bin) over 1 … T, with their means; empty bins are dropped. */
export function lossBins(edges: readonly number[], mean: readonly number[], T: number): LossBin[] {
  const n = Math.min(edges.length, mean.length);
  const bins: LossBin[] = [];
  for (let i = 0; i < n; i++) {
    const tFirst = Math.max(1, Math.round(edges[i]));
    const tLast = Math.min(T, i + 1 < n ? Math.round(edges[i + 1]) - 1 : T);
    if (!(tLast >= tFirst)) continue;
    bins.push({ index: i, tFirst, tLast, mean: mean[i] });
  }
  return bins;
}

/** Whether a bin's mean can be drawn on the scale (finite, and positive for a log scale). */
export function drawable(v: number, logScale: boolean): boolean {
  return Number.isFinite(v) && (!logScale || v > 0);
}

/** One bar in px; `empty` bars (no data yet, or not drawable on a log scale) are a dashed outline of the plot's height. */
export interface LossBar {
  bin: LossBin;
  x: number;
  y: number;
  width: number;
  height: number;
  empty: boolean;
}

export interface LossByTLayout {
  width: number;
  height: number;
  margins: Margins;
}

export const LOSS_BY_T_HEIGHT = 220;

export function lossByTLayout(width: number): LossByTLayout {
  return { width, height: LOSS_BY_T_HEIGHT, margins: { top: 22, right: 14, bottom: 40, left: width < 420 ? 46 : 54 } };
}

export interface LossByTGeometry {
  layout: LossByTLayout;
  y: LossScale;
  bars: LossBar[];
  xTicks: Tick[];
  yTicks: Tick[];
}

/** Scales, bars and ticks for bins drawn `width` px wide. */
export function lossByTGeometry(bins: LossBin[], T: number, width: number, logScale: boolean): LossByTGeometry {
  const layout = lossByTLayout(width);
  const { margins, height } = layout;
  const left = margins.left;
  const right = width - margins.right;
  const bottom = height - margins.bottom;
  const t0 = Math.min(0, ...bins.map((b) => b.tFirst - 1));
  const x = scaleLinear().domain([t0, Math.max(t0 + 1, T)]).range([left, right]);

  // 1. y domain from the drawable means; bars stand on the bottom of the plot (0, or the log floor)
  let lo = Infinity;
  let hi = -Infinity;
  for (const b of bins) {
    if (!drawable(b.mean, logScale)) continue;
    lo = Math.min(lo, b.mean);
    hi = Math.max(hi, b.mean);
  }
  const [dLo, dHi] = lossYDomain(lo, hi, logScale);
  // on a log scale the lowest bar keeps a visible stub: the floor sits a little below it
  const y = lossYScale(logScale ? [dLo / 1.25, dHi] : [dLo, dHi], [bottom, margins.top], logScale);

  // 2. bars, with a 1 px gap when they are wide enough
  const bars: LossBar[] = bins.map((bin) => {
    const x0 = x(bin.tFirst - 1);
    const x1 = x(bin.tLast);
    const gap = x1 - x0 > 4 ? 1 : 0;
    const w = Math.max(0.5, x1 - x0 - gap);
    if (!drawable(bin.mean, logScale)) return { bin, x: x0 + gap / 2, y: margins.top, width: w, height: bottom - margins.top, empty: true };
    const top = Math.min(bottom, y(bin.mean));
    return { bin, x: x0 + gap / 2, y: top, width: w, height: bottom - top, empty: false };
  });
  const plotWidth = right - left;
  const xFmt = x.tickFormat(10);
  return {
    layout,
    y,
    bars,
    xTicks: x.ticks(plotWidth < 300 ? 4 : 8)
      .filter((v) => Number.isInteger(v))
      .map((value) => ({ value, pos: x(value), label: xFmt(value).replace(/,/g, '') })),
    yTicks: lossYTicks(y, logScale),
  };
}

/** "t = 1–50" (or "t = 7" for a one-step bin). */
export function binLabel(bin: LossBin): string {
  return bin.tFirst === bin.tLast ? `t = ${bin.tFirst}` : `t = ${bin.tFirst}–${bin.tLast}`;
}

/** The bins with the highest and the lowest finite mean, or null when there is none. */
export function extremeBins(bins: LossBin[]): { highest: LossBin; lowest: LossBin } | null {
  let highest: LossBin | null = null;
  let lowest: LossBin | null = null;
  for (const b of bins) {
    if (!Number.isFinite(b.mean)) continue;
    if (highest === null || b.mean > highest.mean) highest = b;
    if (lowest === null || b.mean < lowest.mean) lowest = b;
  }
  return highest !== null && lowest !== null ? { highest, lowest } : null;
}

/** "Mean training loss in 20 bins of t = 1 … 1000: highest 0.181 at t = 1–50, lowest 0.0123 at t = 951–1000." */
export function lossByTAriaLabel(bins: LossBin[], T: number): string {
  const head = `Mean training loss in ${bins.length} bin${bins.length === 1 ? '' : 's'} of t = 1 … ${T}`;
  const ext = extremeBins(bins);
  if (ext === null) return `${head}: no samples yet.`;
  const empty = bins.filter((b) => !Number.isFinite(b.mean)).length;
  const emptyNote = empty > 0 ? ` ${empty} bin${empty === 1 ? ' has' : 's have'} no samples yet.` : '';
  return `${head}: highest ${formatLoss(ext.highest.mean)} at ${binLabel(ext.highest)}, ` +
    `lowest ${formatLoss(ext.lowest.mean)} at ${binLabel(ext.lowest)}.${emptyNote}`;
}
