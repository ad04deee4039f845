import { type ReactNode, useId, useMemo, useState } from 'react';
import type { Schedule } from '../../../diffusion/schedule';
import type { EngineClient } from '../../../engine/client';
import type { ModelSource, PretrainedInfo } from '../../../engine/protocol';
import { GuidanceControls, type GuidanceChoice } from './GuidanceControls';
import { GuidanceSweep } from '../../charts/GuidanceSweep';
import type { Lang } from '../../../state/hash';
import type { PretrainedState } from '../../usePretrained';
import { DigitImage } from '../../DigitCanvas';
import { MeterSummary } from '../../meter/MeterSummary';
import { ModelNote } from './ModelNote';
import { CopyCheck } from '../../meter/CopyCheck';
import type { DigitSet } from '../../../data/format';
import { useReducedMotion } from '../../useReducedMotion';
import { useSampling } from './useSampling';
import { canStep } from './samplingController';
import type { DenoiseStart } from './samplingRun';
import { ChainGrid, type GridShows } from './ChainGrid';
import { ReverseStepControl } from './ReverseStepControl';
import { SamplerSettings } from './SamplerSettings';
import { SamplingIntro } from './SamplingIntro';
import { StepAnatomy } from './StepAnatomy';
import { TrajectoryStrip } from './TrajectoryStrip';
import {
  evaluationsText, plannedCostText, randomSeed, samplerName, thinningText, timingText, toSamplerSpec,
  type SamplerChoice,
} from './samplingText';
import { plannedNfe } from '../../../diffusion/reverseSteps';
import './sampling.css';

export interface SamplingPanelProps {
  /** the engine, once it is ready */
  client: EngineClient | null;
  /** the learner's model's optimisation step (0: untrained) */
  trainingStep: number;
  trainingRunning: boolean;
  /** whether training keeps EMA weights (sampling then uses them) */
  emaOn: boolean;
  /** the schedule of the model sampled from, for the coefficients shown */
  schedule: Schedule;
  /** seed of x_T and of every z */
  seed: number;
  onSeedChange: (seed: number) => void;
  /** the forward panel's current x_t, t and x_0, for "denoise my digit" */
  denoiseStart: DenoiseStart | null;
  /** the sampler for the next run (kept in the link) */
  choice: SamplerChoice;
  onChoiceChange: (choice: SamplerChoice) => void;
  /** which model to sample from, and the switch between the models */
  source: ModelSource;
  modelSwitch: ReactNode;
  /** whether that model is conditioned on the digit (then the panel offers "draw me a …") */
  conditional: boolean;
  /** the digit to draw and the guidance scale (kept in the link) */
  guidance: GuidanceChoice;
  onGuidanceChange: (patch: Partial<GuidanceChoice>) => void;
  /** language of the guidance derivation's prose (shared with the derivation panel) */
  lang: Lang;
  onLangChange: (lang: Lang) => void;
  /** the shipped model of `source` (when it is one), and how to load it (Sample does, on first use) */
  pretrained: PretrainedState;
  ensurePretrained: () => Promise<PretrainedInfo | undefined>;
  /** the learner's model was started from the pretrained one */
  yoursFromPretrained: boolean;
  /** show the sample-quality meter (the link's meter=0 hides it) */
  meter: boolean;
  /** the dataset, to show the training digits nearest to a sample */
  digits: DigitSet | null;
}

/** Speeds of "Run to x₀", in steps per second; null is as fast as possible. */
const SPEEDS: { label: string; value: number | null }[] = [
  { label: 'As fast as possible', value: null },
  { label: '30 steps/s', value: 30 },
  { label: '10 steps/s', value: 10 },
  { label: '3 steps/s', value: 3 },
  { label: '1 step/s', value: 1 },
];

/**
 * Reverse sampling (Algorithm 2, and DDIM): 16 chains from pure noise (or from the forward panel's
 * x_t), one step at a time or run to x_0, with the recorded trajectory scrubbable and every step
 * taken apart for one chain.
 */
