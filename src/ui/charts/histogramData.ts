/**
 * Pure data and geometry of the pixel histogram: bars of the draws of one pixel of x_t and the density
 * of q(x_t|x_0) = N(√ᾱ_t x_0, 1 − ᾱ_t) (eq. 4) over them, scaled by d3. React draws them.
 */
import { line, scaleLinear } from 'd3';
import type { ScaleLinear } from 'd3';
import type { Histogram, Moments } from '../../diffusion/pixelDraws';
import { formatFixed3, formatSig3 } from './chartUtils';
import type { Margins } from './chartUtils';

/** The fixed x range of the histogram, wide enough for N(0, 1) at t = T. */
export const HISTOGRAM_LO = -3.5;
export const HISTOGRAM_HI = 3.5;
/** Number of bins on [HISTOGRAM_LO, HISTOGRAM_HI]. */
export const HISTOGRAM_BINS = 50;

/** The normal density N(x; mean, variance); variance must be positive. */
export function normalPdf(x: number, mean: number, variance: number): number {
  const d = x - mean;
  return Math.exp((-0.5 * d * d) / variance) / Math.sqrt(2 * Math.PI * variance);
}

/**
 * Points (x, N(x; mean, variance)) for drawing the density on [lo, hi]: a uniform grid, plus a dense
 * grid over mean ± 6 sd, so that a narrow peak (small t, sd ≪ one bin) is drawn with its true height.
 * Sorted by x. Empty when the variance is 0 (the point mass at t = 0).
 */
export function densityCurve(mean: number, variance: number, lo: number, hi: number, gridPoints = 241): Array<[number, number]> {
  if (!(variance > 0)) return [];
  const xs: number[] = [];
  for (let i = 0; i < gridPoints; i++) xs.push(lo + ((hi - lo) * i) / (gridPoints - 1));
  const sd = Math.sqrt(variance);
  const a = Math.max(lo, mean - 6 * sd);
  const b = Math.min(hi, mean + 6 * sd);
  if (b > a) {
    const dense = 121;
    for (let i = 0; i < dense; i++) xs.push(a + ((b - a) * i) / (dense - 1));
    if (mean > lo && mean < hi) xs.push(mean);
  }
  xs.sort((p, q) => p - q);
  const out: Array<[number, number]> = [];
  for (const x of xs) {
    if (out.length > 0 && x - out[out.length - 1][0] < 1e-12) continue;
    out.push([x, normalPdf(x, mean, variance)]);
  }
  return out;
}

/** Peak height of the density, 1/√(2π·variance); +∞ for the point mass. */
export function densityPeak(variance: number): number {
  return variance > 0 ? 1 / Math.sqrt(2 * Math.PI * variance) : Infinity;
}

/**
 * The top of the y axis: the tallest bar or the density's peak, whichever is higher, but never above
 * the tallest bar possible (all draws in one bin, 1/bin width); a taller density peak is clipped.
 */
export function histogramYMax(h: Histogram, variance: number): number {
  let tallest = 0;
  for (const d of h.density) if (d > tallest) tallest = d;
  const cap = 1 / h.binWidth;
  const top = Math.max(tallest, Math.min(densityPeak(variance), cap));
  return top > 0 ? top * 1.08 : 1;
}

/** One bar in px. */
export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Vertical and horizontal extents in px. */
export interface HistogramLayout {
  width: number;
  height: number;
  margins: Margins;
}

export function histogramLayout(width: number): HistogramLayout {
  return { width, height: 230, margins: { top: 16, right: 14, bottom: 44, left: width < 420 ? 42 : 50 } };
}

/** One tick: its value, its position in px and its label. */
export interface HistogramTick {
  value: number;
  pos: number;
  label: string;
}

/** Scales, bars, the density path and ticks of one histogram. */
export interface HistogramGeometry {
  layout: HistogramLayout;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  bars: Bar[];
  /** SVG path of the density of eq. 4; '' at t = 0 */
  densityPath: string;
  /** x of the spike at x_0 in px when the variance is 0 (t = 0), else null */
  spikeX: number | null;
  /** the density's peak when it is above the y axis (drawn clipped), else null */
  clippedPeak: number | null;
  xTicks: HistogramTick[];
  yTicks: HistogramTick[];
}

