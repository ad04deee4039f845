import { useEffect, useMemo, useRef, useState } from 'react';
import type { EngineClient } from '../../engine/client';
import type { ModelSource } from '../../engine/protocol';
import { GUIDANCE_SWEEP } from '../../diffusion/guidance';
import { DigitImage } from '../DigitCanvas';
import { sweepAriaLabel, sweepGeometry, sweepPointText, type GuidancePoint } from './guidanceSweepData';
import { useElementWidth } from './useElementWidth';
import { YTicks } from './YTicks';
import './charts.css';

/** Samples per scale, their DDIM steps, and the seed (the same noise at every w). */
export const SWEEP_SAMPLES = 24;
export const SWEEP_DDIM_STEPS = 10;
const SWEEP_SEED = 2_022;
/** Samples shown under each scale. */
const SHOWN = 4;

export interface GuidanceSweepProps {
  client: EngineClient;
  source: ModelSource;
  digit: number;
  /** loads the model first when it is a shipped one (false: it could not be loaded) */
  ready: () => Promise<boolean>;
}

/**
 * "What guidance costs": for the chosen digit, w ∈ {0, 0.5, 1, 2, 4, 8} on one fixed seed, each read by
 * the meter. Accuracy (how many are the digit asked for) rises with w; variety falls.
 */
export function GuidanceSweep({ client, source, digit, ready }: GuidanceSweepProps) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>();
  const [points, setPoints] = useState<GuidancePoint[]>([]);
  const [status, setStatus] = useState<'idle' | 'running' | 'done' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const runId = useRef(0);
  const stop = useRef<AbortController | null>(null);
  // (the parent keys this chart by model and digit, so a new one starts empty); unmounted, a sweep stops
  useEffect(() => () => {
    runId.current++;
    stop.current?.abort();
  }, []);
  const g = useMemo(() => sweepGeometry(GUIDANCE_SWEEP, points, width), [points, width]);

  const measure = async () => {
    const id = ++runId.current;
    stop.current?.abort();
    const controller = new AbortController();
    stop.current = controller;
    setPoints([]);
    setError(null);
    setStatus('running');
    if (!(await ready())) {
      if (id === runId.current) setStatus('idle');
      return;
    }
    try {
      for (const w of GUIDANCE_SWEEP) {
        // a sampling job run to the end without frames (DDIM, η = 0, x̂_0 clipped), read by the meter
        const done = await client.run({
          kind: 'sample', source, seed: SWEEP_SEED, n: SWEEP_SAMPLES, start: null, guidance: { label: digit, w },
          sampler: { kind: 'ddim', eta: 0, steps: SWEEP_DDIM_STEPS, clip: true }, mode: 'run', pace: null, frames: false, score: { target: digit },
        }, { signal: controller.signal });
        if (id !== runId.current) return;
        if (!done.x0 || !done.scores?.guidance) throw new Error(done.scoreError ?? 'the samples could not be read');
        setPoints((ps) => [...ps, { w, modelStep: done.modelStep, scores: done.scores!.guidance!, images: done.x0! }]);
      }
      setStatus('done');
    } catch (err) {
      if (id !== runId.current) return;
      setError((err as Error).message);
      setStatus('error');
    }
  };

  const line = (ys: number[]) => g.points.map((p, i) => `${p.x},${ys[i]}`).join(' ');
  return (
    <figure className="chart-root chart-guidance" ref={boxRef} data-testid="guidance-sweep">
      <p className="chart-caption">
        What guidance costs: the same {SWEEP_SAMPLES} noises turned into a {digit} by {SWEEP_DDIM_STEPS} DDIM steps at each scale w, read
        by the digit classifier. Top: the share it reads as {digit}. Bottom: how varied they are (mean distance between two samples in the
        classifier’s features), as a multiple of real {digit}s’ (dashed: as varied as real ones).
      </p>
      <button type="button" onClick={() => void measure()} disabled={status === 'running'}>
        {status === 'running' ? `Measuring… (${points.length} of ${GUIDANCE_SWEEP.length})` : `Measure the trade-off for ${digit}`}
      </button>
      {error && <p role="alert" className="sampling-error">The trade-off could not be measured: {error}</p>}
      {changedText(points) && <p className="muted" data-testid="sweep-model-changed">{changedText(points)}</p>}
      <svg className="chart-svg" viewBox={`0 0 ${g.width} ${g.height}`} width={g.width} height={g.height} role="img" aria-label={sweepAriaLabel(digit, points, SWEEP_SAMPLES)}>
        <text className="chart-axis-label" x={g.left} y={g.accuracy.top - 6}>read as {digit}</text>
        <YTicks ticks={g.accuracy.ticks} left={g.left} right={g.right} keyPrefix="a" />
        <polyline className="quality-line" points={line(g.points.map((p) => p.yAccuracy))} />
        {g.points.map((p) => (
          <circle key={`a${p.point.w}`} className="quality-dot" cx={p.x} cy={p.yAccuracy} r={3}>
            <title>{sweepPointText(p.point, SWEEP_SAMPLES)}</title>
          </circle>
        ))}
        <text className="chart-axis-label" x={g.left} y={g.variety.top - 6}>variety (× real {digit}s)</text>
        <YTicks ticks={g.variety.ticks} left={g.left} right={g.right} keyPrefix="v" />
        <line className="quality-floor" x1={g.left} x2={g.right} y1={g.realY} y2={g.realY} />
        <polyline className="quality-line" points={line(g.points.map((p) => p.yVariety))} />
        {g.points.map((p) => (
          <rect key={`v${p.point.w}`} className="quality-dot" x={p.x - 3} y={p.yVariety - 3} width={6} height={6}>
            <title>{sweepPointText(p.point, SWEEP_SAMPLES)}</title>
          </rect>
        ))}
        {g.xTicks.map((t) => (
          <text key={t.label} className="chart-tick-label" x={t.pos} y={g.height - 20} textAnchor="middle">{t.label}</text>
        ))}
        <text className="chart-axis-label" x={(g.left + g.right) / 2} y={g.height - 4} textAnchor="middle">guidance scale w</text>
      </svg>
      {points.length > 0 && (
        <ol className="sweep-samples" aria-label={`Samples of ${digit} at each guidance scale`}>
          {points.map((p) => (
            <li key={p.w}>
              <span className="sweep-w">w = {p.w}</span>
              {Array.from({ length: SHOWN }, (_, i) => (
                <DigitImage key={i} pixels={p.images.subarray(i * 784, (i + 1) * 784)} size={40} label={`sample ${i + 1} of ${digit} at w = ${p.w}`} />
              ))}
            </li>
          ))}
        </ol>
      )}
      {points.length > 0 && (
        <details>
          <summary>The readings as text</summary>
          <ol className="quality-list">
            {points.map((p) => <li key={p.w}>{sweepPointText(p, SWEEP_SAMPLES)}</li>)}
          </ol>
        </details>
      )}
    </figure>
  );
}

/** When the model trained on between the points, the curve mixes models: say so. */
function changedText(points: GuidancePoint[]): string | null {
  const steps = points.map((p) => p.modelStep);
  const lo = Math.min(...steps);
  const hi = Math.max(...steps);
  return points.length > 1 && lo !== hi
    ? `The model trained on during the measurement (steps ${lo.toLocaleString('en-US')} to ${hi.toLocaleString('en-US')}), so each point is a slightly different model; pause training and measure again for one model’s curve.`
    : null;
}
