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

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** An integer written in superscript digits, e.g. −5 → ⁻⁵. */
export function superscript(n: number): string {
  return [...String(n)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** Significant digits for prose (no TeX): 4.04×10⁻⁵, 0.524, 1000. */
export function sigText(x: number, digits = 3): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return fixedSign(Number(x.toPrecision(digits)).toString());
  const [m, e] = x.toExponential(digits - 1).split('e');
  return `${fixedSign(m)}×10${superscript(Number(e))}`;
}

function fixedSign(s: string): string {
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}
