import { useRef, useState } from 'react';
import type { CheckpointFiles } from '../../../engine/protocol';

export interface CheckpointsProps {
  disabled: boolean;
  onExport: () => Promise<CheckpointFiles | undefined>;
  onImport: (files: CheckpointFiles) => void;
}

function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Export the model as model.json + weights (the standard tfjs layout), or import such files. */
export function Checkpoints({ disabled, onExport, onImport }: CheckpointsProps) {
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const pick = async (list: FileList | null) => {
    setProblem(null);
    const files = Array.from(list ?? []);
    const json = files.find((f) => f.name.endsWith('.json'));
    const bin = files.find((f) => !f.name.endsWith('.json'));
    if (!json || !bin) {
      setProblem('Choose both files together: model.json and its weights file (.bin).');
      return;
    }
    onImport({ modelJson: await json.text(), weights: await bin.arrayBuffer(), weightsName: bin.name });
    if (input.current) input.current.value = '';
  };

  return (
    <div className="checkpoints">
      <button
        type="button"
        disabled={disabled}
        onClick={async () => {
          const files = await onExport();
          if (!files) return;
          download('model.json', files.modelJson, 'application/json');
          download(files.weightsName, files.weights, 'application/octet-stream');
        }}
      >
        Export
      </button>
      <label className="file-button">
        Import model files
        <input ref={input} type="file" multiple accept=".json,.bin,application/json,application/octet-stream" onChange={(e) => void pick(e.currentTarget.files)} />
      </label>
      {problem && (
        <span role="alert" className="inline-error">
          {problem}
        </span>
      )}
    </div>
  );
}
