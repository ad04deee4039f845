import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { SigmaKind } from '../../../diffusion/bound';
import { Tex } from '../../math/Tex';
import type { BoundEstimate, DerivationModel, LtEstimate } from './modelTypes';
import type { PanelStrings } from './strings';
import type { ModelTime } from '../../modelSchedule';

/**
 * Delay before estimating L_{t−1} after t or σ² changes, so that a slider drag asks once, when it has
 * stopped: the estimate takes a second of the U-Net in the worker, and one started in a short pause of a
 * drag takes a core from the drag's frames until it is cancelled (at its next batch) when t moves on.
 */
export const ESTIMATE_DEBOUNCE_MS = 600;

/** Four significant digits with a true minus sign. */
export function sig4(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : 'NaN';
  return Number(x.toPrecision(4)).toString().replace('-', '−');
}

/** "value ± se" */
export const pm = (v: number, se: number): string => `${sig4(v)} ± ${sig4(se)}`;

/** The text of a rejection, whatever was thrown. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

type LtState = { key: string; estimate: LtEstimate } | { key: string; error: string };
type BoundState =
  | { status: 'idle' }
  | { status: 'running'; fraction: number }
  | { status: 'done'; bound: BoundEstimate }
  | { status: 'cancelled' }
  | { status: 'error'; error: string };

function LtReadout({ model, t, sigma, s }: { model: DerivationModel; t: number; sigma: SigmaKind; s: PanelStrings }) {
  const key = `${model.source}:${model.trainingStep}:${t}:${sigma}`;
  const [state, setState] = useState<LtState | null>(null);
  useEffect(() => {
    let live = true;
    let running = false;
    const timer = window.setTimeout(() => {
      running = true;
      model
        .estimateLt(t, sigma)
        .finally(() => {
          running = false;
        })
        .then(
          (estimate) => live && setState({ key, estimate }),
          (err: unknown) => live && setState({ key, error: errorText(err) }),
        );
    }, ESTIMATE_DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
      // t or σ² moved on while the estimate ran: stop it, so that it does not take a core from the
      // frames of the drag that follows (a second of the U-Net on a two-core machine)
      if (running) model.cancelEstimates();
    };
  }, [model, t, sigma, key]);

  if (state === null || state.key !== key) return <p aria-live="polite">{s.estimating}</p>;
  if ('error' in state) return <p className="model-error" role="alert">{s.failed} {state.error}</p>;
  const e = state.estimate;
  return (
    <dl className="model-readout" data-testid="model-lt">
      <div>
        <dt><Tex tex={`\\|\\boldsymbol{\\epsilon} - \\boldsymbol{\\epsilon}_\\theta(\\mathbf{x}_{${t}}, ${t})\\|^2`} /></dt>
        <dd>{pm(e.sqErr, e.sqErrSE)}</dd>
      </div>
      <div>
        <dt><Tex tex={`L_{${t - 1}}`} /></dt>
        <dd>{pm(e.nats, e.natsSE)} nats = {pm(e.bitsPerDim, e.bitsPerDimSE)} bits/dim</dd>
      </div>
      <div>
        <dt>n</dt>
        <dd>{e.n} {s.draws}</dd>
      </div>
    </dl>
  );
}

function BoundEstimator({ model, sigma, s }: { model: DerivationModel; sigma: SigmaKind; s: PanelStrings }) {
  const [state, setState] = useState<BoundState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);
  const start = () => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setState({ status: 'running', fraction: 0 });
    model
      .estimateBound(sigma, (fraction) => {
        if (!c.signal.aborted) setState({ status: 'running', fraction: Math.min(1, Math.max(0, fraction)) });
      }, c.signal)
      .then(
        (bound) => !c.signal.aborted && setState({ status: 'done', bound }),
        (err: unknown) => setState(c.signal.aborted ? { status: 'cancelled' } : { status: 'error', error: errorText(err) }),
      );
  };
  const cancel = () => {
    controller.current?.abort();
    setState({ status: 'cancelled' });
  };
  const running = state.status === 'running';
  return (
    <div className="bound-estimator">
      <div className="control-row">
        <button type="button" onClick={start} disabled={running}>
          {s.boundButton}
        </button>
        {running && (
          <>
            <progress value={state.fraction} max={1} aria-label={s.boundProgress} />
            <button type="button" onClick={cancel}>
              {s.cancel}
            </button>
          </>
        )}
      </div>
      {state.status === 'cancelled' && <p>{s.cancelled}</p>}
      {state.status === 'error' && <p className="model-error" role="alert">{s.failed} {state.error}</p>}
      {state.status === 'done' && (
        <>
          <dl className="model-readout" data-testid="model-bound">
            <div><dt><Tex tex="L_T" /></dt><dd>{sig4(state.bound.LT)} bits/dim</dd></div>
            <div><dt><Tex tex="\sum_{t>1} L_{t-1}" /></dt><dd>{pm(state.bound.sumLt, state.bound.sumLtSE)} bits/dim</dd></div>
            <div><dt><Tex tex="L_0" /></dt><dd>{pm(state.bound.L0, state.bound.L0SE)} bits/dim</dd></div>
            <div className="model-total"><dt><Tex tex="L" /> ({s.total})</dt><dd>{pm(state.bound.total, state.bound.totalSE)} bits/dim</dd></div>
          </dl>
          <p className="muted" data-testid="model-bound-method">
            {s.boundMethod(state.bound.strata, state.bound.n, state.bound.sigma === 'beta' ? 'σ_t² = β_t' : 'σ_t² = β̃_t', sig4(state.bound.decoderVariance))}
          </p>
        </>
      )}
    </div>
  );
}

/** "Your model's numbers": L_{t−1} at the shared t, and the whole bound on request. */
export function ModelSection({ model, time, s, controls, onLoadPretrained }: {
  model: DerivationModel | null;
  time: ModelTime;
  s: PanelStrings;
  /** the switch between the learner's model and the pretrained one */
  controls?: ReactNode;
  /** set when the pretrained model is chosen but not loaded: loads it */
  onLoadPretrained?: () => void;
}) {
  const [sigma, setSigma] = useState<SigmaKind>('beta');
  const name = useId();
  if (model === null) {
    return (
      <div className="model-section">
        {controls}
        <p className="model-none" data-testid="model-none">{onLoadPretrained ? s.pretrainedNone : s.noModel}</p>
        {onLoadPretrained && (
          <button type="button" onClick={onLoadPretrained}>
            {s.loadPretrained}
          </button>
        )}
      </div>
    );
  }
  const tt = Math.max(1, time.t);
  return (
    <div className="model-section">
      {controls}
      <p data-testid="model-intro">{s.modelIntro(model.trainingStep, model.source !== 'yours')}</p>
      {time.note && <p className="schedule-note" lang="en" data-testid="model-schedule-note">{time.note}</p>}
      <fieldset className="segmented">
        <legend>{s.sigmaLabel}</legend>
        {(['beta', 'betaTilde'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name={name} checked={sigma === k} onChange={() => setSigma(k)} />{' '}
            <Tex tex={k === 'beta' ? '\\sigma_t^2 = \\beta_t' : '\\sigma_t^2 = \\tilde\\beta_t'} />
          </label>
        ))}
      </fieldset>
      <LtReadout model={model} t={tt} sigma={sigma} s={s} />
      <BoundEstimator key={model.source} model={model} sigma={sigma} s={s} />
    </div>
  );
}
