import { useId } from 'react';
import { GUIDANCE_MAX, GUIDANCE_STEP } from '../../../diffusion/guidance';
import type { Lang } from '../../../state/hash';
import { BlockTex } from '../../math/BlockTex';
import { LangToggle } from '../derivation/LangToggle';
import { BAYES_TEX, GUIDED_TEX, SCORE_TEX, TILTED_TEX, guidanceStrings } from './guidanceText';

export interface GuidanceChoice {
  /** the digit to draw, or 'any' (the model's unconditional prediction) */
  digitClass: number | 'any';
  /** classifier-free guidance scale, 0 … GUIDANCE_MAX */
  w: number;
}

export interface GuidanceControlsProps {
  value: GuidanceChoice;
  onChange: (patch: Partial<GuidanceChoice>) => void;
  /** whether the chosen model is conditioned on the digit (otherwise the controls explain how to get one) */
  conditional: boolean;
  lang: Lang;
  onLangChange: (lang: Lang) => void;
}

const DIGITS = ['any', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** "Draw me a 7": the digit picker and the guidance scale w, with the derivation of why guidance works. */
export function GuidanceControls({ value, onChange, conditional, lang, onLangChange }: GuidanceControlsProps) {
  const id = useId();
  const s = guidanceStrings(lang);
  if (!conditional) {
    return (
      <p className="muted guidance-off" data-testid="guidance-off">
        To ask for a digit, choose “pretrained, draws the digit you pick” above, or train your own model with “Conditioned on
        the digit” in the training panel.
      </p>
    );
  }
  const any = value.digitClass === 'any';
  return (
    <fieldset className="guidance">
      <legend>Draw me a …</legend>
      <div className="segmented digit-class" role="radiogroup" aria-label="Digit to draw">
        {DIGITS.map((d) => (
          <label key={d}>
            <input type="radio" name={`${id}-class`} checked={value.digitClass === d} onChange={() => onChange({ digitClass: d })} />{' '}
            {d === 'any' ? 'any digit' : d}
          </label>
        ))}
      </div>
      <div className="sampler-options">
        <label htmlFor={`${id}-w`}>Guidance scale w</label>
        <input
          id={`${id}-w`}
          type="range"
          min={0}
          max={GUIDANCE_MAX}
          step={GUIDANCE_STEP}
          value={value.w}
          disabled={any}
          aria-valuetext={`w = ${value.w}`}
          onChange={(e) => onChange({ w: Number(e.currentTarget.value) })}
        />
        <output htmlFor={`${id}-w`} className="readout-value">w = {value.w}</output>
      </div>
      <p className="muted">
        {any ? (
          <>Any digit: the model’s prediction without a label, ε<sub>θ</sub>(x<sub>t</sub>, t, ∅); w applies once you pick a digit.</>
        ) : (
          <>
            Each step uses ε̃ = (1 + w) ε<sub>θ</sub>(x<sub>t</sub>, t, {value.digitClass}) − w ε<sub>θ</sub>(x<sub>t</sub>, t, ∅) (Ho
            &amp; Salimans 2022, eq. 6): two predictions per step, computed in one pass over the batch twice.
          </>
        )}
      </p>
      <details className="guidance-derivation" lang={lang}>
        <summary>{s.heading}</summary>
        <LangToggle lang={lang} onChange={onLangChange} />
        <p>{s.intro}</p>
        <p>{s.score}</p>
        <BlockTex label="Scores from the noise predictions" tex={SCORE_TEX} />
        <p>{s.bayes}</p>
        <BlockTex label="The implicit classifier" tex={BAYES_TEX} />
        <p>{s.guided}</p>
        <BlockTex label="The guided prediction" tex={GUIDED_TEX} />
        <BlockTex label="What guided sampling follows" tex={TILTED_TEX} />
        <p>{s.tilted}</p>
      </details>
    </fieldset>
  );
}
