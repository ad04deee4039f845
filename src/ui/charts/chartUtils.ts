/**
 * Small helpers shared by the d3 charts: number formats, timestep clamping, layout margins.
 */
import { format } from 'd3';

/** Four significant digits, keeping trailing zeros (0.005060); d3 writes the minus sign as −. */
export const formatSig4 = format('.4g');
/** Three significant digits. */
export const formatSig3 = format('.3g');
/** Three decimals (means of pixel values in about [−3, 3]). */
export const formatFixed3 = format('.3f');

/** A timestep from any number: rounded to an integer and clamped to [0, T] (NaN becomes 0). */
export function clampTimestep(t: number, T: number): number {
  if (!Number.isFinite(t)) return t === Infinity ? T : 0;
  return Math.min(T, Math.max(0, Math.round(t)));
}

/** Plot margins in px. */
export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** An id usable inside url(#…) from React's useId output (which may contain characters like « or :). */
export function svgSafeId(id: string): string {
  return `chart-${id.replace(/[^a-zA-Z0-9_-]/g, '')}`;
}

/** Width of the charts before the container has been measured, and the narrowest layout they use. */
export const DEFAULT_CHART_WIDTH = 640;
export const MIN_CHART_WIDTH = 260;
