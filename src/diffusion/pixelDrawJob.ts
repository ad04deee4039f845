/**
 * One request of the pixel histogram: draws of one pixel of x_t (by eq. 4 or the chain of eq. 2),
 * their histogram and moments. Pure; runs in the histogram's worker, or inline where there are no
 * workers.
 */
import { drawPixelChain, drawPixelClosedForm, histogram, sampleMoments, type Histogram, type Moments } from './pixelDraws';
import type { Schedule } from './schedule';

export interface PixelDrawRequest {
  x0: number;
  t: number;
  schedule: Schedule;
  mode: 'closed' | 'chain';
  count: number;
  seed: number;
  range: { lo: number; hi: number; bins: number };
}

/** A request as posted to the histogram's worker: the schedule (12 arrays of T + 1) only when it changed. */
export type PostedPixelDrawRequest = Omit<PixelDrawRequest, 'schedule'> & { schedule?: Schedule };

export interface PixelDrawResult {
  t: number;
  hist: Histogram;
  sample: Moments;
}

export function runPixelDraws(r: PixelDrawRequest): PixelDrawResult {
  const samples = (r.mode === 'chain' ? drawPixelChain : drawPixelClosedForm)(r.x0, r.t, r.schedule, r.count, r.seed);
  return { t: r.t, hist: histogram(samples, r.range.lo, r.range.hi, r.range.bins), sample: sampleMoments(samples) };
}
