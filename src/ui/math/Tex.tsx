import katex from 'katex';
import { memo, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { compileTemplate, fillTemplate, joinValues, splitValues, texOf, type CompiledTemplate, type LiveTexSource } from './liveTex';
import { joinParts, morphTo, patchText, splitHtml, type HtmlParts } from './texPatch';

export interface TexProps {
  /** TeX source; written by the app, never taken from the URL or other user input */
  tex: string;
  /** display (block) math instead of inline */
  block?: boolean;
  className?: string;
}

/**
 * The one component that renders KaTeX (DESIGN.md rule 8). Output is HTML plus MathML, so screen
 * readers read the mathematics. Errors are never swallowed: a bad formula logs an error (which the
 * browser tests treat as a failure) and shows its source instead.
 */
export const Tex = memo(function Tex({ tex, block = false, className }: TexProps) {
  const parts = useMemo(() => {
    const html = renderTex(tex, block);
    return html === null ? null : splitHtml(html);
  }, [tex, block]);
  return <Rendering tex={tex} block={block} className={className} parts={parts} />;
});

/** Templates of live equations rendered so far, by their strings (one object per place in the code). */
const compiledTemplates = new WeakMap<readonly string[], { block?: CompiledTemplate | null; inline?: CompiledTemplate | null }>();

function compiledFor(strings: readonly string[], block: boolean): CompiledTemplate | null {
  let entry = compiledTemplates.get(strings);
  if (!entry) compiledTemplates.set(strings, (entry = {}));
  const key = block ? 'block' : 'inline';
  if (entry[key] === undefined) entry[key] = compileTemplate(strings, (tex) => renderTex(tex, block));
  return entry[key];
}

/**
 * A live equation (liveTex`...`): the same as <Tex> of its TeX, but a step that changes only its plain
 * numbers fills in the template rendered once instead of rendering the TeX again, so a scrub's frame
 * spends no time in KaTeX. A number that is not plain (∞, 5.8 × 10⁻⁴) renders the TeX as <Tex> does.
 */
export const LiveTex = memo(function LiveTex({ src, block = false, className }: { src: LiveTexSource; block?: boolean; className?: string }) {
  const { strings, values } = src;
  // the numbers as one string, so that the memo below follows their values, not the array's identity
  const key = joinValues(values);
  const { tex, parts } = useMemo(() => {
    const numbers = splitValues(key, strings.length - 1);
    const tex = texOf({ strings, values: numbers });
    const compiled = compiledFor(strings, block);
    const filled = compiled && fillTemplate(compiled, numbers);
    if (filled) return { tex, parts: filled };
    const html = renderTex(tex, block);
    return { tex, parts: html === null ? null : splitHtml(html) };
  }, [strings, key, block]);
  return <Rendering tex={tex} block={block} className={className} parts={parts} />;
});

function Rendering({ tex, block, className, parts }: { tex: string; block: boolean; className?: string; parts: HtmlParts | null }) {
  const Tag = block ? 'div' : 'span';
  if (parts === null) {
    return (
      <Tag className={`tex-error ${className ?? ''}`}>
        <code>{tex}</code>
      </Tag>
    );
  }
  return <TexHtml Tag={Tag} className={className} parts={parts} />;
}

/**
 * The element that shows KaTeX's markup. A new rendering that differs from the shown one only in its
 * text (the numbers of a live equation, on every step of a scrub) rewrites those text nodes in place
 * (texPatch.ts); any other keeps every node of the shown one that it can and replaces the rest.
 */
function TexHtml({ Tag, className, parts }: { Tag: 'div' | 'span'; className?: string; parts: HtmlParts }) {
  const ref = useRef<HTMLElement>(null);
  const shown = useRef<HtmlParts | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!shown.current) el.innerHTML = joinParts(parts);
    else if (!patchText(el, shown.current, parts)) morphTo(el, joinParts(parts));
    shown.current = parts;
  }, [parts]);
  return Tag === 'div' ? <div ref={ref as RefObject<HTMLDivElement>} className={className} /> : <span ref={ref} className={className} />;
}

/** Render to an HTML string with throwOnError on; null (and a console error) when the TeX is invalid. */
export function renderTex(tex: string, block: boolean): string | null {
  try {
    return katex.renderToString(tex, { displayMode: block, throwOnError: true, output: 'htmlAndMathml', strict: 'error', trust: false });
  } catch (err) {
    console.error(`KaTeX could not render ${JSON.stringify(tex)}: ${(err as Error).message}`);
    return null;
  }
}
