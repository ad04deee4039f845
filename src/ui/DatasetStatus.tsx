import { useMemo } from 'react';
import { digitX0 } from '../data/digits';
import { DigitImage } from './DigitCanvas';
import type { DatasetState } from './useDataset';

const STRIP = 16;

/** The data path, end to end: a progress bar while MNIST downloads, then real digits and the count. */
export function DatasetStatus({ dataset }: { dataset: DatasetState }) {
  const strip = useMemo(() => {
    if (dataset.status !== 'ready') return [];
    return Array.from({ length: Math.min(STRIP, dataset.set.count) }, (_, i) => ({
      x: digitX0(dataset.set, i),
      label: dataset.set.labels[i],
    }));
  }, [dataset]);

  if (dataset.status === 'error') {
    return (
      <div className="dataset dataset-error" role="alert">
        The MNIST digits could not be loaded: {dataset.message}
      </div>
    );
  }
  if (dataset.status === 'loading') {
    const { loaded, total } = dataset.progress;
    return (
      <div className="dataset">
        <label htmlFor="dataset-progress">Loading MNIST digits</label>{' '}
        <progress id="dataset-progress" max={total ?? undefined} value={total ? loaded : undefined} />{' '}
        <span className="muted">{(loaded / 1e6).toFixed(1)} MB</span>
      </div>
    );
  }
  return (
    <div className="dataset">
      <p className="dataset-count">
        <strong data-testid="dataset-size">{dataset.set.count.toLocaleString('en-US')} digits</strong> of MNIST loaded
      </p>
      <div className="digit-strip" data-testid="digit-strip">
        {strip.map((d, i) => (
          <DigitImage key={i} pixels={d.x} size={36} label={`MNIST digit ${d.label}`} />
        ))}
      </div>
    </div>
  );
}
