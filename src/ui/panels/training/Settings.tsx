import { useState } from 'react';
import { BATCH_SIZES, MODEL_KINDS, MODEL_LABELS, type ModelInfo, type ModelKind, type ModelSize, type TrainConfig } from '../../../engine/protocol';
import { superscript } from '../../format';

const LEARNING_RATES = [3e-4, 1e-3, 2e-3] as const;

export interface SettingsProps {
  info: ModelInfo;
  locked: boolean;
  /** start a new model with these settings (the parent asks before discarding a trained one) */
  onApply: (config: TrainConfig) => void;
}

/** Equal settings (a checkpoint without the `conditional` field is unconditional). */
const same = (a: TrainConfig, b: TrainConfig) =>
  JSON.stringify({ ...a, conditional: a.conditional === true }) === JSON.stringify({ ...b, conditional: b.conditional === true });

/** Model and hyper-parameters. A change means a new model, so edits wait for "Start a new model". */
export function Settings({ info, locked, onApply }: SettingsProps) {
  const [draft, setDraft] = useState<TrainConfig>(info.config);
  const [basis, setBasis] = useState(info.config);
  if (basis !== info.config) {
    // The model changed underneath (reset, import, restore): follow it.
    setBasis(info.config);
    setDraft(info.config);
  }
  const edit = (patch: Partial<TrainConfig>) => setDraft((d) => ({ ...d, ...patch }));
  const counts = info.config.size === draft.size ? info.paramCounts : null;
  return (
    <fieldset className="training-settings" disabled={locked}>
      <legend>Model and hyper-parameters{locked ? ' (locked while training)' : ''}</legend>
      <label>
        Model{' '}
        <select value={draft.model} onChange={(e) => edit({ model: e.currentTarget.value as ModelKind })}>
          {MODEL_KINDS.map((k) => (
            <option key={k} value={k}>
              {MODEL_LABELS[k]}
              {counts ? ` — ${counts[k].toLocaleString('en-US')} parameters` : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        Size{' '}
        <select value={draft.size} onChange={(e) => edit({ size: e.currentTarget.value as ModelSize })}>
          <option value="default">default</option>
          <option value="tiny">tiny (for slow devices)</option>
        </select>
      </label>
      <label>
        Batch size{' '}
        <select value={draft.batchSize} onChange={(e) => edit({ batchSize: Number(e.currentTarget.value) })}>
          {BATCH_SIZES.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <label>
        Learning rate{' '}
        <select value={draft.learningRate} onChange={(e) => edit({ learningRate: Number(e.currentTarget.value) })}>
          {LEARNING_RATES.map((lr) => (
            <option key={lr} value={lr}>
              {lr.toExponential(0).replace(/e(-\d+)$/, (_, e: string) => ` × 10${superscript(Number(e))}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={draft.conditional === true} onChange={(e) => edit({ conditional: e.currentTarget.checked })} />{' '}
        Conditioned on the digit: learns ε<sub>θ</sub>(x<sub>t</sub>, t, y), and with one label in ten dropped also
        ε<sub>θ</sub>(x<sub>t</sub>, t, ∅), so that sampling can be told which digit to draw (guidance)
      </label>
      <label>
        <input type="checkbox" checked={draft.ema} onChange={(e) => edit({ ema: e.currentTarget.checked })} /> EMA of the weights (for previews
        and sampling)
      </label>
      <p className="muted settings-note">
        {MODEL_LABELS[info.config.model]} ({info.config.size}{info.config.conditional ? ', conditioned on the digit' : ''}):{' '}
        {info.paramCount.toLocaleString('en-US')} parameters; noise schedule{' '}
        {info.config.schedule.kind}, T = {info.config.schedule.T}.
      </p>
      {!same(draft, info.config) && (
        <button type="button" onClick={() => onApply(draft)}>
          Start a new model with these settings
        </button>
      )}
    </fieldset>
  );
}
