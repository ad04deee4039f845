import { describe, expect, it } from 'vitest';
import { quantile, summarize } from '../../../src/bench/stats';

describe('bench statistics', () => {
  it('interpolates quantiles linearly', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.1)).toBeCloseTo(14);
    expect(quantile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46);
    expect(quantile([7], 0.9)).toBe(7);
  });

  it('summarizes unsorted timings and returns null for none', () => {
    const s = summarize([5, 1, 3])!;
    expect(s.median).toBe(3);
    expect(s.p10).toBeCloseTo(1.4);
    expect(s.p90).toBeCloseTo(4.6);
    expect([s.min, s.max, s.n]).toEqual([1, 5, 3]);
    expect(summarize([])).toBeNull();
  });
});