/** Lays out the bars of `h` and the density N(mean, variance) (eq. 4) in an SVG `width` px wide. */
export function histogramGeometry(h: Histogram, density: Moments, width: number): HistogramGeometry {
  const layout = histogramLayout(width);
  const { margins, height } = layout;
  const x = scaleLinear().domain([h.lo, h.hi]).range([margins.left, width - margins.right]);
  const y = scaleLinear().domain([0, histogramYMax(h, density.variance)]).nice(4).range([height - margins.bottom, margins.top]);
  const bars: Bar[] = [];
  const gap = x(h.lo + h.binWidth) - x(h.lo) > 4 ? 1 : 0;
  for (let i = 0; i < h.counts.length; i++) {
    if (h.counts[i] === 0) continue;
    const x0 = x(h.lo + i * h.binWidth);
    const x1 = x(h.lo + (i + 1) * h.binWidth);
    const top = y(h.density[i]);
    bars.push({ x: x0, y: top, width: Math.max(0.5, x1 - x0 - gap), height: y(0) - top });
  }
  const path = line<[number, number]>().x((p) => x(p[0])).y((p) => y(p[1]));
  const curve = densityCurve(density.mean, density.variance, h.lo, h.hi);
  const peak = densityPeak(density.variance);
  const yTop = y.domain()[1];
  const plotWidth = width - margins.left - margins.right;
  const xTickFormat = x.tickFormat(10);
  const yTickFormat = y.tickFormat(4);
  return {
    layout,
    x,
    y,
    bars,
    densityPath: curve.length > 0 ? (path(curve) ?? '') : '',
    spikeX: density.variance > 0 ? null : x(density.mean),
    clippedPeak: Number.isFinite(peak) && peak > yTop ? peak : null,
    xTicks: x.ticks(plotWidth < 300 ? 5 : 8).map((value) => ({ value, pos: x(value), label: xTickFormat(value) })),
    yTicks: y.ticks(4).map((value) => ({ value, pos: y(value), label: yTickFormat(value) })),
  };
}

/** A variance with 3 significant digits, and an exact 0 (the point mass at t = 0) as "0". */
export function formatVariance(v: number): string {
  return v === 0 ? '0' : formatSig3(v);
}

/** "mean 0.579 (eq. 4: 0.580) · variance 0.476 (0.476)" */
export function momentsReadout(sample: Moments, density: Moments): string {
  return `mean ${formatFixed3(sample.mean)} (eq. 4: ${formatFixed3(density.mean)}) · ` +
    `variance ${formatVariance(sample.variance)} (${formatVariance(density.variance)})`;
}

/** "1 step", "250 steps". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** What the histogram shows, for its accessible name. */
export function histogramAriaLabel(opts: {
  draws: number; pixelLabel: string; t: number; mode: 'closed' | 'chain'; sample: Moments; density: Moments; outside: number;
}): string {
  const { draws, pixelLabel, t, mode, sample, density, outside } = opts;
  const how = mode === 'chain' ? `by ${plural(t, 'step')} of the chain of eq. 2` : 'in closed form by eq. 4';
  const predicted = density.variance > 0
    ? `eq. 4 predicts a normal density with mean ${formatFixed3(density.mean)} and variance ${formatVariance(density.variance)}`
    : `at t = 0 every draw equals x_0 = ${formatFixed3(density.mean)}`;
  const beyond = outside > 0 ? ` ${plural(outside, 'draw')} fall${outside === 1 ? 's' : ''} outside the plotted range [${HISTOGRAM_LO}, ${HISTOGRAM_HI}].` : '';
  return `Histogram of ${draws} draws of ${pixelLabel} at t = ${t}, ${how}: sample mean ${formatFixed3(sample.mean)}, ` +
    `sample variance ${formatVariance(sample.variance)}; ${predicted}.${beyond}`;
}
