import { memo, useCallback, useDeferredValue, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { Schedule } from '../../../diffusion/schedule';
import { modelTime } from '../../modelSchedule';
import type { Lang } from '../../../state/hash';
import { TimestepControl } from '../forward/TimestepControl';
import { CodeCompare } from './CodeCompare';
import { LambdaChart } from './LambdaChart';
import { LangToggle } from './LangToggle';
import { LiveNumbers } from './LiveNumbers';
import { ModelSection } from './ModelSection';
import type { DerivationModel } from './modelTypes';
import { Prose } from './Prose';
import { StepList } from './StepList';
import { STRINGS } from './strings';
import './derivation.css';

export interface DerivationPanelProps {
  schedule: Schedule;
  /** the schedule the model was trained with (its numbers use it) */
  modelSchedule: Schedule;
  /** the shared timestep, 0 … T (the forward panel's t) */
  t: number;
  onChangeT: (t: number) => void;
  lang: Lang;
  onChangeLang: (lang: Lang) => void;
  /** the chosen model (the learner's or the pretrained one), or null when there is none to estimate */
  model: DerivationModel | null;
  /** the switch between the learner's model and the pretrained one */
  modelControls?: ReactNode;
  /** set when the pretrained model is chosen but not loaded yet */
  onLoadPretrained?: () => void;
}

// what does not depend on t renders once per language; what does, once per deferred t
const StaticSteps = memo(StepList);
const StaticCode = memo(CodeCompare);
const LiveNumbersAtT = memo(LiveNumbers);
const LambdaChartAtT = memo(LambdaChart);

/**
 * The derivation of L_{t−1} and L_simple (eqs. 1–22, as in the notes), step by step, with the numbers
 * at the shared t, the weight λ_t, the current model's estimates, and the code that computes (14).
 */
export function DerivationPanel({ schedule, modelSchedule, t, onChangeT, lang, onChangeLang, model, modelControls, onLoadPretrained }: DerivationPanelProps) {
  const s = STRINGS[lang];
  // The slider follows t at once; the live equations and the chart follow it in a deferred render, so a
  // scrub of any panel's slider paints that panel first and never waits for the derivation's KaTeX.
  const shownT = useDeferredValue(t);
  const latestChangeT = useRef(onChangeT);
  useLayoutEffect(() => {
    latestChangeT.current = onChangeT;
  });
  const changeT = useCallback((next: number) => latestChangeT.current(next), []);
  return (
    <div className="deriv-panel">
      <LangToggle lang={lang} onChange={onChangeLang} />
      <div className="deriv-prose" lang={lang} data-testid="deriv-prose">
        <p className="panel-intro">{s.intro}</p>
        <div lang="en">
          <TimestepControl id="derivation" t={t} T={schedule.T} onChange={onChangeT} />
        </div>
        <h3>{s.stepsHeading}</h3>
        <StaticSteps lang={lang} s={s} />
        <h3>
          <Prose text={s.liveHeading} />
        </h3>
        <LiveNumbersAtT schedule={schedule} t={shownT} s={s} />
        <h3>
          <Prose text={s.lambdaHeading} />
        </h3>
        <p className="deriv-prose-p">
          <Prose text={s.lambdaSentence} />
          {schedule.kind === 'cosine' && (
            <>
              {' '}
              <Prose text={s.lambdaCosine} />
            </>
          )}
        </p>
        <LambdaChartAtT schedule={schedule} t={shownT} onChangeT={changeT} s={s} />
        <h3>{s.modelHeading}</h3>
        <ModelSection model={model} time={modelTime(schedule, shownT, modelSchedule)} s={s} controls={modelControls} onLoadPretrained={onLoadPretrained} />
        <h3>{s.codeHeading}</h3>
        <StaticCode s={s} />
      </div>
    </div>
  );
}
