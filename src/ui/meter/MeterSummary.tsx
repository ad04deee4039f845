import type { DigitScores } from '../../engine/protocol';
import { classesText, confidentText, distanceText, guidanceText, judgeText } from './meterText';
import './meter.css';

/** The meter's verdict on a batch: how many samples are confidently digits, and which digits they are. */
export function MeterSummary({ scores, error }: { scores: DigitScores | null | undefined; error?: string }) {
  if (error) {
    return <p className="meter-summary muted" role="status">The samples could not be scored: {error}</p>;
  }
  if (!scores) {
    return <p className="meter-summary muted" role="status">Reading the samples with the digit classifier…</p>;
  }
  return (
    <div className="meter-summary" role="status" data-testid="sample-quality" data-confident={scores.confident} data-n={scores.digits.length}>
      <p>
        <strong>{confidentText(scores)}.</strong> {classesText(scores)}
      </p>
      <ol className="meter-histogram" aria-label="Confident samples per digit">
        {scores.histogram.map((count, d) => (
          <li key={d} aria-label={`${d}: ${count}`}>
            <span className="meter-bar" data-count={count} style={{ height: `${4 + 6 * count}px` }} />
            <span aria-hidden="true">{d}</span>
          </li>
        ))}
      </ol>
      {guidanceText(scores) && (
        <p data-testid="guidance-accuracy" data-accuracy={scores.guidance!.accuracy}>
          {guidanceText(scores)}
        </p>
      )}
      {distanceText(scores) && <p data-testid="sample-distance">{distanceText(scores)}</p>}
      <p className="meter-note">{judgeText(scores)}</p>
    </div>
  );
}
