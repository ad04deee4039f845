import type { Schedule } from '../../../diffusion/schedule';
import { SCHEDULES, type ScheduleName } from '../../../state/hash';
import { ScheduleChart } from '../../charts/ScheduleChart';

/** The T values offered in the selector (any T from 2 to 4000 still works from a link). */
export const T_CHOICES = [50, 100, 250, 500, 1000, 2000] as const;

export interface ScheduleSectionProps {
  schedule: Schedule;
  t: number;
  onChangeT: (t: number) => void;
  onChangeSchedule: (kind: ScheduleName, T: number) => void;
}

const KIND_LABEL: Record<ScheduleName, string> = {
  linear: 'linear (the notes’ and the paper’s)',
  cosine: 'cosine (Nichol & Dhariwal)',
};

/** The noise schedule: kind and T selectors, and the chart of β_t, ᾱ_t, √ᾱ_t, √(1−ᾱ_t), log SNR. */
export function ScheduleSection({ schedule, t, onChangeT, onChangeSchedule }: ScheduleSectionProps) {
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
    </div>
  );
}
