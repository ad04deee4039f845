import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { clampTimestep, svgSafeId } from '../../../src/ui/charts/chartUtils';
import {
  LOG_SNR_CLIP, MAX_POINTS_PER_LINE, SCHEDULE_LINES, dashBackground, downsampleMinMax, formatReadoutValue, logSnrDomain,
  scheduleAriaLabel, scheduleGeometry, scheduleLayout, scheduleReadout, scheduleSeries, timestepAtX,
} from '../../../src/ui/charts/scheduleChartData';

const linear = makeSchedule({ kind: 'linear', T: 1000 });
const cosineLong = makeSchedule({ kind: 'cosine', T: 4000 });

/** Path data "M x,y L x,y …" → its number of points. */
function pointCount(d: string): number {
  return (d.match(/[ML]/g) ?? []).length;
}

describe('downsampleMinMax', () => {
  it('keeps every point when there are few', () => {
    expect(downsampleMinMax(1, [3, 4, 5], 10)).toEqual([[1, 3], [2, 4], [3, 5]]);
  });
  it('keeps at most maxPoints, in order, with both ends, the global extremes and a lone spike', () => {
    const ys = new Float64Array(4001).map((_, i) => Math.sin(i / 300));
    ys[3000] = 50; // a spike
    const pts = downsampleMinMax(0, ys, 500);
    expect(pts.length).toBeLessThanOrEqual(500);
    expect(pts.length).toBeGreaterThan(400);
    expect(pts[0]).toEqual([0, ys[0]]);
    expect(pts[pts.length - 1]).toEqual([4000, ys[4000]]);
    for (let i = 1; i < pts.length; i++) expect(pts[i][0]).toBeGreaterThan(pts[i - 1][0]);
    expect(pts.some(([t, y]) => t === 3000 && y === 50)).toBe(true);
    const ysMin = Math.min(...ys);
    expect(pts.some(([, y]) => y === ysMin)).toBe(true);
  });
});

describe('scheduleSeries', () => {
  it('starts ᾱ_t, √ᾱ_t and √(1 − ᾱ_t) at t = 0 (ᾱ_0 = 1) and β_t, log SNR at t = 1', () => {
    const series = scheduleSeries(linear);
    expect(series.alphaBar[0]).toEqual([0, 1]);
    expect(series.sqrtAlphaBar[0]).toEqual([0, 1]);
    expect(series.sqrtOneMinusAlphaBar[0]).toEqual([0, 0]);
    expect(series.beta[0][0]).toBe(1);
    expect(series.beta[0][1]).toBeCloseTo(1e-4, 8);
    expect(series.logSnr[0][0]).toBe(1);
    const last = series.beta[series.beta.length - 1];
    expect(last[0]).toBe(1000);
    expect(last[1]).toBeCloseTo(0.02, 8);
  });
  it('has at most MAX_POINTS_PER_LINE points per curve for T = 4000, and keeps the cosine β_T = 0.999', () => {
    const series = scheduleSeries(cosineLong);
    for (const style of SCHEDULE_LINES) expect(series[style.key].length).toBeLessThanOrEqual(MAX_POINTS_PER_LINE);
    const beta = series.beta;
    expect(beta[beta.length - 1][0]).toBe(4000);
    expect(beta[beta.length - 1][1]).toBeCloseTo(0.999, 5);
  });
});

describe('logSnrDomain', () => {
  it('is the data range rounded out for the linear schedule (ln SNR from 9.21 down to −10.12)', () => {
    expect(logSnrDomain(linear)).toEqual([-11, 10]);
  });
  it('is clipped to ±LOG_SNR_CLIP for the cosine schedule, whose ᾱ_T is nearly 0', () => {
    const [lo, hi] = logSnrDomain(cosineLong);
    expect(lo).toBe(-LOG_SNR_CLIP);
    expect(hi).toBeLessThanOrEqual(LOG_SNR_CLIP);
  });
});

