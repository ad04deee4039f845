/**
 * Pure data and geometry of the noise-schedule chart: the curves ᾱ_t, √ᾱ_t, √(1 − ᾱ_t) (eq. 4), β_t
 * (eq. 2) and log SNR against t, downsampled, scaled and turned into SVG paths by d3. React draws them.
 */
import { line, scaleLinear } from 'd3';
import type { ScaleLinear } from 'd3';
import type { Schedule } from '../../diffusion/schedule';
import { alphaBarAt } from '../../diffusion/schedule';
import { formatSig4 } from './chartUtils';
import type { Margins } from './chartUtils';

/** A point (t, value). */
export type SeriesPoint = [t: number, value: number];

/** The curves of the chart. */
export type ScheduleLineKey = 'alphaBar' | 'sqrtAlphaBar' | 'sqrtOneMinusAlphaBar' | 'beta' | 'logSnr';

/** How one curve is named and drawn: colour plus dash pattern, so colour is never the only carrier. */
export interface ScheduleLineStyle {
  key: ScheduleLineKey;
  /** plain-text name, as read by screen readers */
  name: string;
  color: string;
  /** SVG stroke-dasharray; '' for solid */
  dash: string;
  panel: PanelKey;
}

/** The three stacked plots. */
export type PanelKey = 'main' | 'beta' | 'logSnr';

/** Line styles, in legend order (Okabe–Ito hues, darkened for contrast on white). */
export const SCHEDULE_LINES: readonly ScheduleLineStyle[] = [
  { key: 'alphaBar', name: 'ᾱ_t', color: '#0b62a4', dash: '', panel: 'main' },
  { key: 'sqrtAlphaBar', name: '√ᾱ_t', color: '#007a5a', dash: '9 4', panel: 'main' },
  { key: 'sqrtOneMinusAlphaBar', name: '√(1 − ᾱ_t)', color: '#c04f00', dash: '2 3', panel: 'main' },
  { key: 'beta', name: 'β_t', color: '#7a3e9d', dash: '', panel: 'beta' },
  { key: 'logSnr', name: 'log SNR', color: '#5f5a00', dash: '6 2 2 2', panel: 'logSnr' },
];

/**
 * A CSS background that draws a horizontal line with an SVG dash pattern ('9 4': 9 px on, 4 px off;
 * '' solid), for a legend swatch that is a plain box rather than an SVG of its own. Moving an SVG
 * (the legend's values change width as t is scrubbed) makes the browser lay out its compositor
 * layers again, about 1 ms of every frame of a drag; moving a box with a background is a repaint.
 */
export function dashBackground(color: string, dash: string): string {
  const lengths = dash.split(/[\s,]+/).filter(Boolean).map(Number);
  if (!lengths.length || lengths.some((d) => !Number.isFinite(d) || d < 0) || lengths.every((d) => d === 0)) {
    return `linear-gradient(${color}, ${color})`;
  }
  // an odd count repeats once more (as SVG does), so that dashes and gaps alternate
  const pattern = lengths.length % 2 ? [...lengths, ...lengths] : lengths;
  const stops: string[] = [];
  let at = 0;
  pattern.forEach((d, i) => {
    stops.push(`${i % 2 ? 'transparent' : color} ${at}px ${at + d}px`);
    at += d;
  });
  return `repeating-linear-gradient(to right, ${stops.join(', ')})`;
}

/** The plotted range of log SNR never goes beyond ±LOG_SNR_CLIP, so both ends stay readable. */
export const LOG_SNR_CLIP = 12;
/** At most this many points per curve. */
export const MAX_POINTS_PER_LINE = 500;

/**
 * Keeps at most maxPoints of the points (t0 + i, ys[i]): the first, the last, and in between the
 * minimum and maximum of each of equal buckets, in order, so that spikes (the cosine β_t near T)
 * survive the downsampling. Returns every point when there are no more than maxPoints.
 */
