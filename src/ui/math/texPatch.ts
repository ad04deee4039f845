/**
 * How a KaTeX rendering changes when only its numbers change. When two renderings have the same tags
 * and attributes and differ only in the text between them (a live equation at t = 487 and t = 488),
 * the shown one is updated by rewriting the text nodes that differ, in document order, instead of
 * replacing its markup: no parsing, no new elements, and a layout of a few text runs only.
 */

/**
 * The tags of `html` with every text run between them replaced by a mark (so that where the runs were
 * is part of the comparison), and those text runs in order.
 */
export interface HtmlParts {
  tags: string;
  texts: string[];
}

const TEXT_RUN = />([^<]+)</g;
const RUN_MARK = '>\u0001<';

export function splitHtml(html: string): HtmlParts {
  const texts: string[] = [];
  const tags = html.replace(TEXT_RUN, (_, text: string) => {
    texts.push(text);
    return RUN_MARK;
  });
  return { tags, texts };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", nbsp: '\u00a0' };

/** The text of a run as the parser reads it (KaTeX escapes only these; numeric ones are read too). */
export function decodeText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    const known = ENTITIES[name.toLowerCase()];
    if (known !== undefined) return known;
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return whole;
  });
}

/**
 * The text runs to rewrite to turn the rendering `from` into `to`, as [index of the run, its new text];
 * null when the tags differ, so the markup must be replaced.
 */
export function textChanges(from: HtmlParts, to: HtmlParts): Array<[number, string]> | null {
  if (from.tags !== to.tags || from.texts.length !== to.texts.length) return null;
  const changes: Array<[number, string]> = [];
  to.texts.forEach((text, i) => {
    if (text !== from.texts[i]) changes.push([i, decodeText(text)]);
  });
  return changes;
}

/**
 * Rewrites the text nodes of `root` (which shows the rendering `from`) to show `to`. False, with
 * nothing changed, when that cannot be done in place: the tags differ, or the element's text nodes do
 * not match the runs (something else changed it).
 */
export function patchText(root: Element, from: HtmlParts, to: HtmlParts): boolean {
  const changes = textChanges(from, to);
  if (!changes) return false;
  const nodes: Text[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  if (nodes.length !== from.texts.length) return false;
  for (const [i, text] of changes) nodes[i].nodeValue = text;
  return true;
}
