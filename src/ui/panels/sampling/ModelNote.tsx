import type { ModelSource } from '../../../engine/protocol';
import type { PretrainedState } from '../../usePretrained';
import { SHIPPED_NAMES } from '../../pretrained';
import type { SamplingRun } from './samplingRun';

const stepsText = (n: number) => `${n.toLocaleString('en-US')} training step${n === 1 ? '' : 's'}`;

/** Which model the samples come from, whether it is trained, and which weights sampling uses. */
export function ModelNote({
  source, trainingStep, trainingRunning, emaOn, run, pretrained, yoursFromPretrained,
}: {
  source: ModelSource;
  trainingStep: number;
  trainingRunning: boolean;
  emaOn: boolean;
  run: SamplingRun | null;
  pretrained: PretrainedState;
  yoursFromPretrained: boolean;
}) {
  const fromPretrained = source !== 'yours';
  const name = SHIPPED_NAMES[source === 'conditional' ? 'conditional' : 'pretrained'];
  const what = source === 'conditional' ? 'the default U-Net conditioned on the digit' : 'the default U-Net';
  const ema = fromPretrained || (run ? run.ema : emaOn);
  const currentStep = fromPretrained ? pretrained.info?.step : trainingStep;
  return (
    <div className="sampling-model-note">
      {fromPretrained ? (
        pretrained.status === 'ready' && pretrained.info ? (
          <p data-testid="sampling-model">Sampling from {name} ({stepsText(pretrained.info.step)}).</p>
        ) : trainingStep === 0 ? (
          <p className="sampling-untrained" data-testid="sampling-model">
            You have no trained model yet, so Sample loads {name}: {what}, trained ahead of time by
            this project’s PyTorch reference of the same code (a few hundred kilobytes, downloaded on the first click). Train
            your own in the training panel to sample from yours.
          </p>
        ) : (
          <p data-testid="sampling-model">
            Sample loads {name} ({what} trained by this project’s PyTorch reference; a few hundred kilobytes, downloaded on
            the first click).
          </p>
        )
      ) : trainingStep === 0 ? (
        <p className="sampling-untrained" data-testid="sampling-model">
          The model is untrained (training step 0), so the samples will be noise. Train it first in the training panel, or
          choose the pretrained model above.
        </p>
      ) : (
        <p data-testid="sampling-model">
          Sampling from your model ({stepsText(trainingStep)}{yoursFromPretrained ? ', started from the pretrained model' : ''}).
        </p>
      )}
      {pretrained.status === 'loading' && fromPretrained && <p className="muted">Downloading {name}…</p>}
      {pretrained.status === 'error' && fromPretrained && (
        <p role="alert" className="sampling-error">
          {pretrained.error} Press Sample to try again, or choose your own model.
        </p>
      )}
      {run && currentStep !== undefined && run.modelStep !== currentStep && (
        <p>This run started at step {run.modelStep.toLocaleString('en-US')}; press Sample for samples from the current model.</p>
      )}
      <p>
        {fromPretrained
          ? `${name[0].toUpperCase()}${name.slice(1)} was exported with its EMA weights (an exponential moving average of the trained weights).`
          : ema
            ? 'Sampling uses the EMA weights (an exponential moving average of the trained weights, smoother than the latest ones).'
            : 'Sampling uses the latest trained weights (EMA is off).'}
        {trainingRunning && ' Training is running: the worker alternates training and sampling steps, so each sampling step takes longer.'}
      </p>
    </div>
  );
}
