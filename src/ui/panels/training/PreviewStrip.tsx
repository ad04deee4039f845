import { DigitImage } from '../../DigitCanvas';
import { DigitLabel } from '../../meter/DigitLabel';
import type { PreviewSnapshot } from './useTraining';
import type { PreviewEvent } from '../../../engine/protocol';

const N = 784;
const slice = (a: Float32Array, i: number) => a.subarray(i * N, (i + 1) * N);

/** What the model does now: x̂_0 of fixed noisy held-out digits at a few t, and a quick DDIM sample. */
export function PreviewGrid({ preview, meter = true }: { preview: PreviewEvent | null; meter?: boolean }) {
  if (!preview) return <p className="muted">The model’s predictions appear here once it has a step or two behind it.</p>;
  const n = preview.x0.length / N;
  return (
    <div className="preview">
      <p className="preview-caption">
        At step {preview.step.toLocaleString('en-US')} ({preview.ema ? 'EMA weights' : 'live weights'}): each row noises the same held-out
        digits to x<sub>t</sub> and shows the network’s guess x̂<sub>0</sub> = (x<sub>t</sub> − √(1−ᾱ<sub>t</sub>) ε<sub>θ</sub>) / √ᾱ<sub>t</sub> (eq. 15), clipped to [−1, 1] for display.
      </p>
      <table className="preview-table">
        <thead>
          <tr>
            <th scope="col">t</th>
            <th scope="col">x_t</th>
            <th scope="col">x̂_0</th>
          </tr>
        </thead>
        <tbody>
          {preview.ts.map((t, r) => (
            <tr key={t}>
              <th scope="row">{t}</th>
              <td>
                {Array.from({ length: n }, (_, i) => (
                  <DigitImage key={i} pixels={slice(preview.xt, r * n + i)} size={32} label={`noisy digit ${i + 1} at t = ${t}`} />
                ))}
              </td>
              <td>
                {Array.from({ length: n }, (_, i) => (
                  <DigitImage key={i} pixels={slice(preview.x0Hat, r * n + i)} size={32} label={`predicted x̂_0 of digit ${i + 1} from t = ${t}`} />
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="preview-samples">
        <span>
          Samples ({preview.samplerSteps} DDIM steps from fixed noise):
        </span>
        {Array.from({ length: preview.samples.length / N }, (_, i) => (
          <span key={i} className="preview-sample">
            <DigitImage pixels={slice(preview.samples, i)} size={40} label={`sample ${i + 1} at step ${preview.step}`} />
            {meter && preview.scores && <DigitLabel digit={preview.scores.digits[i]} confidence={preview.scores.confidence[i]} />}
          </span>
        ))}
      </div>
    </div>
  );
}

/** One snapshot of the samples per preview, so the learner sees noise turn into digits over training. */
export function SnapshotStrip({ snapshots }: { snapshots: PreviewSnapshot[] }) {
  if (snapshots.length === 0) return null;
  return (
    <figure className="snapshot-strip">
      <ol aria-label="Samples over training">
        {snapshots.map((s) => (
          <li key={s.step}>
            <div className="snapshot-images">
              {Array.from({ length: Math.min(4, s.samples.length / N) }, (_, i) => (
                <DigitImage key={i} pixels={slice(s.samples, i)} size={22} label={`sample ${i + 1} at step ${s.step}`} />
              ))}
            </div>
            <span>step {s.step.toLocaleString('en-US')}</span>
          </li>
        ))}
      </ol>
      <figcaption>The same starting noise, sampled at each snapshot: from noise to digits as training goes on.</figcaption>
    </figure>
  );
}
