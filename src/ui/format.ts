/** Fixed decimals, with a true minus sign for display. */
export function fixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** Significant digits, switching to scientific notation (as TeX) for very small or large magnitudes. */
export function sigTex(x: number, digits = 4): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return Number(x.toPrecision(digits)).toString();
  const [m, e] = x.toExponential(digits - 1).split('e');
  return `${m}\\times 10^{${Number(e)}}`;
}
