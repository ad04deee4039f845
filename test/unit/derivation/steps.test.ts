import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { DERIVATION_STEPS, splitInlineTex } from '../../../src/ui/panels/derivation/steps';
import { LANGS } from '../../../src/state/hash';

function render(tex: string, displayMode = true): string {
  return katex.renderToString(tex, { throwOnError: true, strict: 'error', displayMode });
}

/** The inline TeX pieces of a prose string (odd pieces between `$`). */
function inlineTex(prose: string): string[] {
  return splitInlineTex(prose).filter((_, i) => i % 2 === 1);
}

const byId = (id: string) => {
  const step = DERIVATION_STEPS.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
};

describe('derivation steps', () => {
  it('follow MATH.md’s path, in order', () => {
    expect(DERIVATION_STEPS.map((s) => s.eq)).toEqual([
      '(1)', '(2)', '(4)', '(3), (17)', '(18)', '(19)', 'Bayes', '(20)', '(21)', '(22), (5)', '(6), (7)', '(8)',
      '(4) ⇒ x₀', '(9)', '(10)', '(11)', '(12)', '(5)', '(13)', '(14)',
    ]);
    expect(new Set(DERIVATION_STEPS.map((s) => s.id)).size).toBe(DERIVATION_STEPS.length);
  });

  it('each cites an equation number (the Bayes step names Bayes’ rule) and has both reasons', () => {
    for (const s of DERIVATION_STEPS) {
      if (s.id === 'bayes') expect(s.eq).toBe('Bayes');
      else expect(s.eq).toMatch(/\(\d+\)/);
      for (const lang of LANGS) expect(s.reason[lang].length, `${s.id} ${lang}`).toBeGreaterThan(20);
      expect(s.reason.ko).toMatch(/[\uac00-\ud7a3]/);
      expect(s.reason.ko).not.toBe(s.reason.en);
      if (s.detail) {
        for (const lang of LANGS) expect(s.detail.prose[lang].length, `${s.id} detail ${lang}`).toBeGreaterThan(20);
      }
    }
  });

  it('every formula, detail and inline formula renders with KaTeX in strict mode', () => {
    for (const s of DERIVATION_STEPS) {
      expect(() => render(s.tex), s.id).not.toThrow();
      for (const c of s.changed ?? []) expect(() => render(c, false), `${s.id} changed`).not.toThrow();
      for (const t of s.detail?.tex ?? []) expect(() => render(t), `${s.id} detail`).not.toThrow();
      for (const lang of LANGS) {
        const prose = [s.reason[lang], s.detail?.prose[lang] ?? ''];
        for (const p of prose) {
          expect(splitInlineTex(p).length % 2, `${s.id} ${lang}: unbalanced $`).toBe(1);
          for (const t of inlineTex(p)) expect(() => render(t, false), `${s.id} ${lang}: ${t}`).not.toThrow();
        }
      }
    }
  });

  it('the key steps carry the key symbols', () => {
    expect(byId('kl').tex).toContain('D_{\\mathrm{KL}}');
    expect(byId('kl').tex).toContain('L_{t-1}');
    expect(byId('kl').tex).toContain('L_T');
    expect(byId('kl').tex).toContain('L_0');
    expect(byId('posterior').tex).toContain('\\tilde{\\boldsymbol{\\mu}}_t');
    expect(byId('posterior').tex).toContain('\\bar\\alpha_{t-1}');
    expect(byId('klGauss').tex).toContain('L_{t-1}');
    expect(byId('epsParam').tex).toContain('\\boldsymbol{\\epsilon}_\\theta');
    expect(byId('epsLoss').tex).toContain('\\bar\\alpha_{t}');
    expect(byId('simple').tex).toContain('L_{\\mathrm{simple}}');
    expect(byId('bayes').tex).toContain('q(\\mathbf{x}_{t-1}\\mid \\mathbf{x}_{t},\\mathbf{x}_{0})');
  });

  it('changed terms are highlighted in colour and underlined, and the first line has none', () => {
    expect(DERIVATION_STEPS[0].changed).toBeUndefined();
    for (const s of DERIVATION_STEPS) {
      for (const c of s.changed ?? []) {
        expect(s.tex, s.id).toContain(`\\underline{${c}}`);
      }
    }
  });

  it('the Korean prose follows the notes’ wording', () => {
    expect(byId('bayes').reason.ko).toContain('BAYESIAN RULE과 원본이미지를 추가적으로 알았을 조건을 추가하여');
    // the notes' sentence, with its typo "적거나 주지 않으므로" fixed, and a correction beneath it
    expect(byId('simple').reason.ko).toContain('$L_T$와 $L_0$는 변수에 영향을 적게 주거나 주지 않으므로');
    expect(byId('simple').note?.ko).toMatch(/바로잡기: \$L_0\$는 \$\\theta\$에 의존/);
  });

  it('formulas render above their prose, so no Korean sentence points below (아래, 다음 식)', () => {
    for (const s of DERIVATION_STEPS) {
      for (const text of [s.reason.ko, s.detail?.prose.ko ?? '', s.note?.ko ?? '']) {
        expect(text, s.id).not.toMatch(/아래|다음 식/);
      }
    }
  });

  it('L_0 is its own step, the discretised decoder (13), and no step calls it small or dropped', () => {
    const decoder = byId('decoder');
    expect(decoder.eq).toBe('(13)');
    expect(decoder.tex).toContain('\\mu_\\theta^i(\\mathbf{x}_1, 1)');
    expect(decoder.tex).toContain('\\tfrac{1}{255}');
    expect(decoder.reason.en).toMatch(/depends on \$\\theta\$/);
    expect(decoder.reason.ko).toMatch(/\$\\theta\$에 의존/);
    for (const s of DERIVATION_STEPS) expect(s.reason.en, s.id).not.toMatch(/L_0\$ is one term out of \$T\$ and small/);
    expect(byId('simple').reason.en).toMatch(/\$t = 1\$ term is \$L_0\$ approximated/);
    for (const lang of LANGS) for (const text of inlineTex(decoder.reason[lang])) expect(() => render(text, false)).not.toThrow();
    expect(() => render(decoder.tex, true)).not.toThrow();
  });
});

describe('panel prose', () => {
  it('every inline formula of the panel’s strings renders, in both languages', async () => {
    const { STRINGS } = await import('../../../src/ui/panels/derivation/strings');
    for (const lang of LANGS) {
      const s = STRINGS[lang];
      const texts = [...Object.values(s), ...Object.values(s.meanings), ...Object.values(s.terms)].filter((v): v is string => typeof v === 'string');
      expect(texts.length).toBeGreaterThan(40);
      for (const text of texts) {
        expect(splitInlineTex(text).length % 2, `${lang}: unbalanced $ in ${text}`).toBe(1);
        for (const t of inlineTex(text)) expect(() => render(t, false), `${lang}: ${t}`).not.toThrow();
      }
    }
    expect(Object.keys(STRINGS.ko)).toEqual(Object.keys(STRINGS.en));
  });
});
