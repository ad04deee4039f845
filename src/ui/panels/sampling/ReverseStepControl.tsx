import type { KeyboardEvent } from 'react';

export interface ReverseStepControlProps {
  /** the step shown: an index into the run's visited timesteps (0 = the start) */
  step: number;
  /** its timestep */
  t: number;
  /** steps computed so far; the slider cannot go past them */
  stepsDone: number;
  /** steps of the whole run (the slider's maximum) */
  nfe: number;
  onChange: (step: number) => void;
  id: string;
}

/**
 * The "Reverse step" slider: its value is the index into the run's visited timesteps (left x_T,
 * right x_0), limited to the steps computed so far; scrubbing only redraws what was recorded.
 * Arrows ±1, Page Up/Down ±10 %, Home/End to the ends.
 */
export function ReverseStepControl({ step, t, stepsDone, nfe, onChange, id }: ReverseStepControlProps) {
  const max = Math.max(0, nfe);
  const go = (k: number) => onChange(Math.min(stepsDone, Math.max(0, k)));
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const big = Math.max(1, Math.round(max / 10));
    const to = { PageUp: step + big, PageDown: step - big, End: stepsDone, Home: 0 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    go(to);
  };
  return (
    <div className="reverse-step">
      <label htmlFor={`${id}-step`} className="reverse-step-label">
        Reverse step
      </label>
      <span className="reverse-step-end" aria-hidden="true">
        x<sub>T</sub>
      </span>
      <input
        id={`${id}-step`}
        type="range"
        min={0}
        max={max}
        step={1}
        value={Math.min(step, max)}
        aria-valuetext={`t = ${t}`}
        onChange={(e) => go(Number(e.currentTarget.value))}
        onKeyDown={onKeyDown}
      />
      <span className="reverse-step-end" aria-hidden="true">
        x<sub>0</sub>
      </span>
      <output htmlFor={`${id}-step`} className="reverse-step-value" data-testid="reverse-step-t">
        t = {t}
      </output>
      <span className="muted reverse-step-count">
        {step === 0 ? 'the start' : `step ${step.toLocaleString('en-US')}`} · {stepsDone.toLocaleString('en-US')} of{' '}
        {nfe.toLocaleString('en-US')} steps computed (the slider stops there)
      </span>
    </div>
  );
}
