import { expect } from 'vitest';
import { compileTemplate, fillTemplate, PLAIN_NUMBER, texOf, type LiveTexSource } from '../../../src/ui/math/liveTex';
import { joinParts } from '../../../src/ui/math/texPatch';
import { renderTex } from '../../../src/ui/math/Tex';

/** Live equations by name at one t, each with whether it is displayed (block) math. */
export type LiveEquations = Record<string, [LiveTexSource, boolean]>;

/**
 * Compiles each live equation's template (from the first t), then at every t fills it and checks
 * that it gives exactly KaTeX's rendering of the filled TeX; where a number is not plain (∞,
 * 4.036 × 10⁻⁵), that the template refuses it, so that the step renders the TeX instead. Returns
 * how many steps of each equation were filled.
 */
export function expectTemplatesMatchKatex(equationsAt: (t: number) => LiveEquations, ts: readonly number[]): Map<string, number> {
  const compiled = new Map<string, ReturnType<typeof compileTemplate>>();
  for (const [name, [src, block]] of Object.entries(equationsAt(ts[0]))) {
    compiled.set(name, compileTemplate(src.strings, (tex) => renderTex(tex, block)));
    expect(compiled.get(name), name).not.toBeNull();
  }
  const filledAt = new Map<string, number>();
  for (const t of ts) {
    for (const [name, [src, block]] of Object.entries(equationsAt(t))) {
      const filled = fillTemplate(compiled.get(name)!, src.values);
      if (!src.values.every((v) => PLAIN_NUMBER.test(v))) {
        expect(filled, `${name} at t = ${t}`).toBeNull();
        continue;
      }
      filledAt.set(name, (filledAt.get(name) ?? 0) + 1);
      expect(filled, `${name} at t = ${t}`).not.toBeNull();
      expect(joinParts(filled!), `${name} at t = ${t}`).toBe(renderTex(texOf(src), block));
    }
  }
  return filledAt;
}

/** 0, 1, …, T (or from `first`). */
export const everyT = (T: number, first = 0) => Array.from({ length: T - first + 1 }, (_, i) => first + i);
