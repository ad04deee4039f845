import { describe, expect, it } from 'vitest';
import { fullStepDomain, lossYDomain, lossYScale, lossYTicks } from '../../../src/ui/charts/lossAxes';
import { effectiveZoom, lossAriaLabel, lossChartGeometry, stepRangeFromPixels } from '../../../src/ui/charts/lossChartData';
import { downsampleMinMax, emaPoints, rawPoints } from '../../../src/ui/charts/lossDecimation';
import { emaSeries } from '../../../src/ui/charts/lossSmoothing';

/** A deterministic noisy, decaying loss curve (like training), from a small LCG. */
function fakeLosses(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    out[i] = 0.03 + 0.9 * Math.exp(-i / 2000) + 0.02 * u;
  }
  return out;
}

/** Path data "M x,y L x,y …" → its number of points. */
function pointCount(d: string): number {
  return (d.match(/[ML]/g) ?? []).length;
}

/** The EMA by its definition, one step at a time: m ← α m + (1 − α) ℓ, corrected by 1 − α^k. */
function emaByLoop(xs: ArrayLike<number>, n: number, alpha: number): number[] {
  const out: number[] = [];
  let m = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(xs[i])) {
      m = alpha * m + (1 - alpha) * xs[i];
      k++;
    }
    out.push(k > 0 ? m / (1 - alpha ** k) : NaN);
  }
  return out;
}

describe('emaSeries', () => {
  it('starts at the first loss (bias-corrected) and follows the definition', () => {
    const xs = [1, 0.5, 0.25, 2, 0.1];
    const ema = emaSeries(xs, xs.length, 0.9);
    expect(ema[0]).toBeCloseTo(1, 6);
    // (0.9·0.1·1 + 0.1·0.5) / (1 − 0.81) = 0.14 / 0.19
    expect(ema[1]).toBeCloseTo(0.14 / 0.19, 6);
    const ref = emaByLoop(xs, xs.length, 0.9);
    ref.forEach((v, i) => expect(ema[i]).toBeCloseTo(v, 6));
  });
  it('of a constant is that constant, from the first step', () => {
    const ema = emaSeries(new Float32Array(500).fill(0.25), 500, 0.98);
    for (const v of ema) expect(v).toBeCloseTo(0.25, 6);
  });
  it('reads only the first `length` values and skips non-finite losses', () => {
    const buf = new Float32Array([0.5, NaN, 0.5, Infinity, 0.5, 99, 99]);
    const ema = emaSeries(buf, 5, 0.98);
    expect(ema.length).toBe(5);
    for (const v of ema) expect(v).toBeCloseTo(0.5, 6);
    expect(Number.isNaN(emaSeries([NaN, 1], 2)[0])).toBe(true);
    expect(emaSeries([NaN, 1], 2)[1]).toBeCloseTo(1, 6);
  });
  it('with α = 0 is the loss itself', () => {
    expect(Array.from(emaSeries([3, 1, 2], 3, 0))).toEqual([3, 1, 2]);
  });
});

describe('downsampleMinMax', () => {
  it('gives one bucket per value when there are fewer values than buckets', () => {
    const b = downsampleMinMax([4, 2, 7], 0, 3, 10);
    expect(b.count).toBe(3);
    expect(Array.from(b.min)).toEqual([4, 2, 7]);
    expect(Array.from(b.max)).toEqual([4, 2, 7]);
    expect(rawPoints(b)).toEqual([[1, 4], [2, 2], [3, 7]]);
  });
  it('skips non-finite values, and non-positive ones for a log scale; an empty bucket is a gap', () => {
    const xs = [NaN, NaN, 1, -1, 0, 3];
    const lin = downsampleMinMax(xs, 0, 6, 3);
    expect(lin.minIndex[0]).toBe(-1);
    expect(Number.isNaN(lin.min[0])).toBe(true);
    expect(Array.from(lin.min.slice(1))).toEqual([-1, 0]);
    const log = downsampleMinMax(xs, 0, 6, 3, true);
    expect(Array.from(log.min.slice(1))).toEqual([1, 3]);
    const pts = rawPoints(log);
    expect(Number.isNaN(pts[0][1])).toBe(true);
  });
  it('handles an empty range', () => {
    expect(downsampleMinMax([1, 2], 1, 1, 10).count).toBe(0);
    expect(rawPoints(downsampleMinMax([], 0, 0, 10))).toEqual([]);
  });
});

