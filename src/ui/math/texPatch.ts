/**
 * How a KaTeX rendering changes when only its numbers change. When two renderings have the same tags
 * and attributes and differ only in the text between them (a live equation at t = 487 and t = 488),
 * the shown one is updated by rewriting the text nodes that differ, in document order, instead of
 * replacing its markup: no parsing, no new elements, and a layout of a few text runs only. When the
 * structure changed too, the new markup is parsed and only the part of the tree that differs is
 * replaced (morphTo).
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
/** what stands in the tags for a text run */
const RUN = '\u0001';
const RUN_MARK = `>${RUN}<`;

export function splitHtml(html: string): HtmlParts {
  const texts: string[] = [];
  const tags = html.replace(TEXT_RUN, (_, text: string) => {
    texts.push(text);
    return RUN_MARK;
  });
  return { tags, texts };
}

/** The markup that `parts` stand for (the inverse of splitHtml). */
export function joinParts({ tags, texts }: HtmlParts): string {
  const pieces = tags.split(RUN);
  let html = pieces[0];
  for (let i = 1; i < pieces.length; i++) html += texts[i - 1] + pieces[i];
  return html;
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

/** Same node type, and for elements the same tag in the same namespace: one can be turned into the other in place. */
function sameKind(a: Node, b: Node): boolean {
  if (a.nodeType !== b.nodeType) return false;
  if (a.nodeType !== Node.ELEMENT_NODE) return true;
  const x = a as Element;
  const y = b as Element;
  return x.localName === y.localName && x.namespaceURI === y.namespaceURI;
}

/** Gives `a` exactly the attributes of `b`, touching only those that differ. */
function syncAttributes(a: Element, b: Element): void {
  for (let i = a.attributes.length - 1; i >= 0; i--) {
    const attr = a.attributes[i];
    if (!b.hasAttributeNS(attr.namespaceURI, attr.localName)) a.removeAttributeNS(attr.namespaceURI, attr.localName);
  }
  for (let i = 0; i < b.attributes.length; i++) {
    const attr = b.attributes[i];
    if (a.getAttributeNS(attr.namespaceURI, attr.localName) !== attr.value) a.setAttributeNS(attr.namespaceURI, attr.name, attr.value);
  }
}

/** Turns `a` into `b` (of the same kind) in place. */
function morphNode(a: Node, b: Node): void {
  // most subtrees did not change: the browser's own deep comparison skips them at little cost
  if (a.isEqualNode(b)) return;
  if (a.nodeType === Node.ELEMENT_NODE) {
    syncAttributes(a as Element, b as Element);
    morphChildren(a, b);
  } else if (a.nodeValue !== b.nodeValue) {
    a.nodeValue = b.nodeValue;
  }
}

/**
 * Makes the children of `shown` those of `next` (a parsed rendering, whose nodes it may take), for a
 * rendering whose structure changed (a number that turns into "4.04 × 10⁻⁵", a fraction that appears).
 * The runs of children at the start and at the end that are of the same kind are turned into the new
 * ones in place, recursively, and only the children between them are replaced, so a change in one
 * corner of an equation lays out that corner and keeps the rest. The result is the same tree as
 * parsing the new markup would give.
 */
export function morphChildren(shown: Node, next: Node): void {
  const a = Array.from(shown.childNodes);
  const b = Array.from(next.childNodes);
  let start = 0;
  while (start < a.length && start < b.length && sameKind(a[start], b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && sameKind(a[endA - 1], b[endB - 1])) {
    endA--;
    endB--;
  }
  for (let i = start; i < endA; i++) shown.removeChild(a[i]);
  const before = endA < a.length ? a[endA] : null;
  for (let j = start; j < endB; j++) shown.insertBefore(b[j], before);
  for (let i = 0; i < start; i++) morphNode(a[i], b[i]);
  for (let k = 1; k <= a.length - endA; k++) morphNode(a[a.length - k], b[b.length - k]);
}

/** Shows `html` in `root`, which shows another rendering, keeping every node that can be kept (morphChildren). */
export function morphTo(root: Element, html: string): void {
  const template = root.ownerDocument.createElement('template');
  template.innerHTML = html;
  morphChildren(root, template.content);
}