describe('scheduleGeometry', () => {
  it('draws five paths of at most ~500 points inside the plot, whatever T', () => {
    for (const [s, width] of [[linear, 640], [cosineLong, 320]] as const) {
      const g = scheduleGeometry(s, width);
      for (const style of SCHEDULE_LINES) {
        const d = g.paths[style.key];
        expect(d.startsWith('M')).toBe(true);
        expect(pointCount(d)).toBeLessThanOrEqual(MAX_POINTS_PER_LINE + 2);
        const xs = [...d.matchAll(/[ML]([-\d.e]+),/g)].map((m) => Number(m[1]));
        expect(Math.min(...xs)).toBeGreaterThanOrEqual(g.layout.margins.left - 1e-9);
        expect(Math.max(...xs)).toBeLessThanOrEqual(width - g.layout.margins.right + 1e-9);
      }
    }
  });
  it('maps t to x and back to the same integer t, clamping outside the plot', () => {
    const g = scheduleGeometry(linear, 480);
    for (const t of [0, 1, 250, 999, 1000]) expect(timestepAtX(g.x(t), g.x, 1000)).toBe(t);
    expect(timestepAtX(-50, g.x, 1000)).toBe(0);
    expect(timestepAtX(10_000, g.x, 1000)).toBe(1000);
  });
  it('stacks the plots without overlap and gives the β plot its own ticks', () => {
    const layout = scheduleLayout(320);
    expect(layout.panels.main.bottom).toBeLessThan(layout.panels.beta.top);
    expect(layout.panels.beta.bottom).toBeLessThan(layout.panels.logSnr.top);
    expect(layout.height).toBeGreaterThan(layout.panels.logSnr.bottom);
    const g = scheduleGeometry(linear, 320);
    expect(g.y.beta.domain()).toEqual([0, 0.02]);
    expect(g.yTicks.beta.length).toBeGreaterThanOrEqual(2);
    expect(g.xTicks.length).toBeGreaterThanOrEqual(2);
  });
  it('labels the t axis with integer timesteps only, even for T = 2', () => {
    const g = scheduleGeometry(makeSchedule({ kind: 'linear', T: 2 }), 640);
    expect(g.xTicks.map((tick) => tick.label)).toEqual(['0', '1', '2']);
    expect(scheduleGeometry(linear, 640).xTicks.some((tick) => tick.label === '1000')).toBe(true);
  });
});

describe('readout and accessible name', () => {
  it('reads the reference values at t = 250 with 4 significant digits', () => {
    const r = scheduleReadout(linear, 250);
    expect(r.alphaBar).toBeCloseTo(0.52408537, 6);
    expect(formatReadoutValue('alphaBar', r.alphaBar)).toBe('0.5241');
    expect(formatReadoutValue('beta', r.beta)).toBe('0.005060');
    const label = scheduleAriaLabel(r, 1000);
    expect(label).toContain('t = 250');
    expect(label).toContain('ᾱ_t = 0.5241');
    expect(label).toContain('β_t = 0.005060');
    expect(label).toContain('log SNR = 0.09642'); // ln(0.52408537 / 0.47591463) = 0.096416
  });
  it('handles t = 0, where β_0 and log SNR are undefined', () => {
    const r = scheduleReadout(linear, 0);
    expect(r.alphaBar).toBe(1);
    expect(r.beta).toBeNull();
    expect(formatReadoutValue('beta', r.beta)).toBe('—');
    expect(formatReadoutValue('logSnr', r.logSnr)).toBe('+∞');
    expect(scheduleAriaLabel(r, 1000)).toContain('t = 0');
  });
  it('clamps and rounds timesteps, and makes ids safe for url(#…)', () => {
    expect(clampTimestep(250.4, 1000)).toBe(250);
    expect(clampTimestep(-3, 1000)).toBe(0);
    expect(clampTimestep(5000, 1000)).toBe(1000);
    expect(clampTimestep(NaN, 1000)).toBe(0);
    expect(svgSafeId('«r1»')).toBe('chart-r1');
    expect(svgSafeId(':r2:')).toBe('chart-r2');
  });
});

describe('legend swatches drawn as a CSS background', () => {
  it('draws an SVG dash pattern as repeating stops: dashes in the colour, gaps transparent', () => {
    expect(dashBackground('#0b62a4', '')).toBe('linear-gradient(#0b62a4, #0b62a4)');
    expect(dashBackground('#007a5a', '9 4')).toBe('repeating-linear-gradient(to right, #007a5a 0px 9px, transparent 9px 13px)');
    expect(dashBackground('#5f5a00', '6 2 2 2')).toBe(
      'repeating-linear-gradient(to right, #5f5a00 0px 6px, transparent 6px 8px, #5f5a00 8px 10px, transparent 10px 12px)',
    );
  });

  it('repeats an odd-length pattern once, as SVG does, and draws a bad or all-zero one solid', () => {
    // '3' is 3 on, 3 off; '2,1,1' is 2 on 1 off 1 on, 2 off 1 on 1 off
    expect(dashBackground('red', '3')).toBe('repeating-linear-gradient(to right, red 0px 3px, transparent 3px 6px)');
    expect(dashBackground('red', '2,1,1')).toBe(
      'repeating-linear-gradient(to right, red 0px 2px, transparent 2px 3px, red 3px 4px, transparent 4px 6px, red 6px 7px, transparent 7px 8px)',
    );
    for (const bad of ['0 0', 'a b', '-1 2']) expect(dashBackground('red', bad)).toBe('linear-gradient(red, red)');
  });

  it("gives every line of the schedule chart its own swatch", () => {
    const backgrounds = SCHEDULE_LINES.map((l) => dashBackground(l.color, l.dash));
    expect(new Set(backgrounds).size).toBe(SCHEDULE_LINES.length);
    SCHEDULE_LINES.forEach((l, i) => expect(backgrounds[i]).toContain(l.color));
  });
});
