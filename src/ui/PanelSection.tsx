import type { ReactNode } from 'react';
import type { HashState, Panel } from '../state/hash';
import { PanelBoundary } from './PanelBoundary';
import { ShareButton } from './share/ShareDialog';

export const PANEL_TITLES: Record<Panel, string> = {
  forward: 'The forward process q(xₜ | x₀)',
  training: 'Training the denoiser live',
  derivation: 'Deriving the loss L₍ₜ₋₁₎',
  sampling: 'Reverse sampling, step by step',
};

/** One panel of the page: its heading, its Share button (full page only) and an error boundary around it. */
export function PanelSection({ panel, share, children }: { panel: Panel; share?: HashState; children: ReactNode }) {
  return (
    <section id={`panel-${panel}`} className="panel" aria-labelledby={`panel-${panel}-title`}>
      <div className="panel-heading">
        <h2 id={`panel-${panel}-title`} className="panel-title">
          {PANEL_TITLES[panel]}
        </h2>
        {share && <ShareButton state={share} panelTitle={PANEL_TITLES[panel]} />}
      </div>
      <PanelBoundary name={panel}>{children}</PanelBoundary>
    </section>
  );
}
