import { useEffect, useRef, useState } from 'react';
import type { Lang } from '../../../state/hash';
import { Tex } from '../../math/Tex';
import { ScrollX } from '../../ScrollX';
import { Prose } from './Prose';
import { DERIVATION_STEPS, type Step } from './steps';
import type { PanelStrings } from './strings';
import { hl } from './tex';

function StepItem({ step, lang, s, itemRef }: { step: Step; lang: Lang; s: PanelStrings; itemRef: (el: HTMLLIElement | null) => void }) {
  return (
    <li className="deriv-step" id={`deriv-step-${step.id}`} data-step={step.id} tabIndex={-1} ref={itemRef}>
      <div className="deriv-step-eq-row">
        <ScrollX className="deriv-tex-scroll deriv-step-tex" label={lang === 'ko' ? `유도과정 ${step.eq}` : `Derivation step ${step.eq}`}>
          <Tex block tex={step.tex} />
        </ScrollX>
        <span className="deriv-eq" lang="en">{step.eq}</span>
      </div>
      <p className="deriv-reason">
        <Prose text={step.reason[lang]} />
      </p>
      {step.note && step.note[lang] && (
        <p className="deriv-note">
          <Prose text={step.note[lang]} />
        </p>
      )}
      {step.changed && (
        <ScrollX as="p" className="deriv-changed" label={`${s.changed.replace(/:\s*$/, '')}, ${step.eq}`}>
          <span className="deriv-changed-label">{s.changed}</span>{' '}
          {step.changed.map((c, i) => (
            <span key={i} className="deriv-changed-term">
              <Tex tex={hl(c)} />
            </span>
          ))}
        </ScrollX>
      )}
      {step.detail && (
        <details className="deriv-detail">
          <summary>{s.proof}</summary>
          <p className="deriv-detail-prose">
            <Prose text={step.detail.prose[lang]} />
          </p>
          {step.detail.tex.map((t, i, all) => (
            <ScrollX key={i} className="deriv-tex-scroll deriv-detail-tex" label={`${s.proof} ${step.eq}${all.length > 1 ? `, ${i + 1}` : ''}`}>
              <Tex block tex={t} />
            </ScrollX>
          ))}
        </details>
      )}
    </li>
  );
}

/**
 * The steps of the derivation, revealed one at a time. The newly revealed step takes the focus and
 * is announced politely; "Show all" reveals the rest at once.
 */
export function StepList({ lang, s }: { lang: Lang; s: PanelStrings }) {
  const total = DERIVATION_STEPS.length;
  const [shown, setShown] = useState(1);
  const [announcement, setAnnouncement] = useState('');
  const [focusRequest, setFocusRequest] = useState<{ index: number; nonce: number } | null>(null);
  const items = useRef<(HTMLLIElement | null)[]>([]);

  useEffect(() => {
    if (focusRequest) items.current[focusRequest.index]?.focus();
  }, [focusRequest]);

  const go = (nextShown: number, focusIndex: number) => {
    const n = Math.min(total, Math.max(1, nextShown));
    setShown(n);
    const i = Math.min(n - 1, Math.max(0, focusIndex));
    setFocusRequest((prev) => ({ index: i, nonce: (prev?.nonce ?? 0) + 1 }));
    setAnnouncement(s.announce(i + 1, total, DERIVATION_STEPS[i].eq));
  };

  return (
    <div className="deriv-steps-box">
      <p className="visually-hidden" aria-live="polite" data-testid="deriv-announce">
        {announcement}
      </p>
      <ol className="deriv-steps">
        {DERIVATION_STEPS.slice(0, shown).map((step, i) => (
          <StepItem
            key={step.id}
            step={step}
            lang={lang}
            s={s}
            itemRef={(el) => {
              items.current[i] = el;
            }}
          />
        ))}
      </ol>
      <div className="deriv-step-controls" role="group" aria-label={s.stepsHeading}>
        <button type="button" onClick={() => go(shown - 1, shown - 2)} disabled={shown <= 1}>
          {s.previous}
        </button>
        <button type="button" onClick={() => go(shown + 1, shown)} disabled={shown >= total}>
          {s.next}
        </button>
        <button type="button" onClick={() => go(total, shown)} disabled={shown >= total}>
          {s.showAll}
        </button>
        <button type="button" onClick={() => go(1, 0)}>
          {s.startOver}
        </button>
        <span className="deriv-progress" data-testid="deriv-progress">
          {s.progress(shown, total)}
        </span>
      </div>
    </div>
  );
}
