import { joinParts, splitHtml, type HtmlParts } from './texPatch';

/**
 * A live equation: TeX written once, with numbers that change on every step of a scrub. Written as a
 * tagged template, liveTex`\mathbf{x}_{${t}} = ${a}\,\mathbf{x}_0`, so that the TeX around the numbers
 * is one object for the life of the page (the template's strings) and the numbers are apart from it.
 */
export interface LiveTexSource {
  strings: readonly string[];
  values: readonly string[];
}

export function liveTex(strings: TemplateStringsArray, ...values: Array<string | number>): LiveTexSource {
  return { strings, values: values.map(String) };
}

/** A live equation's numbers as one string (a memo's key), and back: `count` of them. */
export function joinValues(values: readonly string[]): string {
  return values.join('\u0000');
}

export function splitValues(key: string, count: number): string[] {
  return count === 0 ? [] : key.split('\u0000');
}

/** The TeX of a live equation, numbers in place. */
export function texOf({ strings, values }: LiveTexSource): string {
  let tex = strings[0];
  for (let i = 0; i < values.length; i++) tex += values[i] + strings[i + 1];
  return tex;
}

/**
 * A plain number: digits, with at most one decimal point. KaTeX sets every such number with the same
 * markup whatever its digits and length (one run of upright digits), so that an equation's markup
 * with such numbers is its markup with any other such numbers, the text of a few runs aside.
 */
export const PLAIN_NUMBER = /^\d+(\.\d+)?$/;

/** A number that stands for the value at slot k while the template is rendered: digits no TeX here contains. */
const mark = (k: number) => `8642${String(k).padStart(2, '0')}9753`;
const MARKS = /8642(\d\d)9753/g;

/** A text run of a compiled template: fixed text, or pieces of text with the slots' numbers between them. */
type Run = string | Array<string | number>;

/**
 * A template rendered once: its tags, and each text run as a function of the numbers. Filling it
 * with plain numbers gives what KaTeX gives for the filled TeX, without parsing or laying out the TeX
 * again (checked when it is compiled, and in the unit tests for every t of eq. 4 and of the
 * derivation's live numbers).
 */
export interface CompiledTemplate {
  tags: string;
  runs: Run[];
  slots: number;
}

/**
 * Renders `strings` once with a mark in each slot and records where the marks land. Null when it
 * cannot stand for the TeX: the TeX contains a mark's digits itself, a slot leaves no trace, or
 * the check (the template filled with other numbers against KaTeX's own rendering) fails.
 */
export function compileTemplate(strings: readonly string[], render: (tex: string) => string | null): CompiledTemplate | null {
  const slots = strings.length - 1;
  if (slots > 100 || strings.some((s) => s.includes('8642') || s.includes('9753'))) return null;
  const marked = render(texOf({ strings, values: Array.from({ length: slots }, (_, k) => mark(k)) }));
  if (marked === null) return null;
  const { tags, texts } = splitHtml(marked);
  const seen = new Set<number>();
  const runs: Run[] = texts.map((text) => {
    const pieces: Array<string | number> = [];
    let last = 0;
    for (const m of text.matchAll(MARKS)) {
      const k = Number(m[1]);
      pieces.push(text.slice(last, m.index), k);
      seen.add(k);
      last = m.index + m[0].length;
    }
    if (!pieces.length) return text;
    pieces.push(text.slice(last));
    return pieces;
  });
  if (seen.size !== slots || [...seen].some((k) => k >= slots)) return null;
  const compiled = { tags, runs, slots };
  // other numbers, of other lengths (10.5 and 7 by turns): the filled template must be KaTeX's rendering
  const probe = Array.from({ length: slots }, (_, k) => (k % 2 ? '7' : '10.5'));
  const check = render(texOf({ strings, values: probe }));
  const filled = fillTemplate(compiled, probe);
  return check !== null && filled !== null && joinParts(filled) === check ? compiled : null;
}

/** The rendering of a compiled template with these numbers; null when one is not a plain number. */
export function fillTemplate(compiled: CompiledTemplate, values: readonly string[]): HtmlParts | null {
  if (values.length !== compiled.slots || !values.every((v) => PLAIN_NUMBER.test(v))) return null;
  const texts = compiled.runs.map((run) => (typeof run === 'string' ? run : run.map((p) => (typeof p === 'number' ? values[p] : p)).join('')));
  return { tags: compiled.tags, texts };
}
