import { useId } from 'react';
import type { ModelSource } from '../engine/protocol';
import type { PretrainedState } from './usePretrained';

export interface ModelSourceProps {
  source: ModelSource;
  onChange: (source: ModelSource) => void;
  pretrained: PretrainedState;
  /** the shipped model conditioned on the digit */
  conditional: PretrainedState;
  /** the learner's model's optimisation step, and whether it is conditioned on the digit */
  yourStep: number;
  yoursConditional?: boolean;
}

const steps = (n: number) => `${n.toLocaleString('en-US')} step${n === 1 ? '' : 's'}`;

/** "pretrained, N steps", "pretrained, draws the digit you pick" or "yours, M steps": which model the sampling and derivation panels use. */
export function ModelSourceSwitch({ source, onChange, pretrained, conditional, yourStep, yoursConditional }: ModelSourceProps) {
  const name = useId();
  const options: { value: ModelSource; label: string }[] = [
    { value: 'pretrained', label: `pretrained${pretrained.about ? `, ${steps(pretrained.about.steps)}` : ''}` },
    { value: 'conditional', label: `pretrained, draws the digit you pick${conditional.about ? ` (${steps(conditional.about.steps)})` : ''}` },
    { value: 'yours', label: `yours, ${steps(yourStep)}${yourStep === 0 ? ' (untrained)' : ''}${yoursConditional ? ', conditional' : ''}` },
  ];
  return (
    <fieldset className="segmented model-source">
      <legend>Model</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input type="radio" name={name} value={o.value} checked={source === o.value} onChange={() => onChange(o.value)} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}
