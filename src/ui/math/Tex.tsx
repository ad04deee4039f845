import katex from 'katex';
import { memo, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { morphTo, patchText, splitHtml, type HtmlParts } from './texPatch';

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
  const html = useMemo(() => renderTex(tex, block), [tex, block]);
  const Tag = block ? 'div' : 'span';
  if (html === null) {
    return (
      <Tag className={`tex-error ${className ?? ''}`}>
        <code>{tex}</code>
      </Tag>
    );
  }
  return <TexHtml Tag={Tag} className={className} html={html} />;
});

/**
 * The element that shows KaTeX's markup. A new rendering that differs from the shown one only in its
 * text (the numbers of a live equation, on every step of a scrub) rewrites those text nodes in place
 * (texPatch.ts); any other keeps every node of the shown one that it can and replaces the rest.
 */
function TexHtml({ Tag, className, html }: { Tag: 'div' | 'span'; className?: string; html: string }) {
  const ref = useRef<HTMLElement>(null);
  const shown = useRef<HtmlParts | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const next = splitHtml(html);
    if (!shown.current) el.innerHTML = html;
    else if (!patchText(el, shown.current, next)) morphTo(el, html);
    shown.current = next;
  }, [html]);
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
