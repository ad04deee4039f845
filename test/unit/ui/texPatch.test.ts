import { describe, expect, it } from 'vitest';
import { renderTex } from '../../../src/ui/math/Tex';
import { decodeText, joinParts, splitHtml, textChanges } from '../../../src/ui/math/texPatch';

const live = (t: number, a: number, b: number) =>
  `\\mathbf{x}_{${t}} = ${a.toFixed(4)}\\,\\mathbf{x}_0 + ${b.toFixed(4)}\\,\\boldsymbol{\\epsilon}`;

describe('patching a KaTeX rendering whose numbers changed', () => {
  it('splits markup into its tags and text runs, and joins back to the same string', () => {
    const html = '<span class="a">x</span><span style="height:0.64em;">12&amp;3</span>';
    const { tags, texts } = splitHtml(html);
    expect(texts).toEqual(['x', '12&amp;3']);
    expect(tags).toBe('<span class="a">\u0001</span><span style="height:0.64em;">\u0001</span>');
    expect(joinParts({ tags, texts })).toBe(html);
    // where a run is belongs to the tags: the same text in another element is another rendering
    expect(textChanges(splitHtml('<a>x</a><b></b>'), splitHtml('<a></a><b>x</b>'))).toBeNull();
  });

  it('eq. 4 at t = 487 and t = 488: same tags, and only the runs with the numbers change', () => {
    const a = splitHtml(renderTex(live(487, 0.7241, 0.6897), true)!);
    const b = splitHtml(renderTex(live(488, 0.7239, 0.6899), true)!);
    const changes = textChanges(a, b);
    expect(changes).not.toBeNull();
    expect(changes!.length).toBeGreaterThan(0);
    // every run that changes differs only in its digits, and the new texts are those of the t = 488 rendering
    for (const [i, text] of changes!) {
      expect(a.texts[i].replace(/[0-9]/g, '#')).toBe(b.texts[i].replace(/[0-9]/g, '#'));
      expect(text).toBe(decodeText(b.texts[i]));
    }
    // the TeX source (MathML's annotation) is among them
    expect(changes!.some(([, text]) => text.includes('\\mathbf{x}_{488}'))).toBe(true);
    expect(textChanges(a, a)).toEqual([]);
  });

  it('a number that gains a digit changes one run in the HTML and one in the MathML; another formula is not patched', () => {
    const a = splitHtml(renderTex(live(99, 0.9, 0.1), true)!);
    const b = splitHtml(renderTex(live(100, 0.9, 0.1), true)!);
    expect(textChanges(a, b)?.map(([, text]) => text).filter((text) => !text.includes('\\'))).toEqual(['100', '100']); // its HTML and its MathML
    const c = splitHtml(renderTex('\\frac{1}{2}', true)!);
    expect(textChanges(a, c)).toBeNull();
    expect(textChanges(a, splitHtml(renderTex(`${live(99, 0.9, 0.1)} = \\frac{1}{2}`, true)!))).toBeNull();
  });

  it('reads the entities KaTeX writes, and numeric ones', () => {
    expect(decodeText('a &amp; b &lt;c&gt; &quot;d&quot; &#x27;e&#39; &#955; &#x3bb;')).toBe('a & b <c> "d" \'e\' λ λ');
    expect(decodeText('&unknown; 1 &')).toBe('&unknown; 1 &');
  });
});
