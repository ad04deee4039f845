import { useMemo, useState } from 'react';
// The engine's source as a plain string (Vite's ?raw), shown as text: no engine code runs in the UI.
// eslint-disable-next-line import-x/no-restricted-paths -- text import of the listing, not a module dependency
import trainerSource from '../../../engine/trainer.ts?raw';
import { Tex } from '../../math/Tex';
import { ScrollX } from '../../ScrollX';
import { NOTES_PYTHON, eq14Tex, extractRegion, pyTermOf, tsTermOf, type TermKey } from './codeLinks';
import type { PanelStrings } from './strings';

interface CodeLine {
  text: string;
  term: TermKey | null;
}

function linesOf(source: string, termOf: (line: string) => TermKey | null): CodeLine[] {
  return source.split('\n').map((text) => ({ text, term: termOf(text) }));
}

/** One listing; linked lines are focusable and light up with their twins. */
function Listing(props: {
  lines: CodeLine[];
  caption: string;
  language: string;
  active: TermKey | null;
  onActive: (term: TermKey | null) => void;
  s: PanelStrings;
}) {
  const { lines, caption, language, active, onActive, s } = props;
  return (
    <figure className="code-listing">
      <figcaption>{caption}</figcaption>
      <ScrollX as="pre" className="code-pre" lang="en" data-language={language} label={caption}>
        <code>
          {lines.map((line, i) =>
            line.term ? (
              <span
                key={i}
                className={line.term === active ? 'code-line code-linked code-active' : 'code-line code-linked'}
                data-term={line.term}
                tabIndex={0}
                title={s.terms[line.term]}
                onMouseEnter={() => onActive(line.term)}
                onMouseLeave={() => onActive(null)}
                onFocus={() => onActive(line.term)}
                onBlur={() => onActive(null)}
              >
                {line.text}
                <span className="visually-hidden"> ({s.terms[line.term]})</span>
                {'\n'}
              </span>
            ) : (
              <span key={i} className="code-line">
                {line.text}
                {'\n'}
              </span>
            ),
          )}
        </code>
      </ScrollX>
    </figure>
  );
}

/** The notes' PyTorch beside the app's Algorithm 1, each line linked to its term of (14). */
export function CodeCompare({ s }: { s: PanelStrings }) {
  const [active, setActive] = useState<TermKey | null>(null);
  const python = useMemo(() => linesOf(NOTES_PYTHON, pyTermOf), []);
  const region = useMemo(() => extractRegion(trainerSource), []);
  const ts = useMemo(() => (region === null ? null : linesOf(region, tsTermOf)), [region]);
  return (
    <div className="code-compare">
      <p className="deriv-prose-p">{s.codeIntro}</p>
      <ScrollX className="deriv-tex-scroll code-eq14" data-testid="code-eq14" label={`${s.codeHeading}: (14)`}>
        <Tex block tex={eq14Tex(active)} />
      </ScrollX>
      <p className="code-active-term" aria-live="polite">
        {active ? s.terms[active] : '\u00a0'}
      </p>
      <p className="code-note" data-testid="code-note">{s.codeNote}</p>
      <div className="code-columns">
        <Listing lines={python} caption={s.pythonCaption} language="python" active={active} onActive={setActive} s={s} />
        {ts ? (
          <Listing lines={ts} caption={s.tsCaption} language="typescript" active={active} onActive={setActive} s={s} />
        ) : (
          <p className="code-missing" data-testid="code-source-missing">
            {s.sourceNotFound}
          </p>
        )}
      </div>
    </div>
  );
}
