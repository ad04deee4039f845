import { memo, useMemo } from 'react';
import { natsToBitsPerDim, priorKL } from '../../../diffusion/bound';
import type { Schedule } from '../../../diffusion/schedule';
import { sigText as plain } from '../../format';
import { SCHEDULES, type ScheduleName } from '../../../state/hash';
import { ScheduleChart } from '../../charts/ScheduleChart';

/** The T values offered in the selector (any T from 2 to 4000 still works from a link). */
export const T_CHOICES = [50, 100, 250, 500, 1000, 2000] as const;

export interface ScheduleSectionProps {
  schedule: Schedule;
  /** the digit whose prior term L_T is shown */
  x0: Float32Array;
  t: number;
  onChangeT: (t: number) => void;
  onChangeSchedule: (kind: ScheduleName, T: number) => void;
}

const KIND_LABEL: Record<ScheduleName, string> = {
  linear: 'linear (the notes’ and the paper’s)',
  cosine: 'cosine (Nichol & Dhariwal)',
};

/** The noise schedule: kind and T selectors, and the chart of β_t, ᾱ_t, √ᾱ_t, √(1−ᾱ_t), log SNR. */
export const ScheduleSection = memo(function ScheduleSection({ schedule, x0, t, onChangeT, onChangeSchedule }: ScheduleSectionProps) {
  const alphaBarT = schedule.alphaBars[schedule.T - 1];
  const priorBits = useMemo(() => natsToBitsPerDim(priorKL(x0, schedule)), [x0, schedule]);
  const choices: number[] = T_CHOICES.includes(schedule.T as (typeof T_CHOICES)[number]) ? [...T_CHOICES] : [...T_CHOICES, schedule.T].sort((a, b) => a - b);
  return (
    <div className="schedule-section">
      <div className="control-row">
        <label>
          Schedule{' '}
          <select value={schedule.kind} onChange={(e) => onChangeSchedule(e.currentTarget.value as ScheduleName, schedule.T)}>
            {SCHEDULES.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Steps T{' '}
          <select value={schedule.T} onChange={(e) => onChangeSchedule(schedule.kind, Number(e.currentTarget.value))}>
            {choices.map((T) => (
              <option key={T} value={T}>
                {T}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ScheduleChart schedule={schedule} t={t} onChangeT={onChangeT} />
      <p className="prior-term" aria-label="Prior term L_T">
        At t = T = {schedule.T}: ᾱ<sub>T</sub> = {plain(alphaBarT)}, so the prior term L<sub>T</sub> = D<sub>KL</sub>(q(x
        <sub>T</sub>|x<sub>0</sub>) ‖ N(0, I)) of this digit is <strong>{plain(priorBits)} bits/dim</strong>: x<sub>T</sub>{' '}
        {priorBits < 1e-3 ? 'is pure noise, as sampling assumes when it starts from N(0, I).' : 'still holds some of the digit, so sampling from N(0, I) starts from something the model never saw.'}
        {schedule.kind === 'linear' && schedule.T !== 1000 && (
          <> The linear schedule scales β<sub>1</sub> and β<sub>T</sub> by 1000/T (here β<sub>1</sub> = {plain(schedule.betas[0])}, β<sub>T</sub> = {plain(schedule.betas[schedule.T - 1])}) so that this holds at every T.</>
        )}
      </p>
    </div>
  );
});
