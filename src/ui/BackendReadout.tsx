import type { EngineState } from './useEngine';

const NAMES = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' } as const;

/** The "Compute backend" readout: what runs, on which adapter, and why earlier choices failed. */
export function BackendReadout({ engine }: { engine: EngineState }) {
  let value: string;
  let detail: string | null = null;
  if (engine.status === 'starting') value = 'starting…';
  else if (engine.status === 'off') value = 'not needed here';
  else if (engine.status === 'error') {
    value = 'unavailable';
    detail = engine.message;
  } else {
    const { report } = engine;
    value = NAMES[report.name];
    if (report.adapter) {
      const a = report.adapter;
      value += ` (${[a.vendor, a.architecture].filter(Boolean).join(' / ')})`;
    }
    if (report.forced) value += ', chosen in the link';
    if (report.fallbacks.length) {
      detail = report.fallbacks.map((f) => `${NAMES[f.name]} unavailable: ${f.reason}.`).join(' ');
    }
  }
  return (
    <div className="readout backend-readout">
      <span className="readout-label" id="backend-label">
        Compute backend
      </span>{' '}
      <output aria-labelledby="backend-label" className="readout-value" data-testid="compute-backend">
        {value}
      </output>
      {detail && (
        <p className="fallback-reason" data-testid="fallback-reason">
          {detail}
        </p>
      )}
    </div>
  );
}
