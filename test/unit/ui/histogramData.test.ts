import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { drawPixelClosedForm, histogram, pixelDensity, sampleMoments } from '../../../src/diffusion/pixelDraws';
import {
  HISTOGRAM_BINS, HISTOGRAM_HI, HISTOGRAM_LO, densityCurve, densityPeak, histogramAriaLabel, histogramGeometry,
  formatVariance, histogramYMax, momentsReadout, normalPdf, plural,
} from '../../../src/ui/charts/histogramData';

const s = makeSchedule({ kind: 'linear', T: 1000 });

function drawn(t: number) {
  const values = drawPixelClosedForm(0.8, t, s, 2000, 3);
  return { h: histogram(values, HISTOGRAM_LO, HISTOGRAM_HI, HISTOGRAM_BINS), sample: sampleMoments(values), density: pixelDensity(0.8, t, s) };
}

describe('normal density', () => {
  it('is the standard normal density', () => {
    expect(normalPdf(0, 0, 1)).toBeCloseTo(0.3989422804, 9);
    expect(normalPdf(1, 0, 1)).toBeCloseTo(0.2419707245, 9);
    expect(normalPdf(2, 1, 4)).toBeCloseTo(0.1760326634, 9);
    expect(densityPeak(1)).toBeCloseTo(0.3989422804, 9);
    expect(densityPeak(0)).toBe(Infinity);
  });
  it('has a curve with area ≈ 1 and its true peak even when narrower than a bin (t = 1)', () => {
    for (const t of [1, 250, 1000]) {
      const { mean, variance } = pixelDensity(0.8, t, s);
      const pts = densityCurve(mean, variance, HISTOGRAM_LO, HISTOGRAM_HI);
      for (let i = 1; i < pts.length; i++) expect(pts[i][0]).toBeGreaterThan(pts[i - 1][0]);
      let area = 0;
      for (let i = 1; i < pts.length; i++) area += ((pts[i][1] + pts[i - 1][1]) / 2) * (pts[i][0] - pts[i - 1][0]);
      expect(area).toBeCloseTo(1, 2);
      const top = Math.max(...pts.map((p) => p[1]));
      expect(top).toBeCloseTo(densityPeak(variance), 6);
    }
  });
  it('is empty for the point mass at t = 0', () => {
    expect(densityCurve(0.8, 0, HISTOGRAM_LO, HISTOGRAM_HI)).toEqual([]);
  });
});

describe('histogram geometry', () => {
  it('has bars whose heights in data units are the densities, inside the plot', () => {
    const { h, density } = drawn(250);
    const g = histogramGeometry(h, density, 480);
    const nonEmpty = Array.from(h.counts).filter((c) => c > 0).length;
    expect(g.bars.length).toBe(nonEmpty);
    for (const bar of g.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(g.layout.margins.left - 1e-9);
      expect(bar.x + bar.width).toBeLessThanOrEqual(480 - g.layout.margins.right + 1e-9);
      expect(bar.height).toBeGreaterThan(0);
      expect(bar.y).toBeGreaterThanOrEqual(g.layout.margins.top - 1e-9);
    }
    const tallest = Math.max(...h.density);
    const bar = g.bars.reduce((a, b) => (b.height > a.height ? b : a));
    expect(g.y.invert(bar.y)).toBeCloseTo(tallest, 9);
    expect(g.densityPath.startsWith('M')).toBe(true);
    expect(g.spikeX).toBeNull();
    expect(g.clippedPeak).toBeNull();
  });
  it('draws a spike at x_0 instead of a curve at t = 0', () => {
    const { h, density } = drawn(0);
    const g = histogramGeometry(h, density, 320);
    expect(g.densityPath).toBe('');
    expect(g.spikeX).toBeCloseTo(g.x(0.8), 9);
  });
  it('caps the y axis at the tallest possible bar and reports a taller density peak as clipped (t = 1)', () => {
    const { h, density } = drawn(1);
    expect(histogramYMax(h, density.variance)).toBeCloseTo((1 / h.binWidth) * 1.08, 9);
    const g = histogramGeometry(h, density, 320);
    expect(g.clippedPeak).toBeCloseTo(densityPeak(density.variance), 9);
  });
});

describe('readouts', () => {
  it('prints sample moments next to those of eq. 4', () => {
    expect(momentsReadout({ mean: 0.5791, variance: 0.4762 }, { mean: 0.5797, variance: 0.47591 }))
      .toBe('mean 0.579 (eq. 4: 0.580) · variance 0.476 (0.476)');
  });
  it('writes an exact zero variance as 0 and counts in words', () => {
    expect(formatVariance(0)).toBe('0');
    expect(formatVariance(1e-4)).toBe('0.000100');
    expect(momentsReadout({ mean: 0.8, variance: 0 }, { mean: 0.8, variance: 0 })).toBe('mean 0.800 (eq. 4: 0.800) · variance 0 (0)');
    expect(plural(1, 'step')).toBe('1 step');
    expect(plural(250, 'step')).toBe('250 steps');
  });
  it('describes the histogram for screen readers', () => {
    const { h, sample, density } = drawn(250);
    const label = histogramAriaLabel({ draws: 2000, pixelLabel: 'pixel (14, 9)', t: 250, mode: 'chain', sample, density, outside: h.outside });
    expect(label).toContain('2000 draws of pixel (14, 9) at t = 250');
    expect(label).toContain('eq. 2');
    expect(label).toContain('eq. 4 predicts');
  });
});
