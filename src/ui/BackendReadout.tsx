import type { BackendReport } from '../engine/protocol';
import type { EngineState } from './useEngine';

const NAMES = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' } as const;

/** Why this backend, in a sentence or two: the backends passed over and the probe's figures. */
export function backendDetail(report: BackendReport): string | null {
  const parts: string[] = [];
  if (report.reason) parts.push(`Chosen because ${report.reason}.`);
  for (const f of report.fallbacks) parts.push(`${NAMES[f.name]} ${f.passedOver ? 'not used' : 'unavailable'}: ${f.reason}.`);
  if (report.probe.length) {
    parts.push(`Speed probe (one 3×3 convolution of the U-Net): ${report.probe.map((p) => `${NAMES[p.name]} ${p.gflops < 10 ? p.gflops.toFixed(1) : Math.round(p.gflops)} GFLOP/s`).join(', ')}.`);
  }
  return parts.length ? parts.join(' ') : null;
}

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
    if (report.threads !== null) value += ` (${report.threads} thread${report.threads === 1 ? '' : 's'})`;
    if (report.forced) value += ', chosen in the link';
    detail = backendDetail(report);
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