describe('100,000 steps at 600 px', () => {
  const N = 100_000;
  const losses = fakeLosses(N);
  losses[77_777] = 5; // a spike the view must keep
  const alpha = 0.98;

  it('buckets cover the range in order, and each min/max is the true min/max of its range', () => {
    const b = downsampleMinMax(losses, 0, N, 600);
    expect(b.count).toBe(600);
    expect(b.start[0]).toBe(0);
    expect(b.end[b.count - 1]).toBe(N);
    for (let k = 0; k < b.count; k++) {
      if (k > 0) expect(b.start[k]).toBe(b.end[k - 1]);
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = b.start[k]; i < b.end[k]; i++) {
        lo = Math.min(lo, losses[i]);
        hi = Math.max(hi, losses[i]);
      }
      expect(b.min[k]).toBe(lo);
      expect(b.max[k]).toBe(hi);
      expect(losses[b.minIndex[k]]).toBe(lo);
      expect(losses[b.maxIndex[k]]).toBe(hi);
    }
    const pts = rawPoints(b);
    expect(pts.some(([step, v]) => step === 77_778 && v === 5)).toBe(true);
    for (let i = 1; i < pts.length; i++) expect(pts[i][0]).toBeGreaterThan(pts[i - 1][0]);
  });

  it('the EMA matches a direct loop, and its points are its exact values at bucket ends', () => {
    const ema = emaSeries(losses, N, alpha);
    const ref = emaByLoop(losses, N, alpha);
    let worst = 0;
    for (let i = 0; i < N; i++) worst = Math.max(worst, Math.abs(ema[i] - ref[i]) / ref[i]);
    expect(worst).toBeLessThan(1e-6);
    const b = downsampleMinMax(losses, 0, N, 600);
    const pts = emaPoints(ema, b);
    expect(pts.length).toBe(601);
    expect(pts[0]).toEqual([1, ema[0]]);
    expect(pts[pts.length - 1]).toEqual([N, ema[N - 1]]);
    for (const [step, v] of pts) expect(v).toBe(ema[step - 1]);
  });

  it('builds paths of about one bucket per px', () => {
    const ema = emaSeries(losses, N, alpha);
    for (const logScale of [false, true]) {
      const g = lossChartGeometry({ losses, length: N, ema, width: 600 + 54 + 14, zoom: null, logScale });
      expect(g.buckets).toBe(600);
      expect(g.domain).toEqual([1, N]);
      const raw = pointCount(g.rawPath);
      expect(raw).toBeGreaterThan(600);
      expect(raw).toBeLessThanOrEqual(1200);
      expect(pointCount(g.emaPath)).toBe(601);
      expect(g.rawPath).not.toMatch(/NaN/);
      expect(g.emaPath).not.toMatch(/NaN/);
      // the y domain reaches the spike
      expect(g.y.domain()[1]).toBeGreaterThanOrEqual(5);
      expect(g.latest).not.toBeNull();
    }
  });
});

