import { describe, expect, test } from 'vitest';
import { LossByTBins, LossHistory } from '../../../src/engine/lossStats';

describe('loss book-keeping', () => {
  test('the history grows past its first chunk and keeps every value in order', () => {
    const h = new LossHistory();
    const values = Array.from({ length: 10_000 }, (_, i) => i / 7);
    for (let i = 0; i < values.length; i += 333) h.push(values.slice(i, i + 333));
    expect(h.length).toBe(10_000);
    expect(Array.from(h.toArray())).toEqual(values.map((v) => Math.fround(v)));
    h.reset([1, 2]);
    expect(Array.from(h.toArray())).toEqual([1, 2]);
  });

  test('loss by t: each bin averages the losses of its timesteps', () => {
    const bins = new LossByTBins(1000, 4, 1); // no decay: plain means
    expect(bins.edges).toEqual([1, 251, 501, 751]);
    bins.add([1, 3, 10, NaN], [1, 250, 1000, 500]);
    bins.add([5], [251]);
    const m = bins.means();
    expect(m[0]).toBe(2); // t = 1 and t = 250
    expect(m[1]).toBe(5); // t = 251 (t = 500 was NaN and is skipped)
    expect(m[2]).toBeNaN();
    expect(m[3]).toBe(10);
  });

  test('with decay the average follows recent batches', () => {
    const bins = new LossByTBins(10, 1, 0.5);
    bins.add([4], [3]);
    bins.add([1], [3]);
    // (4·0.5 + 1) / (0.5 + 1) = 2
    expect(bins.means()[0]).toBeCloseTo(2, 12);
  });
});
