import { useState } from 'react';
import type { DigitSet } from '../../data/format';
import { digitX0 } from '../../data/digits';
import type { EngineClient } from '../../engine/client';
import type { NearestResult } from '../../engine/protocol';
import { DigitImage } from '../DigitCanvas';
import './meter.css';

const K = 3;

type State = { status: 'idle' } | { status: 'working' } | { status: 'done'; pixels: NearestResult; features: NearestResult } | { status: 'error'; message: string };

const dist = (d: number) => d.toFixed(d < 10 ? 2 : 1);

function Row({ title, result, set, what }: { title: string; result: NearestResult; set: DigitSet; what: string }) {
  return (
    <div className="copy-row">
      <span className="copy-row-title">{title}</span>
      <ol>
        {result.indices.map((index, i) => (
          <li key={index}>
            <DigitImage pixels={digitX0(set, index)} size={42} label={`training digit ${index}, a ${set.labels[index]}, distance ${dist(result.distances[i])}`} />
            <span>{dist(result.distances[i])}</span>
          </li>
        ))}
      </ol>
      <span className="copy-typical">
        A real held-out digit’s nearest training digit is typically {dist(result.typical)} away {what}.
        {result.distances[0] < result.typical / 2 ? ' This sample is much closer than that: it may be a near copy.' : ' This sample is not unusually close: no sign of copying.'}
      </span>
    </div>
  );
}

/**
 * The memorisation check for the selected chain's x_0: its nearest training digits by pixels and by
 * the classifier's features, beside the distance at which real digits usually find theirs.
 */
export function CopyCheck({ client, image, chain, set }: { client: EngineClient; image: Float32Array; chain: number; set: DigitSet | null }) {
  const [state, setState] = useState<{ image: Float32Array; value: State }>({ image, value: { status: 'idle' } });
  const current = state.image === image ? state.value : { status: 'idle' as const };
  const find = () => {
    setState({ image, value: { status: 'working' } });
    client.request({ type: 'nearest', image, k: K }).then(
      (r) => setState((s) => (s.image === image ? { image, value: { status: 'done', ...r } } : s)),
      (err: Error) => setState((s) => (s.image === image ? { image, value: { status: 'error', message: err.message } } : s)),
    );
  };
  return (
    <section className="copy-check" aria-label="Is it a copy?">
      <h3>Is it a copy?</h3>
      <p className="meter-note">
        A model that reproduces its training digits has memorised them instead of learning how digits are made: its samples
        would show nothing new (and, trained on data about people, would give that data away). Compare a sample with the
        training digits nearest to it.
      </p>
      <button type="button" onClick={find} disabled={current.status === 'working' || !set}>
        Find the training digits nearest to chain {chain + 1}
      </button>
      {current.status === 'working' && <p className="muted" role="status">Searching the 9,000 training digits (the first search also reads them all with the classifier)…</p>}
      {current.status === 'error' && <p role="alert" className="sampling-error">The search failed: {current.message}</p>}
      {current.status === 'done' && set && (
        <div data-testid="copy-check">
          <Row title="By pixels" result={current.pixels} set={set} what="in pixels" />
          <Row title="By the classifier’s features" result={current.features} set={set} what="in features" />
        </div>
      )}
    </section>
  );
}