export function SamplingPanel({
  client, trainingStep, trainingRunning, emaOn, schedule, seed, onSeedChange, denoiseStart, choice, onChoiceChange, source, modelSwitch,
  conditional, guidance, onGuidanceChange, lang, onLangChange, pretrained, ensurePretrained, yoursFromPretrained, meter, digits,
}: SamplingPanelProps) {
  const id = useId();
  const reducedMotion = useReducedMotion();
  const [speedIndex, setSpeedIndex] = useState(0);
  const [chain, setChain] = useState(0);
  const [gridShows, setGridShows] = useState<GridShows>('x');
  const [state, actions] = useSampling(client, { reducedMotion, stepsPerSecond: SPEEDS[speedIndex].value, meter });
  const { run, phase, position, error } = state;
  const spec = toSamplerSpec(choice, schedule.T);
  const guidanceSpec = conditional ? { label: guidance.digitClass === 'any' ? null : guidance.digitClass, w: guidance.w } : null;
  /** Loads the shipped model first when sampling from one; false when it could not be loaded. */
  const loadModel = async () => source === 'yours' || (await ensurePretrained()) !== undefined;
  const store = run?.store ?? null;
  const origin = run?.from?.x0 ?? null;

  const busy = phase === 'starting' || phase === 'stepping';
  const running = phase === 'running';
  const steppable = canStep(run);
  const denoiseT = denoiseStart?.t ?? null;
  const stepsDone = store?.stepsDone ?? 0;
  const atEnd = !!run?.finished && store !== null && position === store.length - 1;
  const final = run?.final;
  // one array per chain and run, so the copy check keeps its result while nothing changes
  const chainFinal = useMemo(() => (final ? final.subarray(chain * 784, (chain + 1) * 784) : null), [final, chain]);

  return (
    <div className="sampling-panel">
      <SamplingIntro sampler={spec} />

      {modelSwitch}
      <ModelNote
        source={source}
        trainingStep={trainingStep}
        trainingRunning={trainingRunning}
        emaOn={emaOn}
        run={run}
        pretrained={pretrained}
        yoursFromPretrained={yoursFromPretrained}
      />

      <GuidanceControls value={guidance} onChange={onGuidanceChange} conditional={conditional} lang={lang} onLangChange={onLangChange} />

      <SamplerSettings value={choice} T={schedule.T} onChange={onChoiceChange} />
      <p className="sampling-cost">{plannedCostText(spec, schedule.T)}</p>

      <div className="sampling-controls">
        <button
          type="button"
          className="sampling-primary"
          disabled={!client || phase === 'starting'}
          onClick={async () => {
            // a shipped model downloads on its first use
            if (!(await loadModel())) return;
            actions.sample({ seed, sampler: spec, start: null, source, guidance: guidanceSpec });
          }}
        >
          Sample
        </button>
        <button type="button" disabled={!client || busy || running || !steppable} onClick={actions.stepOnce}>
          Denoise one step
        </button>
        <button
          type="button"
          disabled={!client || busy || (!running && !steppable)}
          onClick={running ? actions.pause : actions.runToEnd}
        >
          {running ? 'Pause' : 'Run to x₀'}
        </button>
        <label className="sampling-speed">
          Speed{' '}
          <select value={speedIndex} onChange={(e) => setSpeedIndex(Number(e.currentTarget.value))}>
            {SPEEDS.map((s, i) => (
              <option key={s.label} value={i}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <span className="sampling-seed">
          Seed <span className="readout-value">{seed >>> 0}</span>{' '}
          <button type="button" onClick={() => onSeedChange(randomSeed())}>
            New seed
          </button>
        </span>
      </div>
      <div className="sampling-controls">
        <button
          type="button"
          disabled={!client || phase === 'starting' || !denoiseStart}
          onClick={async () => {
            if (!denoiseStart || !(await loadModel())) return;
            actions.sample({ seed, sampler: spec, start: denoiseStart, source, guidance: guidanceSpec });
          }}
        >
          Denoise my digit (from the forward panel’s x_t at t = {denoiseT ?? '…'})
        </button>
        {!denoiseStart && <span className="muted">Set t ≥ 1 in the forward panel first.</span>}
      </div>
      {denoiseStart?.note && <p className="schedule-note" data-testid="denoise-schedule-note">{denoiseStart.note}</p>}

      {!client && <p className="muted">Waiting for the engine…</p>}
      {phase === 'starting' && <p className="muted">Drawing x_T and starting the chains…</p>}
      {error && (
        <p role="alert" className="sampling-error">
          Sampling failed: {error}
        </p>
      )}

      {running && run && (
        <div className="sampling-progress">
          <label htmlFor={`${id}-progress`}>Progress</label>
          <progress id={`${id}-progress`} max={run.nfe} value={stepsDone}>
            {stepsDone} of {run.nfe}
          </progress>
          <span className="readout-value">
            {stepsDone.toLocaleString('en-US')} / {run.nfe.toLocaleString('en-US')}
          </span>
          <button type="button" onClick={actions.cancel}>
            Cancel
          </button>
          {reducedMotion && <span className="muted">Reduced motion: the view jumps to the end when the run finishes.</span>}
        </div>
      )}

      {run && store ? (
        <>
          <ReverseStepControl
            id={id}
            step={store.stepIndexAt(position)}
            t={store.tAt(position)}
            stepsDone={stepsDone}
            nfe={run.nfe}
            onChange={(k) => actions.setPosition(store.positionOfStep(k))}
          />
          <p className="sampling-run-facts">
            {samplerName(run.sampler)}, seed {run.seed}
            {run.from ? `, starting from the forward panel’s x_t at t = ${run.from.t}` : ', starting from pure noise'}.{' '}
            <span>
              This run: <span role="status" aria-label="Network evaluations" data-testid="sampling-nfe" className="readout-value">{run.nfe}</span>{' '}
              network evaluation{run.nfe === 1 ? '' : 's'}.
            </span>{' '}
            <span data-testid="sampling-timing">{timingText(stepsDone, run.nfe, store.workerMs, run.wallMs)}</span>
            {run.cancelled && ' Cancelled; press Sample to start again.'}
            {store.stride > 1 && ` ${thinningText(store.stride)}`}
          </p>
          <div className="sampling-main">
            <div>
              <div className="grid-shows" role="radiogroup" aria-label="The grid shows">
                <label>
                  <input type="radio" name={`${id}-grid`} checked={gridShows === 'x'} onChange={() => setGridShows('x')} /> x<sub>t</sub>
                </label>
                <label>
                  <input type="radio" name={`${id}-grid`} checked={gridShows === 'x0Hat'} onChange={() => setGridShows('x0Hat')} /> x̂
                  <sub>0</sub> (the network’s guess)
                </label>
              </div>
              <ChainGrid
                store={store}
               
                position={position}
                selected={chain}
                onSelect={setChain}
                shows={gridShows}
                scores={meter && atEnd && gridShows === 'x' ? run.scores : null}
              />
              <p className="muted sampling-hint">Select a chain to take its steps apart below.</p>
              {meter && run.finished && <MeterSummary scores={run.scores} error={run.scoreError} />}
              {meter && atEnd && chainFinal && client && <CopyCheck client={client} image={chainFinal} chain={chain} set={digits} />}
            </div>
            {run.from && origin && (
              <figure className="sampling-origin">
                <DigitImage pixels={origin} size={112} label="your digit x_0 from the forward panel" />
                <figcaption>
                  Your digit x<sub>0</sub> (forward panel), noised to t = {run.from.t}. Compare it with the chains at t = 0: the
                  reverse chain makes a plausible digit, not necessarily this one.
                </figcaption>
              </figure>
            )}
          </div>

          <h3>Inside one step (chain {chain + 1})</h3>
          <StepAnatomy store={store} position={position} chain={chain} sampler={run.sampler} schedule={schedule} />

          <h3>The trajectory of chain {chain + 1}</h3>
          <p className="panel-intro">
            x̂<sub>0</sub> above, x<sub>t</sub> below, from the start (left) to the newest recorded step (right). The guess x̂
            <sub>0</sub> fixes the coarse shape early; detail arrives last.
          </p>
          <TrajectoryStrip store={store} position={position} chain={chain} onJump={actions.setPosition} />
        </>
      ) : (
        <p className="muted">
          Press “Sample” to draw x<sub>T</sub> for 16 chains ({evaluationsText(plannedNfe(spec, schedule.T))} per run).
        </p>
      )}
      {conditional && guidance.digitClass !== 'any' && client && meter && (
        <>
          <h3>What guidance costs</h3>
          <GuidanceSweep key={`${source}-${guidance.digitClass}`} client={client} source={source} digit={guidance.digitClass} ready={loadModel} />
        </>
      )}
    </div>
  );
}
