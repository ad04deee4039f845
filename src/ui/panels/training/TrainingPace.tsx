import { useEffect, useState } from 'react';
import type { TrainingState } from './useTraining';
import { paceText, phaseText, SLOW_STEP_MS, slowText, STEPS_TO_DIGITS, durationText } from './paceText';

export interface TrainingPaceProps {
  state: TrainingState;
  /** "WebGPU", "WebGL", "the CPU" */
  backendName: string | null;
  /** offered on a slow device: load the pretrained model into the training session */
  onStartFromPretrained: () => void;
  /** offered on a slow device when the model is a default-size one: the tiny version of it */
  onSmallerModel?: () => void;
  /** offered on a slow device when the sampling panel is on the page: sample from the pretrained model there */
  onSamplePretrained?: () => void;
}

/** The current time, refreshed every `ms` while `ms` is set. */
function useNow(ms: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (ms === null) return;
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

/**
 * What a started run is doing, so a slow device never shows a silent "step 0": compiling the GPU
 * programs, then the first step (with the time so far), then the measured time per step and the next
 * preview; and, when a step takes over 2 s, what training to digits would cost here and the ways out.
 */
export function TrainingPace({ state, backendName, onStartFromPretrained, onSmallerModel, onSamplePretrained }: TrainingPaceProps) {
  const phase = state.running ? state.phase : null;
  const now = useNow(phase ? 1000 : null);
  const elapsed = phase ? Math.max(0, now - phase.since) : 0;
  const p = state.progress;
  const measured = state.running && !phase && p !== null && p.msPerStep > 0 ? p : null;
  const slowFirstStep = phase?.kind === 'stepping' && elapsed > SLOW_STEP_MS;
  const slowSteps = measured !== null && measured.msPerStep > SLOW_STEP_MS;
  return (
    <div className="training-pace">
      {phase && (
        <p data-testid="training-phase" aria-live="polite">
          {phaseText(phase.kind, elapsed, backendName)}
        </p>
      )}
      {measured && <p data-testid="training-pace">{paceText(measured.msPerStep, measured.nextPreviewInMs)}</p>}
      {state.preparedMs !== null && state.preparedMs > SLOW_STEP_MS && !phase && state.running && (
        <p className="muted">Compiling the GPU programs took {durationText(state.preparedMs)}; that happens once per model.</p>
      )}
      {(slowFirstStep || slowSteps) && (
        <div className="training-slow" role="note" data-testid="training-slow">
          <p>
            {slowSteps
              ? slowText(measured.msPerStep, backendName)
              : `The first step has taken ${durationText(elapsed)} so far${backendName ? ` on ${backendName}` : ''}: at that pace, the ${STEPS_TO_DIGITS.toLocaleString('en-US')} steps after which the default U-Net makes recognisable digits would take at least ${durationText(elapsed * STEPS_TO_DIGITS)}.`}{' '}
            You can watch a model that has already learned instead, or train a smaller one.
          </p>
          <div className="control-row">
            {onSamplePretrained && (
              <button type="button" onClick={onSamplePretrained}>
                Sample from the pretrained model
              </button>
            )}
            <button type="button" onClick={onStartFromPretrained}>
              Continue from the pretrained model
            </button>
            {onSmallerModel && (
              <button type="button" onClick={onSmallerModel}>
                Train the tiny model instead (faster steps, blurrier digits)
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
