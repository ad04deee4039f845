import { describe, expect, it } from 'vitest';
import { overflowsX } from '../../../src/ui/ScrollX';

describe('overflowsX', () => {
  it('is false when the content fits or exactly fills the box', () => {
    expect(overflowsX(300, 375)).toBe(false);
    expect(overflowsX(375, 375)).toBe(false);
  });

  it('allows one pixel of rounding slack', () => {
    expect(overflowsX(376, 375)).toBe(false);
    expect(overflowsX(376.5, 375)).toBe(true);
    expect(overflowsX(377, 375)).toBe(true);
  });

  it('is true for content far wider than the box', () => {
    expect(overflowsX(1200, 343)).toBe(true);
  });

  it('is false for a box that is not laid out (display: none, closed details)', () => {
    expect(overflowsX(0, 0)).toBe(false);
    expect(overflowsX(1, 0)).toBe(false);
  });

  it('is true for content inside a zero-width box', () => {
    expect(overflowsX(2, 0)).toBe(true);
  });

  it('is false for measurements that are not finite numbers', () => {
    expect(overflowsX(Number.NaN, 375)).toBe(false);
    expect(overflowsX(500, Number.NaN)).toBe(false);
    expect(overflowsX(Number.POSITIVE_INFINITY, 375)).toBe(false);
  });
});
