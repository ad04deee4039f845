import { useId } from 'react';
import { clampDdimSteps, clampEta, ddimStepsRange, formatEta, type SamplerChoice } from './samplingText';

export interface SamplerSettingsProps {
  value: SamplerChoice;
  T: number;
  onChange: (next: SamplerChoice) => void;
}

/** DDPM (Algorithm 2, σ_t² = β_t or β̃_t) or DDIM (η and the number of steps); applies to the next run. */
export function SamplerSettings({ value, T, onChange }: SamplerSettingsProps) {
  const id = useId();
  const range = ddimStepsRange(T);
  const set = (patch: Partial<SamplerChoice>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="sampler-settings">
      <legend>Sampler (used by the next “Sample”)</legend>
      <div className="sampler-kind" role="radiogroup" aria-label="Sampler">
        <label>
          <input type="radio" name={`${id}-kind`} checked={value.kind === 'ddpm'} onChange={() => set({ kind: 'ddpm' })} /> DDPM
          (Algorithm 2)
        </label>
        <label>
          <input type="radio" name={`${id}-kind`} checked={value.kind === 'ddim'} onChange={() => set({ kind: 'ddim' })} /> DDIM
          (Song et al. 2021)
        </label>
      </div>
      {value.kind === 'ddpm' ? (
        <div className="sampler-options" role="radiogroup" aria-label="Variance σₜ²">
          <span className="sampler-option-label">σₜ² =</span>
          <label>
            <input type="radio" name={`${id}-sigma`} checked={value.sigma === 'beta'} onChange={() => set({ sigma: 'beta' })} /> βₜ
          </label>
          <label>
            <input type="radio" name={`${id}-sigma`} checked={value.sigma === 'betaTilde'} onChange={() => set({ sigma: 'betaTilde' })} />{' '}
            β̃ₜ (the posterior’s variance, eq. 7)
          </label>
        </div>
      ) : (
        <div className="sampler-options">
          <label htmlFor={`${id}-eta`}>η</label>
          <input
            id={`${id}-eta`}
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={value.eta}
            aria-valuetext={`η = ${formatEta(value.eta)}`}
            onChange={(e) => set({ eta: clampEta(Number(e.currentTarget.value)) })}
          />
          <input
            type="number"
            aria-label="η (number)"
            min={0}
            max={1}
            step={0.05}
            value={value.eta}
            onChange={(e) => set({ eta: clampEta(Number(e.currentTarget.value)) })}
          />
          <span className="muted">{value.eta === 0 ? 'deterministic' : value.eta === 1 ? 'with all T steps, DDPM with σₜ² = β̃ₜ' : 'partly stochastic'}</span>
          <label htmlFor={`${id}-steps`}>DDIM steps</label>
          <input
            id={`${id}-steps`}
            type="number"
            min={range.min}
            max={range.max}
            step={1}
            value={value.steps}
            onChange={(e) => set({ steps: Number(e.currentTarget.value) })}
            onBlur={() => set({ steps: clampDdimSteps(value.steps, T) })}
          />
          <span className="muted">
            {range.min}–{range.max}, evenly spaced timesteps
          </span>
        </div>
      )}
      <label className="sampler-clip">
        <input type="checkbox" checked={value.clip} onChange={(e) => set({ clip: e.currentTarget.checked })} /> Clip x̂₀ to [−1, 1]
      </label>
      <p className="muted sampler-clip-note">
        Pixels live in [−1, 1], so each step clips the network’s guess x̂₀ there and moves to the posterior mean μ̃ₜ(xₜ, x̂₀)
        of eq. 7, as the paper’s code does; while x̂₀ is inside [−1, 1] this is exactly Algorithm 2, and it keeps a young
        model’s chains from drifting out of range.
      </p>
    </fieldset>
  );
}
