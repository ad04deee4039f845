import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, parseHash, type HashState } from '../../../src/state/hash';
import {
  DEFAULT_EMBED_SIZE, EMBED_LIMITS, clampEmbedSize, escapeAttribute, iframeSnippet, shareUrls,
} from '../../../src/ui/share/shareLinks';

const state: HashState = {
  ...DEFAULT_STATE,
  panel: 'sampling',
  t: 420,
  schedule: 'cosine',
  T: 800,
  digit: 17,
  seed: 5,
  sampleSeed: 99,
  lang: 'ko',
};

/** The part of a URL after '#', checked to appear exactly once. */
function hashOf(url: string): string {
  expect(url.split('#').length).toBe(2);
  return url.slice(url.indexOf('#'));
}

describe('shareUrls', () => {
  it('drops the hash already in the page address and keeps the rest of it', () => {
    const href = 'https://example.org/ddpm/index.html?x=1#panel=forward&t=3&embed=1';
    const { pageUrl, embedUrl } = shareUrls(href, state);
    expect(pageUrl.startsWith('https://example.org/ddpm/index.html?x=1#')).toBe(true);
    expect(embedUrl.startsWith('https://example.org/ddpm/index.html?x=1#')).toBe(true);
    expect(pageUrl).not.toContain('t=3&');
    expect(pageUrl).not.toContain('embed=');
  });

  it('works on an address without a hash, or with an empty one', () => {
    expect(shareUrls('https://example.org/', state).pageUrl.startsWith('https://example.org/#panel=sampling')).toBe(true);
    expect(shareUrls('https://example.org/#', state).pageUrl.startsWith('https://example.org/#panel=sampling')).toBe(true);
  });

  it('round-trips the state through parseHash, with embed off for the page and on for the iframe', () => {
    const { pageUrl, embedUrl } = shareUrls('https://example.org/#old', { ...state, embed: true });
    const page = parseHash(hashOf(pageUrl));
    const embed = parseHash(hashOf(embedUrl));
    expect(page.notices).toEqual([]);
    expect(embed.notices).toEqual([]);
    expect(page.values).toMatchObject({
      panel: 'sampling', t: 420, schedule: 'cosine', T: 800, digit: 17, seed: 5, sampleSeed: 99, lang: 'ko',
    });
    expect(page.values.embed).toBeUndefined();
    expect({ ...DEFAULT_STATE, ...page.values }).toEqual({ ...state, embed: false });
    expect(embed.values.embed).toBe(true);
    expect({ ...DEFAULT_STATE, ...embed.values }).toEqual({ ...state, embed: true });
  });
});

describe('escapeAttribute', () => {
  it('escapes the five characters that matter in a quoted attribute', () => {
    expect(escapeAttribute(`a"b<c>d&e'f`)).toBe('a&quot;b&lt;c&gt;d&amp;e&#39;f');
    expect(escapeAttribute('&amp;')).toBe('&amp;amp;');
    expect(escapeAttribute('plain text')).toBe('plain text');
  });
});

describe('iframeSnippet', () => {
  it('is one iframe with the given size, lazy loading and no border', () => {
    const html = iframeSnippet('https://example.org/#panel=forward&embed=1', { width: 640, height: 480, title: 'DDPM explorable: Forward' });
    expect(html).toBe(
      '<iframe src="https://example.org/#panel=forward&amp;embed=1" title="DDPM explorable: Forward" ' +
        'width="640" height="480" loading="lazy" style="border:0;max-width:100%"></iframe>',
    );
  });

  it('escapes a hostile title and URL so that no markup or quote gets out', () => {
    const html = iframeSnippet(`https://x.org/"><script>alert('u')</script>&`, {
      width: 320,
      height: 240,
      title: `"><img src=x onerror='y'>&`,
    });
    expect(html).toContain('src="https://x.org/&quot;&gt;&lt;script&gt;alert(&#39;u&#39;)&lt;/script&gt;&amp;"');
    expect(html).toContain('title="&quot;&gt;&lt;img src=x onerror=&#39;y&#39;&gt;&amp;"');
    expect(html.match(/</g)?.length).toBe(2); // only <iframe and </iframe>
    expect(html.match(/>/g)?.length).toBe(2);
    expect(html.match(/"/g)?.length).toBe(12); // six attributes, each quoted once
    expect(html).not.toContain("'");
  });

  it('writes the width and height it is given', () => {
    const html = iframeSnippet('https://example.org/', { width: 1234, height: 567, title: 't' });
    expect(html).toContain(' width="1234" ');
    expect(html).toContain(' height="567" ');
  });
});

describe('embed sizes', () => {
  it('clamps to the limits and rounds to whole pixels', () => {
    expect(clampEmbedSize(319, 239)).toEqual({ width: 320, height: 240 });
    expect(clampEmbedSize(99999, 99999)).toEqual({ width: EMBED_LIMITS.maxWidth, height: EMBED_LIMITS.maxHeight });
    expect(clampEmbedSize(700.4, 900.6)).toEqual({ width: 700, height: 901 });
    expect(clampEmbedSize(-5, 0)).toEqual({ width: 320, height: 240 });
  });

  it('handles NaN and infinities', () => {
    expect(clampEmbedSize(NaN, NaN)).toEqual({ width: EMBED_LIMITS.minWidth, height: EMBED_LIMITS.minHeight });
    expect(clampEmbedSize(Infinity, -Infinity)).toEqual({ width: EMBED_LIMITS.maxWidth, height: EMBED_LIMITS.minHeight });
  });

  it('has a default size for every panel within the limits', () => {
    for (const size of Object.values(DEFAULT_EMBED_SIZE)) {
      expect(clampEmbedSize(size.width, size.height)).toEqual(size);
    }
    expect(DEFAULT_EMBED_SIZE.forward).toEqual({ width: 720, height: 720 });
    expect(DEFAULT_EMBED_SIZE.sampling).toEqual({ width: 720, height: 980 });
  });
});
