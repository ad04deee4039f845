import { describe, expect, it } from 'vitest';
import { binLabel, extremeBins, lossBins, lossByTAriaLabel, lossByTGeometry } from '../../../src/ui/charts/lossByTData';

/** 20 bins over t = 1 … 1000, as the engine makes them: 1, 51, 101, … */
const T = 1000;
const edges = Array.from({ length: 20 }, (_, i) => 1 + Math.floor((i * T) / 20));
const mean = edges.map((_, i) => 0.2 / (1 + i));

describe('lossBins', () => {
  it('turns edges into inclusive timestep ranges, the last up to T', () => {
    const bins = lossBins(edges, mean, T);
    expect(bins.length).toBe(20);
    expect(bins[0]).toMatchObject({ tFirst: 1, tLast: 50 });
    expect(bins[19]).toMatchObject({ tFirst: 951, tLast: 1000 });
    expect(binLabel(bins[0])).toBe('t = 1–50');
    expect(binLabel({ index: 0, tFirst: 7, tLast: 7, mean: 1 })).toBe('t = 7');
  });
});

describe('lossByTGeometry', () => {
  it('tiles [0, T] with bars whose heights follow the means', () => {
    const g = lossByTGeometry(lossBins(edges, mean, T), T, 640, false);
    const { margins, width } = g.layout;
    expect(g.bars[0].x).toBeGreaterThanOrEqual(margins.left);
    const last = g.bars[19];
    expect(last.x + last.width).toBeLessThanOrEqual(width - margins.right + 1e-9);
    for (let i = 1; i < 20; i++) expect(g.bars[i].height).toBeLessThan(g.bars[i - 1].height);
    expect(g.y(0)).toBeCloseTo(g.layout.height - margins.bottom, 6);
    expect(g.xTicks.some((tick) => tick.label === '1000')).toBe(true);
  });
  it('draws NaN bins as empty outlines and skips them in the y domain; log scale keeps every bar visible', () => {
    const m = mean.slice();
    m[3] = NaN;
    const g = lossByTGeometry(lossBins(edges, m, T), T, 320, true);
    expect(g.bars[3].empty).toBe(true);
    expect(g.bars.filter((b) => b.empty).length).toBe(1);
    for (const b of g.bars) if (!b.empty) expect(b.height).toBeGreaterThan(0);
    expect(g.y.domain()[1]).toBeCloseTo(0.2, 6);
  });
});

describe('lossByTAriaLabel', () => {
  it('summarises the highest and lowest bins', () => {
    const bins = lossBins(edges, mean, T);
    expect(extremeBins(bins)?.highest.tFirst).toBe(1);
    expect(lossByTAriaLabel(bins, T)).toBe(
      'Mean training loss in 20 bins of t = 1 … 1000: highest 0.200 at t = 1–50, lowest 0.0100 at t = 951–1000.',
    );
    const none = lossBins(edges, edges.map(() => NaN), T);
    expect(lossByTAriaLabel(none, T)).toBe('Mean training loss in 20 bins of t = 1 … 1000: no samples yet.');
  });
});
