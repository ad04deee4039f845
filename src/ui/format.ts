/** A number's text with a true minus sign (U+2212) for display. */
function trueMinus(s: string): string {
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** Fixed decimals, with a true minus sign for display. */
export function fixed(x: number, digits: number): string {
  return trueMinus(x.toFixed(digits));
}

/**
 * x to `digits` significant digits: plain for magnitudes in [1e−3, 1e5) (and 0), otherwise split into
 * mantissa and power of ten for scientific notation. Not for ±∞ or NaN.
 */
function significant(x: number, digits: number): { plain: string } | { mantissa: string; exponent: number } {
  const a = Math.abs(x);
  if (x === 0 || (a >= 1e-3 && a < 1e5)) return { plain: Number(x.toPrecision(digits)).toString() };
  const [m, e] = x.toExponential(digits - 1).split('e');
  return { mantissa: m, exponent: Number(e) };
}

/** Significant digits, switching to scientific notation (as TeX) for very small or large magnitudes. */
export function sigTex(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  const n = significant(x, digits);
  return 'plain' in n ? n.plain : `${n.mantissa}\\times 10^{${n.exponent}}`;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** An integer written in superscript digits, e.g. −5 → ⁻⁵. */
export function superscript(n: number): string {
  return [...String(n)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** Significant digits for prose (no TeX): 4.04×10⁻⁵, 0.524, 1000, with a true minus sign. */
export function sigText(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const n = significant(x, digits);
  return 'plain' in n ? trueMinus(n.plain) : `${trueMinus(n.mantissa)}×10${superscript(n.exponent)}`;
}
