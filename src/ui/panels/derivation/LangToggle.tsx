import type { Lang } from '../../../state/hash';

const NAMES: Record<Lang, string> = { en: 'English', ko: '한국어' };

/** "English / 한국어": two toggle buttons in a group labelled "Language". */
export function LangToggle({ lang, onChange }: { lang: Lang; onChange: (lang: Lang) => void }) {
  return (
    <div className="lang-toggle" role="group" aria-label="Language">
      {(['en', 'ko'] as const).map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={lang === l} onClick={() => onChange(l)}>
          {NAMES[l]}
        </button>
      ))}
    </div>
  );
}
