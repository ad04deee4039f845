/**
 * Links and iframe code for sharing a view of the explorable. Pure functions (no DOM), so the
 * dialog stays thin and the escaping can be tested directly.
 */
import { encodeHash, type HashState, type Panel } from '../../state/hash';

export interface ShareUrls {
  /** the full page at this view */
  pageUrl: string;
  /** the same view with only the panel rendered, for an iframe */
  embedUrl: string;
}

/** The page address without its hash (and without a dangling '#'). */
function withoutHash(pageHref: string): string {
  const i = pageHref.indexOf('#');
  return i < 0 ? pageHref : pageHref.slice(0, i);
}

/** The page and embed links for `state`, replacing whatever hash `pageHref` already carries. */
export function shareUrls(pageHref: string, state: HashState): ShareUrls {
  const base = withoutHash(pageHref);
  return {
    pageUrl: base + encodeHash({ ...state, embed: false }),
    embedUrl: base + encodeHash({ ...state, embed: true }),
  };
}

export interface EmbedSize {
  width: number;
  height: number;
}

/** A starting iframe size per panel: the forward panel is short, the others scroll less when tall. */
export const DEFAULT_EMBED_SIZE: Readonly<Record<Panel, EmbedSize>> = {
  forward: { width: 720, height: 720 },
  training: { width: 720, height: 980 },
  derivation: { width: 720, height: 980 },
  sampling: { width: 720, height: 980 },
};

/** Bounds on the iframe size the dialog offers, in CSS pixels. */
export const EMBED_LIMITS = { minWidth: 320, maxWidth: 1600, minHeight: 240, maxHeight: 3000 } as const;

function clampInt(v: number, min: number, max: number): number {
  if (!Number.isFinite(v)) {
    // NaN (an emptied field) falls back to the smallest size; ±Infinity to the nearer bound.
    if (Number.isNaN(v) || v < 0) return min;
    return max;
  }
  return Math.min(max, Math.max(min, Math.round(v)));
}

/** A width and height within EMBED_LIMITS, as whole pixels. */
export function clampEmbedSize(width: number, height: number): EmbedSize {
  return {
    width: clampInt(width, EMBED_LIMITS.minWidth, EMBED_LIMITS.maxWidth),
    height: clampInt(height, EMBED_LIMITS.minHeight, EMBED_LIMITS.maxHeight),
  };
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `value` made safe inside a quoted HTML attribute. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ATTRIBUTE_ESCAPES[c]);
}

export interface SnippetOptions {
  width: number;
  height: number;
  title: string;
}

/** The HTML a teacher pastes into course notes: one lazily loaded, borderless iframe. */
export function iframeSnippet(embedUrl: string, opts: SnippetOptions): string {
  const attrs: [string, string][] = [
    ['src', embedUrl],
    ['title', opts.title],
    ['width', String(opts.width)],
    ['height', String(opts.height)],
    ['loading', 'lazy'],
    ['style', 'border:0;max-width:100%'],
  ];
  const text = attrs.map(([name, value]) => `${name}="${escapeAttribute(value)}"`).join(' ');
  return `<iframe ${text}></iframe>`;
}
