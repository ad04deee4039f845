import { useState } from 'react';
import { useMediaQuery } from '../../useMediaQuery';
import type { TrainConfig } from '../../../engine/protocol';
import { LossByTChart } from '../../charts/LossByTChart';
import { LossChart } from '../../charts/LossChart';
import type { TrainingState, useTraining } from './useTraining';
import { Checkpoints } from './Checkpoints';
import type { PretrainedAbout } from '../../pretrained';
import { PreviewGrid, SnapshotStrip } from './PreviewStrip';
import { Readouts } from './Readouts';
import { TrainingPace } from './TrainingPace';
import { learningCurveText } from './paceText';
import { QualityChart } from '../../charts/QualityChart';
import { QUALITY_EVERY } from '../../../engine/protocol';
import { Settings } from './Settings';
import './training.css';

type Actions = ReturnType<typeof useTraining>[1];

export interface TrainingPanelProps {
  state: TrainingState;
  actions: Actions;
  backendName: string | null;
  /** another panel of the explorable (an embed on the same page, another tab) is training now */
  otherTraining?: boolean;
  /** training steps of the pretrained model, once known (it has been downloaded) */
  pretrainedSteps?: number;
  /** sample from the pretrained model in the sampling panel (absent when that panel is not on the page) */
  onSamplePretrained?: () => void;
  /** show the sample-quality meter (the link's meter=0 hides it) */
  meter?: boolean;
}

