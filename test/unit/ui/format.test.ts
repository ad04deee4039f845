import { describe, expect, it } from 'vitest';
import { fixed, sigTex, sigText, superscript } from '../../../src/ui/format';

describe('number formats', () => {
  it('sigTex: plain in [1e−3, 1e5), TeX powers of ten outside', () => {
    expect(sigTex(0)).toBe('0');
    expect(sigTex(0.52408537)).toBe('0.5241');
    expect(sigTex(4.0358e-5)).toBe('4.036\\times 10^{-5}');
    expect(sigTex(Infinity)).toBe('\\infty');
  });
  it('sigText: the same numbers for prose, with superscripts and a true minus sign', () => {
    expect(sigText(0)).toBe('0');
    expect(sigText(4.0358e-5)).toBe('4.04×10⁻⁵');
    expect(sigText(-0.0123)).toBe('−0.0123');
    expect(sigText(-2.5e-7, 2)).toBe('−2.5×10⁻⁷');
    expect(sigText(-Infinity)).toBe('−∞');
  });
  it('fixed and superscript', () => {
    expect(fixed(-1.5, 2)).toBe('−1.50');
    expect(superscript(-12)).toBe('⁻¹²');
  });
});
