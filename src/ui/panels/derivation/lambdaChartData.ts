/**
 * Data and geometry of the λ_t plot: the weight of ‖ε − ε_θ‖² in L_{t−1} (eq. 12) against t, on a log
 * scale, for σ_t² = β_t and σ_t² = β̃_t (undefined at t = 1). d3 computes scales and paths; React draws.
 */
import { line, scaleLinear, scaleLog } from 'd3';
import type { ScaleLinear, ScaleLogarithmic } from 'd3';
import { lossWeight, type SigmaKind } from '../../../diffusion/bound';
import type { Schedule } from '../../../diffusion/schedule';
import type { Margins } from '../../charts/chartUtils';
import { downsampleMinMax, type SeriesPoint } from '../../charts/scheduleChartData';
import { superscript } from '../../format';

/** How a curve is drawn: colour plus dash pattern, so colour is never the only carrier. */
export interface LambdaLineStyle {
  key: SigmaKind;
  name: string;
  color: string;
  dash: string;
}

export const LAMBDA_LINES: readonly LambdaLineStyle[] = [
  { key: 'beta', name: 'σ_t² = β_t', color: '#0b62a4', dash: '' },
  { key: 'betaTilde', name: 'σ_t² = β̃_t', color: '#c04f00', dash: '7 4' },
];

/** λ_t for t = 1 … T (σ² = β) or t = 2 … T (σ² = β̃, infinite at t = 1), downsampled. */
export function lambdaSeries(s: Schedule, kind: SigmaKind, maxPoints = 500): SeriesPoint[] {
  const t0 = kind === 'beta' ? 1 : 2;
  const ys = new Float64Array(Math.max(0, s.T - t0 + 1));
  for (let t = t0; t <= s.T; t++) ys[t - t0] = lossWeight(s, t, kind);
  return downsampleMinMax(t0, ys, maxPoints);
}

export interface Tick {
  value: number;
  pos: number;
  label: string;
}

export interface LambdaGeometry {
  width: number;
  height: number;
  margins: Margins;
  x: ScaleLinear<number, number>;
  y: ScaleLogarithmic<number, number>;
  paths: Record<SigmaKind, string>;
  xTicks: Tick[];
  yTicks: Tick[];
}

/** A power of ten as a tick label: 10⁻², 1, 10 … */
function powerLabel(v: number): string {
  const e = Math.round(Math.log10(v));
  if (e === 0) return '1';
  if (e === 1) return '10';
  return `10${superscript(e)}`;
}

/** Scales, ticks and paths of the plot at a given width. */
export function lambdaGeometry(s: Schedule, width: number, height = 230): LambdaGeometry {
  const margins: Margins = { top: 14, right: 14, bottom: 40, left: width < 420 ? 44 : 52 };
  const series: Record<SigmaKind, SeriesPoint[]> = { beta: lambdaSeries(s, 'beta'), betaTilde: lambdaSeries(s, 'betaTilde') };
  let lo = Infinity;
  let hi = -Infinity;
  for (const pts of Object.values(series)) {
    for (const [, v] of pts) {
      if (!(v > 0) || !Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!(lo < hi)) [lo, hi] = [1e-3, 1];
  const x = scaleLinear().domain([0, s.T]).range([margins.left, width - margins.right]);
  const y = scaleLog()
    .domain([10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))])
    .range([height - margins.bottom, margins.top]);
  const path = line<SeriesPoint>().x((d) => x(d[0])).y((d) => y(d[1]));
  const [d0, d1] = y.domain();
  const yTicks: Tick[] = [];
  for (let e = Math.round(Math.log10(d0)); e <= Math.round(Math.log10(d1)); e++) {
    const v = 10 ** e;
    yTicks.push({ value: v, pos: y(v), label: powerLabel(v) });
  }
  const xCount = Math.max(2, Math.min(10, Math.floor((width - margins.left - margins.right) / 70)));
  const xTicks = x.ticks(xCount).map((v) => ({ value: v, pos: x(v), label: String(v) }));
  return {
    width, height, margins, x, y,
    paths: { beta: path(series.beta) ?? '', betaTilde: path(series.betaTilde) ?? '' },
    xTicks, yTicks,
  };
}