/** Algorithm 1, live: controls, readouts, loss curves, and what the model predicts as it learns. */
export function TrainingPanel({ state, actions, backendName, otherTraining = false, pretrainedSteps, onSamplePretrained, meter = true }: TrainingPanelProps) {
  const phone = useMediaQuery('(pointer: coarse) and (max-width: 820px)');
  const [logScale, setLogScale] = useState(true);
  // an action that would discard the trained model waits here for the learner's yes
  const [confirm, setConfirm] = useState<{ replacement: string; run: () => void } | null>(null);
  const ready = state.status === 'ready' && state.info !== null;
  const busy = state.busy !== null;

  const requestDiscard = (replacement: string, run: () => void) => {
    if (state.step > 0) setConfirm({ replacement, run });
    else run();
  };
  const requestReset = (config: TrainConfig | null) => requestDiscard('start a new one', () => void actions.reset(config ?? undefined));
  // the pretrained model replaces the session's model (nothing to do while it is loaded and untouched)
  const pretrainedLoaded = state.pretrained !== null && state.step === state.pretrained.steps;
  // a conditional setting starts from the shipped conditional model
  const conditional = state.info?.config.conditional === true;
  const shippedName = conditional ? 'the pretrained conditional model' : 'the pretrained model';
  const requestPretrained = () => requestDiscard(`load ${shippedName}`, () => void actions.loadPretrained(conditional));

  return (
    <div className="training-panel">
      <p className="panel-intro">
        Algorithm 1 of the paper, in a Web Worker on {backendName ?? 'the compute backend'}: take digits x<sub>0</sub>, pick t uniformly
        from 1…T and noise ε ~ 𝒩(0, I), and nudge the network so that ε<sub>θ</sub>(√ᾱ<sub>t</sub> x<sub>0</sub> + √(1−ᾱ<sub>t</sub>) ε, t)
        gets closer to ε. The page stays responsive: all the work happens off the main thread.
      </p>
      <p className="muted" data-testid="learning-curve">{learningCurveText()}</p>
      {state.status === 'waiting' && <p className="muted">Preparing the model…</p>}
      {state.status === 'error' && (
        <p role="alert" className="inline-error">
          Training is unavailable: {state.message}
        </p>
      )}
      {state.notices.length > 0 && (
        <ul className="training-notices" aria-live="polite">
          {state.notices.map((n) => (
            <li key={n.id} className={`notice-${n.level}`}>
              {n.message}{' '}
              <button type="button" className="link-button" onClick={() => actions.dismiss(n.id)} aria-label="Dismiss this message">
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {phone && !state.running && state.step === 0 && (
        <p className="training-note" data-testid="phone-note">
          On a phone, training is slow: expect a second or more per step with the default U-Net, and a warm battery. Nothing runs
          until you press Train or Step; the tiny model (Settings, below) is about ten times quicker, and “ms per step” shows the
          speed once it runs.
        </p>
      )}
      {otherTraining && !state.running && (
        <p className="training-note" role="status">
          Another panel of the explorable is training right now. Only one trains at a time: pressing Train here pauses the other.
        </p>
      )}
      <div className="training-controls">
        <button type="button" className="primary" disabled={!ready || busy} onClick={() => void actions.train(!state.running)}>
          {state.running ? 'Pause' : 'Train'}
        </button>
        <button type="button" disabled={!ready || busy || state.running} onClick={() => void actions.step()}>
          Step
        </button>
        <button type="button" disabled={!ready || busy || state.running} onClick={() => requestReset(null)}>
          Reset
        </button>
        <button type="button" disabled={!ready || busy || state.running || pretrainedLoaded} onClick={requestPretrained}>
          Start from {shippedName}{pretrainedSteps ? ` (${pretrainedSteps.toLocaleString('en-US')} steps)` : ''}
        </button>
        {state.busy && <span className="muted">{state.busy}…</span>}
      </div>
      <p className="muted" data-testid="model-origin">{modelOrigin(state.step, state.pretrained)}</p>
      {confirm && (
        <div className="confirm" role="alertdialog" aria-labelledby="confirm-text">
          <span id="confirm-text">
            Discard the model trained for {state.step.toLocaleString('en-US')} steps and {confirm.replacement}?
          </span>{' '}
          <button
            type="button"
            onClick={() => {
              confirm.run();
              setConfirm(null);
            }}
          >
            Discard and start over
          </button>{' '}
          <button type="button" autoFocus onClick={() => setConfirm(null)}>
            Keep training this one
          </button>
        </div>
      )}
      <TrainingPace
        state={state}
        backendName={backendName}
        onStartFromPretrained={requestPretrained}
        onSmallerModel={state.info?.config.size === 'default' ? () => requestReset({ ...state.info!.config, size: 'tiny' }) : undefined}
        onSamplePretrained={onSamplePretrained}
      />
      <Readouts state={state} />
      {state.info && <Settings info={state.info} locked={state.running || busy} onApply={(c) => requestReset(c)} />}
      <div className="training-charts">
        <div>
          <h3>Loss per step</h3>
          <LossChart losses={state.history.values} length={state.history.length} logScale={logScale} onLogScaleChange={setLogScale} />
        </div>
        <div>
          <h3>Loss against t</h3>
          {state.progress ? (
            <LossByTChart edges={state.progress.lossByT.edges} mean={state.progress.lossByT.mean} T={state.info?.config.schedule.T ?? 1000} logScale={logScale} />
          ) : (
            <p className="muted">Appears once training has run.</p>
          )}
        </div>
      </div>
      {meter && (
        <>
          <h3>Is it a digit yet?</h3>
          {state.quality.length ? (
            <QualityChart points={state.quality} />
          ) : (
            <p className="muted">
              {state.step < QUALITY_EVERY
                ? `The first reading comes at step ${QUALITY_EVERY}, then every ${QUALITY_EVERY} steps or so.`
                : `The first reading comes as soon as training runs, then every ${QUALITY_EVERY} steps or so.`}{' '}
              Each reading samples the same 32 noises with 10 DDIM steps and asks the digit classifier how many are digits.
            </p>
          )}
        </>
      )}
      <h3>Watching it learn</h3>
      <PreviewGrid preview={state.preview} meter={meter} />
      <SnapshotStrip snapshots={state.snapshots} />
      <h3>Keep your model</h3>
      <p className="muted">
        The model saves itself in this browser every 30 seconds and whenever you pause, and a reload resumes where it stopped. Export
        writes model.json and a weights file (the standard TensorFlow.js layout) with the settings and loss history.
      </p>
      <Checkpoints disabled={!ready || busy} onExport={actions.exportModel} onImport={(f) => void actions.importFiles(f)} />
    </div>
  );
}

/** Which model the session holds: the shipped one (and how far the learner took it), or the learner's own. */
export function modelOrigin(step: number, pretrained: PretrainedAbout | null): string {
  if (pretrained === null) {
    return step === 0
      ? 'A new model, untrained. Train it from scratch, or start from the pretrained model (trained ahead of time by this project’s PyTorch reference, with the same code as here).'
      : `Your model, trained here for ${step.toLocaleString('en-US')} steps.`;
  }
  const base = `the pretrained${pretrained.conditional ? ' conditional' : ''} model (${pretrained.steps.toLocaleString('en-US')} steps${pretrained.date ? `, ${pretrained.date}` : ''})`;
  return step > pretrained.steps ? `Started from ${base}; now at step ${step.toLocaleString('en-US')}.` : `Loaded: ${base}.`;
}