describe('lossChartGeometry', () => {
  const losses = fakeLosses(10_000);
  const ema = emaSeries(losses, 10_000, 0.98);
  it('draws only the steps in a zoom, plus one on each side', () => {
    const g = lossChartGeometry({ losses, length: 10_000, ema, width: 668, zoom: [2001, 2100], logScale: false });
    expect(g.domain).toEqual([2001, 2100]);
    expect(g.buckets).toBe(102); // steps 2000 … 2101
    expect(g.x(2001)).toBeCloseTo(54, 6);
    expect(g.x(2100)).toBeCloseTo(668 - 14, 6);
    expect(g.latest).toBeNull(); // step 10,000 is out of view
  });
  it('uses a log scale whose floor is the smallest positive value in view', () => {
    const xs = new Float32Array([0.5, 0, -1, 0.02, 0.1, NaN]);
    const e = emaSeries(xs, 6, 0.5);
    const g = lossChartGeometry({ losses: xs, length: 6, ema: e, width: 400, zoom: null, logScale: true });
    expect(g.y.domain()[0]).toBeCloseTo(0.02, 6);
    expect(g.y.domain()[1]).toBeCloseTo(0.5, 6);
    expect(g.rawPath).not.toMatch(/NaN|Infinity/);
    expect(g.yTicks.length).toBeGreaterThanOrEqual(2);
  });
  it('a single step has a domain one step wide and a dot', () => {
    const g = lossChartGeometry({ losses: [0.7], length: 1, ema: [0.7], width: 320, zoom: null, logScale: false });
    expect(g.domain).toEqual(fullStepDomain(1));
    expect(g.latest).not.toBeNull();
  });
});

describe('lossYDomain', () => {
  it('starts the linear scale at 0 and the log scale at the smallest value', () => {
    expect(lossYDomain(0.03, 0.9, false)).toEqual([0, 0.9]);
    expect(lossYDomain(0.03, 0.9, true)).toEqual([0.03, 0.9]);
    const [a, b] = lossYDomain(0.5, 0.5, true);
    expect(a).toBeLessThan(0.5);
    expect(b).toBeGreaterThan(0.5);
    expect(lossYDomain(Infinity, -Infinity, false)).toEqual([0, 1]);
  });
});

describe('brushing', () => {
  const invertX = (px: number): number => 1 + (px - 50) * 10; // 10 steps per px from x = 50
  it('turns a drag into a whole-step range clamped to the history, either direction', () => {
    expect(stepRangeFromPixels(60, 70, invertX, 1000)).toEqual([101, 201]);
    expect(stepRangeFromPixels(70, 60, invertX, 1000)).toEqual([101, 201]);
    expect(stepRangeFromPixels(40, 500, invertX, 1000)).toEqual([1, 1000]);
  });
  it('ignores a click and histories too short to zoom', () => {
    expect(stepRangeFromPixels(60, 62, invertX, 1000)).toBeNull();
    expect(stepRangeFromPixels(60, 90, invertX, 1)).toBeNull();
  });
  it('drops a zoom that no longer fits the history (after a reset)', () => {
    expect(effectiveZoom([100, 200], 1000)).toEqual([100, 200]);
    expect(effectiveZoom([100, 200], 150)).toEqual([100, 150]);
    expect(effectiveZoom([100, 200], 50)).toBeNull();
    expect(effectiveZoom(null, 50)).toBeNull();
  });
});

describe('lossAriaLabel', () => {
  it('names the step count and the smoothed loss', () => {
    expect(lossAriaLabel(1234, 0.04123, null)).toBe('Training loss over 1,234 steps; smoothed loss now 0.0412');
    expect(lossAriaLabel(1, 0.5, null)).toBe('Training loss over 1 step; smoothed loss now 0.500');
    expect(lossAriaLabel(0, undefined, null)).toBe('Training loss: no steps yet');
    expect(lossAriaLabel(5000, 0.05, [100, 200])).toContain('zoomed to steps 100–200');
  });
});

describe('log-scale loss ticks', () => {
  it('a narrow domain around 1 gets distinct labels, in order', () => {
    const y = lossYScale([0.95, 1.1], [200, 0], true);
    const ticks = lossYTicks(y, true);
    const labels = ticks.map((t) => t.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].value).toBeGreaterThan(ticks[i - 1].value);
  });
});
