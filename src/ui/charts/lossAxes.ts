/**
 * Axes of the loss charts: the step domain, the y domain and scale (linear or logarithmic) of loss
 * values, and their labelled ticks, computed by d3.
 */
import { format, scaleLinear, scaleLog, ticks as d3Ticks } from 'd3';
import type { ScaleContinuousNumeric } from 'd3';
import type { Tick } from './scheduleChartData';

/** A y scale of the loss charts: linear or logarithmic. */
export type LossScale = ScaleContinuousNumeric<number, number>;

/** The full x domain [1, length] of `length` steps (at least one step wide). */
export function fullStepDomain(length: number): [number, number] {
  return [1, Math.max(2, length)];
}

/**
 * The y domain of values in [lo, hi]: linear from min(0, lo), rounded by the caller with nice(); log
 * from the smallest positive value (its floor) to the largest, widened a little when they coincide.
 */
export function lossYDomain(lo: number, hi: number, logScale: boolean): [number, number] {
  if (logScale) {
    if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [0.01, 1];
    return hi / lo < 1.05 ? [lo / 1.1, hi * 1.1] : [lo, hi];
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  const bottom = Math.min(0, lo);
  return hi > bottom ? [bottom, hi] : [bottom, bottom + 1];
}

/** A y scale over [lo, hi] and range [bottom, top]: log without nice() (decades would waste room), linear niced. */
export function lossYScale(domain: [number, number], range: [number, number], logScale: boolean): LossScale {
  if (logScale) return scaleLog().domain(domain).range(range);
  return scaleLinear().domain(domain).nice(4).range(range);
}

/**
 * Labelled y ticks: for a log scale the 1-2-5-like ticks that d3 labels, falling back to linear
 * ticks when the domain is under a decade and too narrow for them, or their labels would repeat.
 */
export function lossYTicks(y: LossScale, logScale: boolean, count = 4): Tick[] {
  if (logScale) {
    const fmt = y.tickFormat(count + 1, '.2~g');
    const labelled = y.ticks(count + 1)
      .map((value) => ({ value, pos: y(value), label: fmt(value) }))
      .filter((tick) => tick.label !== '');
    // Narrow domains can give ticks whose two-digit labels coincide (1.05 and 1.1 both read "1.1").
    const distinct = new Set(labelled.map((tick) => tick.label)).size === labelled.length;
    if (labelled.length >= 2 && distinct) return labelled;
    const [lo, hi] = y.domain();
    const fine = format('.3~g');
    return d3Ticks(lo, hi, 3).map((value) => ({ value, pos: y(value), label: fine(value) }));
  }
  const fmt = y.tickFormat(count);
  return y.ticks(count).map((value) => ({ value, pos: y(value), label: fmt(value) }));
}

/** Ticks of the step axis: integers only; 12k style past 10,000 so labels stay short at 320 px. */
export function stepTicks(x: (step: number) => number, domain: [number, number], count: number): Tick[] {
  const fmt = domain[1] >= 10000 ? format('~s') : format(',');
  return d3Ticks(domain[0], domain[1], count)
    .filter((value) => Number.isInteger(value))
    .map((value) => ({ value, pos: x(value), label: fmt(value) }));
}