export function downsampleMinMax(t0: number, ys: ArrayLike<number>, maxPoints: number): SeriesPoint[] {
  const n = ys.length;
  if (n <= maxPoints || maxPoints < 4) {
    const all: SeriesPoint[] = [];
    for (let i = 0; i < n; i++) all.push([t0 + i, ys[i]]);
    return all;
  }
  const out: SeriesPoint[] = [[t0, ys[0]]];
  const buckets = Math.floor((maxPoints - 2) / 2);
  const interior = n - 2; // indices 1 … n − 2
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * interior) / buckets);
    const end = 1 + Math.floor(((b + 1) * interior) / buckets); // exclusive
    if (end <= start) continue;
    let iMin = start;
    let iMax = start;
    for (let i = start + 1; i < end; i++) {
      if (ys[i] < ys[iMin]) iMin = i;
      if (ys[i] > ys[iMax]) iMax = i;
    }
    const first = Math.min(iMin, iMax);
    const second = Math.max(iMin, iMax);
    out.push([t0 + first, ys[first]]);
    if (second !== first) out.push([t0 + second, ys[second]]);
  }
  out.push([t0 + n - 1, ys[n - 1]]);
  return out;
}

/** Every curve of the chart as downsampled points; ᾱ_t and its roots from t = 0 (ᾱ_0 = 1), β_t and log SNR from t = 1. */
export function scheduleSeries(s: Schedule, maxPoints = MAX_POINTS_PER_LINE): Record<ScheduleLineKey, SeriesPoint[]> {
  const T = s.T;
  const alphaBar = new Float64Array(T + 1);
  const sqrtAlphaBar = new Float64Array(T + 1);
  const sqrtOneMinusAlphaBar = new Float64Array(T + 1);
  alphaBar[0] = 1;
  sqrtAlphaBar[0] = 1;
  sqrtOneMinusAlphaBar[0] = 0;
  for (let i = 0; i < T; i++) {
    alphaBar[i + 1] = s.alphaBars[i];
    sqrtAlphaBar[i + 1] = s.sqrtAlphaBars[i];
    sqrtOneMinusAlphaBar[i + 1] = s.sqrtOneMinusAlphaBars[i];
  }
  return {
    alphaBar: downsampleMinMax(0, alphaBar, maxPoints),
    sqrtAlphaBar: downsampleMinMax(0, sqrtAlphaBar, maxPoints),
    sqrtOneMinusAlphaBar: downsampleMinMax(0, sqrtOneMinusAlphaBar, maxPoints),
    beta: downsampleMinMax(1, s.betas, maxPoints),
    logSnr: downsampleMinMax(1, s.logSnr, maxPoints),
  };
}

/** The plotted range of log SNR: the data range, rounded out to integers and clipped to ±LOG_SNR_CLIP. */
export function logSnrDomain(s: Schedule): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of s.logSnr) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [-LOG_SNR_CLIP, LOG_SNR_CLIP];
  lo = Math.max(-LOG_SNR_CLIP, Math.floor(lo));
  hi = Math.min(LOG_SNR_CLIP, Math.ceil(hi));
  if (hi <= lo) hi = lo + 1;
  return [lo, hi];
}

/** Vertical extent of one plot, in px. */
export interface PanelBox {
  top: number;
  bottom: number;
}

/** Positions of the three plots and the shared x axis, in px of an SVG `width` wide. */
export interface ScheduleLayout {
  width: number;
  height: number;
  margins: Margins;
  panels: Record<PanelKey, PanelBox>;
}

/** Heights of the plots in px: the ᾱ plot is large, the β and log SNR plots small. */
const PANEL_HEIGHTS: Record<PanelKey, number> = { main: 150, beta: 62, logSnr: 62 };
/** Room above each plot for its title. */
const PANEL_GAP = 24;

/** Lays the three plots out from top to bottom; the x axis and its label "t" sit below the last. */
export function scheduleLayout(width: number): ScheduleLayout {
  const margins: Margins = { top: PANEL_GAP - 4, right: 14, bottom: 42, left: width < 420 ? 46 : 54 };
  let y = margins.top;
  const panels = {} as Record<PanelKey, PanelBox>;
  for (const key of ['main', 'beta', 'logSnr'] as const) {
    panels[key] = { top: y, bottom: y + PANEL_HEIGHTS[key] };
    y += PANEL_HEIGHTS[key] + PANEL_GAP;
  }
  return { width, height: panels.logSnr.bottom + margins.bottom, margins, panels };
}

/** One tick: its value, its position in px and its label. */
export interface Tick {
  value: number;
  pos: number;
  label: string;
}

/** Everything about the chart that depends on the schedule and the width only, not on t. */
export interface ScheduleGeometry {
  layout: ScheduleLayout;
  T: number;
  x: ScaleLinear<number, number>;
  y: Record<PanelKey, ScaleLinear<number, number>>;
  xTicks: Tick[];
  yTicks: Record<PanelKey, Tick[]>;
  /** SVG path data per curve */
  paths: Record<ScheduleLineKey, string>;
}

