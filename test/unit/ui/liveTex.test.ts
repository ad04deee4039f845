import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { compileTemplate, fillTemplate, joinValues, liveTex, splitValues, texOf } from '../../../src/ui/math/liveTex';
import { joinParts } from '../../../src/ui/math/texPatch';
import { renderTex } from '../../../src/ui/math/Tex';
import { eq4Live } from '../../../src/ui/panels/forward/Eq4';
import { everyT, expectTemplatesMatchKatex } from './liveTexCheck';

const render = (block: boolean) => (tex: string) => renderTex(tex, block);

describe('live equations: a template rendered once, filled with plain numbers', () => {
  it('writes the TeX of a tagged template with its numbers in place', () => {
    const src = liveTex`\\mathbf{x}_{${487}} = ${'0.7241'}\\,\\mathbf{x}_0`;
    expect(src.values).toEqual(['487', '0.7241']);
    expect(texOf(src)).toBe('\\mathbf{x}_{487} = 0.7241\\,\\mathbf{x}_0');
    // one call site, one strings object: the key the compiled template is kept under
    const at = (t: number) => liveTex`x_{${t}}`;
    expect(at(1).strings).toBe(at(2).strings);
    // the numbers as a memo's key and back, none included
    for (const src of [liveTex`\\alpha`, at(7), liveTex`${1}${'0.5'}${22}`]) {
      expect(splitValues(joinValues(src.values), src.strings.length - 1)).toEqual(src.values);
    }
    const none = liveTex`\\alpha`;
    expect(texOf({ strings: none.strings, values: splitValues(joinValues(none.values), 0) })).toBe('\\alpha');
    expect(joinParts(fillTemplate(compileTemplate(none.strings, render(false))!, [])!)).toBe(renderTex('\\alpha', false));
  });

  it("gives exactly KaTeX's rendering of eq. 4's live lines at every t of both schedules", () => {
    for (const schedule of [makeSchedule({ kind: 'linear', T: 1000 }), makeSchedule({ kind: 'cosine', T: 1000 })]) {
      const filled = expectTemplatesMatchKatex((t) => {
        const lines = eq4Live(schedule, t);
        return { live: [lines.live, true], side: [lines.side, false], snr: [lines.snr, false] };
      }, everyT(schedule.T));
      // x_t's line and ᾱ_t's are filled at every t; the SNR's plain values are filled too, while ∞ and
      // a × 10⁻ⁿ are rendered
      expect(filled.get('live')).toBe(schedule.T + 1);
      expect(filled.get('side')).toBe(schedule.T + 1);
      expect(filled.get('snr')).toBeGreaterThan(100);
    }
  });

  it('refuses a template it cannot stand for, and numbers that are not plain', () => {
    // \frac takes one digit of an unbraced number: the markup depends on the number's digits
    const frac = (a: string, b: string) => liveTex`\\frac${a}${b}`;
    expect(compileTemplate(frac('1', '2').strings, render(true))).toBeNull();
    // a template whose own digits could be read as a slot's
    expect(compileTemplate(liveTex`86420${'1'}9753`.strings, render(true))).toBeNull();
    // invalid TeX
    const bad = (x: string) => liveTex`\\frac{${x}`;
    const errors: unknown[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      expect(compileTemplate(bad('1').strings, render(true))).toBeNull();
    } finally {
      console.error = error;
    }
    expect(errors.length).toBeGreaterThan(0);
    const ok = compileTemplate(liveTex`x = ${'1'}`.strings, render(false))!;
    expect(ok).not.toBeNull();
    for (const v of ['-1', '1e5', '', '1.', '.5', '\\infty', '1,000']) expect(fillTemplate(ok, [v]), v).toBeNull();
    expect(fillTemplate(ok, ['1', '2'])).toBeNull();
    expect(joinParts(fillTemplate(ok, ['3.25'])!)).toBe(renderTex('x = 3.25', false));
  });
});
