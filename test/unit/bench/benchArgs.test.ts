import { describe, expect, it } from 'vitest';
// @ts-expect-error: a Node script without type declarations
import { parseArgs } from '../../../scripts/bench.mjs';

describe('benchmark options', () => {
  it('take a number of scrubs per view, and refuse one that is not a whole number in range', () => {
    expect(parseArgs([]).scrubs).toBeNull();
    expect(parseArgs(['--scrubs', '120']).scrubs).toBe(120);
    expect(parseArgs(['--scrubs=60', '--quick']).scrubs).toBe(60);
    for (const bad of ['0', '4', '1001', '12.5', '-3', 'many']) {
      expect(() => parseArgs(['--scrubs', bad]), bad).toThrow(`--scrubs takes a whole number from 5 to 1000, not ${bad}`);
    }
    expect(() => parseArgs(['--scrubs'])).toThrow('--scrubs needs a value');
  });
});