function ticksOf(scale: ScaleLinear<number, number>, count: number): Tick[] {
  const fmt = scale.tickFormat(count);
  return scale.ticks(count).map((value) => ({ value, pos: scale(value), label: fmt(value) }));
}

/** Ticks of the t axis: integer timesteps only, written without a thousands separator. */
function timestepTicks(scale: ScaleLinear<number, number>, count: number): Tick[] {
  return scale.ticks(count)
    .filter((value) => Number.isInteger(value))
    .map((value) => ({ value, pos: scale(value), label: String(value) }));
}

/** Scales, ticks and d3 paths of every curve for a schedule drawn `width` px wide. */
export function scheduleGeometry(s: Schedule, width: number): ScheduleGeometry {
  const layout = scheduleLayout(width);
  const { margins, panels } = layout;
  const x = scaleLinear().domain([0, s.T]).range([margins.left, width - margins.right]);
  let betaMax = 0;
  for (const b of s.betas) if (b > betaMax) betaMax = b;
  const y: Record<PanelKey, ScaleLinear<number, number>> = {
    main: scaleLinear().domain([0, 1]).range([panels.main.bottom, panels.main.top]),
    beta: scaleLinear().domain([0, betaMax > 0 ? betaMax : 1]).nice(3).range([panels.beta.bottom, panels.beta.top]),
    logSnr: scaleLinear().domain(logSnrDomain(s)).range([panels.logSnr.bottom, panels.logSnr.top]),
  };
  const series = scheduleSeries(s);
  const paths = {} as Record<ScheduleLineKey, string>;
  for (const style of SCHEDULE_LINES) {
    const yScale = y[style.panel];
    const path = line<SeriesPoint>()
      .defined((p) => Number.isFinite(p[1]))
      .x((p) => x(p[0]))
      .y((p) => yScale(p[1]));
    paths[style.key] = path(series[style.key]) ?? '';
  }
  const plotWidth = width - margins.left - margins.right;
  return {
    layout,
    T: s.T,
    x,
    y,
    xTicks: timestepTicks(x, Math.max(2, Math.min(10, Math.floor(plotWidth / 70)))),
    yTicks: { main: ticksOf(y.main, 4), beta: ticksOf(y.beta, 2), logSnr: ticksOf(y.logSnr, 3) },
    paths,
  };
}

/** The timestep under horizontal position px: x⁻¹(px), rounded and clamped to [0, T]. */
export function timestepAtX(px: number, x: ScaleLinear<number, number>, T: number): number {
  const t = Math.round(x.invert(px));
  if (!Number.isFinite(t)) return 0;
  return Math.min(T, Math.max(0, t));
}

/** Values of every curve at one timestep t ∈ [0, T]; β_0 and log SNR_0 are undefined (null) at t = 0. */
export type ScheduleReadout = { t: number } & Record<ScheduleLineKey, number | null>;

/** The readout at t ∈ [0, T] (ᾱ_0 = 1). */
export function scheduleReadout(s: Schedule, t: number): ScheduleReadout {
  const alphaBar = alphaBarAt(s, t);
  return {
    t,
    alphaBar,
    sqrtAlphaBar: t === 0 ? 1 : s.sqrtAlphaBars[t - 1],
    sqrtOneMinusAlphaBar: t === 0 ? 0 : s.sqrtOneMinusAlphaBars[t - 1],
    beta: t === 0 ? null : s.betas[t - 1],
    logSnr: t === 0 ? null : s.logSnr[t - 1],
  };
}

/** A value as printed in the legend: 4 significant digits; "—" where undefined (t = 0). */
export function formatReadoutValue(key: ScheduleLineKey, value: number | null): string {
  if (value === null) return key === 'logSnr' ? '+∞' : '—';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : value < 0 ? '−∞' : '—';
  return formatSig4(value);
}

/** The accessible name of the chart, e.g. "Noise schedule at t = 250: ᾱ_t = 0.5241, β_t = 0.005060, …". */
export function scheduleAriaLabel(r: ScheduleReadout, T: number): string {
  if (r.t === 0) {
    return `Noise schedule, T = ${T}, at t = 0: x_0 itself, no noise yet (ᾱ_0 = 1, √(1 − ᾱ_0) = 0).`;
  }
  const parts = SCHEDULE_LINES.map((style) => `${style.name} = ${formatReadoutValue(style.key, r[style.key])}`);
  return `Noise schedule, T = ${T}, at t = ${r.t}: ${parts.join(', ')}.`;
}
