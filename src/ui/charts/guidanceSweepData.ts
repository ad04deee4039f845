/**
 * Geometry and words of the guidance trade-off chart (pure, so the unit tests check them): for one digit
 * and scales w ∈ GUIDANCE_SWEEP on a fixed seed, the share of samples read as that digit (top: rises
 * with w) and their variety relative to real examples of the digit (bottom: falls with w).
 */
import { scaleLinear, scalePoint } from 'd3';
import type { GuidanceScores } from '../../engine/protocol';

/** One point of the guidance trade-off: n samples of one digit at scale w, DDIM, on a fixed seed. */
export interface GuidancePoint {
  w: number;
  /** the training step of the model measured (the learner's may train on between points) */
  modelStep: number;
  scores: GuidanceScores;
  /** the samples, [n · 784] in [−1, 1] */
  images: Float32Array;
}

export interface SweepGeometry {
  width: number;
  height: number;
  left: number;
  right: number;
  accuracy: { top: number; bottom: number; ticks: { pos: number; label: string }[] };
  variety: { top: number; bottom: number; ticks: { pos: number; label: string }[] };
  xTicks: { pos: number; label: string }[];
  points: { x: number; yAccuracy: number; yVariety: number; point: GuidancePoint }[];
  /** height of "as varied as real examples" (variety ratio 1) in the bottom plot */
  realY: number;
}

const PLOT = 80;
const GAP = 34;
const TOP = 18;

/** Variety as a multiple of the real examples' (the raw distance when those are unknown). */
export function varietyRatio(p: GuidancePoint): number {
  const real = p.scores.realVariety;
  return real !== null && real > 0 ? p.scores.variety / real : p.scores.variety;
}

export function sweepGeometry(scales: readonly number[], points: GuidancePoint[], width: number): SweepGeometry {
  const left = 48;
  const right = width - 12;
  const x = scalePoint<number>().domain([...scales]).range([left + 8, right - 8]);
  const accuracy = scaleLinear().domain([0, 1]).range([TOP + PLOT, TOP]);
  const vTop = TOP + PLOT + GAP;
  const maxRatio = Math.max(1.2, ...points.map(varietyRatio));
  const variety = scaleLinear().domain([0, maxRatio]).range([vTop + PLOT, vTop]).nice();
  return {
    width,
    height: vTop + PLOT + 36,
    left,
    right,
    accuracy: { top: TOP, bottom: TOP + PLOT, ticks: [0, 0.5, 0.8, 1].map((v) => ({ pos: accuracy(v), label: `${Math.round(v * 100)} %` })) },
    variety: { top: vTop, bottom: vTop + PLOT, ticks: variety.ticks(3).map((v) => ({ pos: variety(v), label: `${v}×` })) },
    xTicks: scales.map((w) => ({ pos: x(w) ?? left, label: String(w) })),
    points: points.map((p) => ({ x: x(p.w) ?? left, yAccuracy: accuracy(p.scores.accuracy), yVariety: variety(varietyRatio(p)), point: p })),
    realY: variety(1),
  };
}

/** One point in words. */
export function sweepPointText(p: GuidancePoint, n: number): string {
  const hits = Math.round(p.scores.accuracy * n);
  const v = p.scores.realVariety !== null
    ? `variety ${varietyRatio(p).toFixed(2)} × that of real ${p.scores.digit}s`
    : `mean feature distance ${p.scores.variety.toFixed(2)}`;
  return `w = ${p.w}: ${hits} of ${n} read as ${p.scores.digit} (${Math.round(p.scores.accuracy * 100)} %), ${v}`;
}

/** The chart for screen readers. */
export function sweepAriaLabel(digit: number, points: GuidancePoint[], n: number): string {
  if (!points.length) return `Guidance trade-off for ${digit}: not measured yet.`;
  return `Guidance trade-off for ${digit}, ${points.length} scale${points.length === 1 ? '' : 's'} measured; ${points.map((p) => sweepPointText(p, n)).join('; ')}.`;
}
