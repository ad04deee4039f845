/**
 * The app: the shared wiring (useExplorable), the four panels (Panels.tsx), and where they go: the
 * full page with its header, or one panel alone in an embed (`embed=1`).
 */
import { useEffect, useRef } from 'react';
import { encodeHash, PANELS, type HashState } from '../state/hash';
import { Notices } from './Notices';
import { PANEL_TITLES, PanelSection } from './PanelSection';
import { SiteFooter, SiteHeader } from './SiteChrome';
import { panelNodes } from './Panels';
import { TAnnouncer } from './TAnnouncer';
import { useExplorable } from './useExplorable';
import { SweepContext } from './useSweep';

export function App() {
  const embedRoot = useRef<HTMLElement>(null);
  const x = useExplorable(embedRoot);
  const { state, update, notices, dismissNotices } = x;
  const panels = panelNodes(x);

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
      <SweepContext value={x.sweep}>
        <main className="embed" ref={embedRoot}>
          <Notices notices={notices} onDismiss={dismissNotices} />
          <h1 className="visually-hidden">DDPM, explorable</h1>
          <PanelSection panel={state.panel}>{panels[state.panel]}</PanelSection>
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
    <SweepContext value={x.sweep}>
      <SiteHeader state={state} update={update} engine={x.engine} dataset={x.dataset} />
      <main id="main" tabIndex={-1}>
        <Notices notices={notices} onDismiss={dismissNotices} />
        {PANELS.map((p) => (
          <PanelSection key={p} panel={p} share={{ ...state, panel: p }}>
            {panels[p]}
          </PanelSection>
        ))}
        <TAnnouncer t={state.t} T={state.T} />
      </main>
      <SiteFooter />
    </SweepContext>
  );
}

/** This view in the full page: the same link without embed=1. */
function fullPageUrl(state: HashState): string {
  return `${window.location.href.split('#')[0]}${encodeHash({ ...state, embed: false })}`;
}
