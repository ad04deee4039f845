/** The quality chart's geometry and words. */
import { describe, expect, it } from 'vitest';
import { qualityAriaLabel, qualityGeometry, qualityPointText } from '../../../src/ui/charts/qualityChartData';

const points = [
  { step: 250, confident: 0, fd: 80, fdFloor: 4, histogram: new Array(10).fill(0) },
  { step: 500, confident: 0.5, fd: 20, fdFloor: 4, histogram: new Array(10).fill(0) },
  { step: 750, confident: 1, fd: 5, fdFloor: 4, histogram: new Array(10).fill(0) },
];

describe('quality chart', () => {
  it('puts later steps to the right, higher shares higher, smaller distances lower, the floor below them all', () => {
    const g = qualityGeometry(points, 400);
    const [a, b, c] = g.points;
    expect(a.x).toBeLessThan(b.x);
    expect(b.x).toBeLessThan(c.x);
    expect(a.yShare).toBe(g.share.bottom);
    expect(c.yShare).toBe(g.share.top);
    expect(b.yShare).toBeCloseTo((g.share.top + g.share.bottom) / 2, 6);
    expect(a.yFd!).toBeLessThan(b.yFd!);
    expect(c.yFd!).toBeLessThan(g.floorY!);
    expect(g.floorY!).toBeLessThanOrEqual(g.fd!.bottom);
  });
  it('has no distance plot when no reading has a distance', () => {
    const g = qualityGeometry([{ ...points[0], fd: null, fdFloor: null }], 400);
    expect(g.fd).toBeNull();
    expect(g.points[0].yFd).toBeNull();
  });
  it('says each reading and the latest in words', () => {
    expect(qualityPointText(points[1])).toBe('step 500: 50 % confidently digits, Fréchet distance 20 (floor 4)');
    expect(qualityAriaLabel([])).toBe('Quality over training: no readings yet.');
    expect(qualityAriaLabel(points)).toBe('Quality over training, 3 readings; latest at step 750: 100 % confidently digits, Fréchet distance 5 (floor 4).');
  });
});
