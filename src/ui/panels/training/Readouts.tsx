import type { TrainingState } from './useTraining';

function Readout({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className="training-readout">
      <span id={`readout-${id}`} className="readout-label">
        {label}
      </span>
      <output aria-labelledby={`readout-${id}`} className="readout-value" data-testid={`readout-${id}`}>
        {value}
      </output>
    </div>
  );
}

const num = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function bytes(n: number | null): string {
  if (n === null) return 'not reported';
  if (n < 1e6) return `${num(n / 1e3, 1)} kB`;
  return `${num(n / 1e6, 1)} MB`;
}

/** The numbers of the run: step, smoothed loss, speed, and the engine's memory. */
export function Readouts({ state }: { state: TrainingState }) {
  const p = state.progress;
  const speed = p && state.running && p.stepsPerSecond > 0;
  return (
    <div className="training-readouts">
      <Readout id="step" label="Training step" value={num(state.step)} />
      <Readout id="loss" label="Loss" value={state.smoothedLoss === null ? '—' : state.smoothedLoss.toFixed(4)} />
      <Readout id="sps" label="Steps per second" value={speed ? num(p.stepsPerSecond, p.stepsPerSecond < 10 ? 2 : 1) : '—'} />
      <Readout id="ms" label="ms per step" value={speed ? num(p.msPerStep, 1) : '—'} />
      <Readout id="ips" label="Images per second" value={speed ? num(p.imagesPerSecond) : '—'} />
      <Readout id="tensors" label="Tensors" value={p ? num(p.memory.numTensors) : '—'} />
      <Readout id="gpu" label="GPU memory" value={p ? bytes(p.memory.gpuBytes) : '—'} />
    </div>
  );
}
