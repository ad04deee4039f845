import { digitLabel } from './meterText';
import './meter.css';

/** The classifier's reading of one sample, under its image; the shape of the text, not only its colour, tells sure from unsure. */
export function DigitLabel({ digit, confidence }: { digit: number; confidence: number }) {
  const label = digitLabel(digit, confidence);
  return (
    <span className={label.sure ? 'digit-label digit-label-sure' : 'digit-label digit-label-unsure'} title={label.spoken}>
      <span aria-hidden="true">{label.text}</span>
      <span className="visually-hidden">{label.spoken}</span>
    </span>
  );
}
