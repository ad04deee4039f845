/**
 * A trained model carries its schedule: wherever a model is involved, x_t, t's range and every
 * coefficient come from it. These helpers turn the forward panel's (t, schedule) into the model's, and
 * say so when the two schedules differ.
 */
import { modelTimestep, sameSchedule, type Schedule } from '../diffusion/schedule';

/** "linear, T = 1000" */
export function scheduleLabel(s: { kind: string; T: number }): string {
  return `${s.kind}, T = ${s.T}`;
}

export interface ModelTime {
  /** the timestep in the model's schedule (0 … model T) */
  t: number;
  /** a sentence for the panel when the schedules differ, else null */
  note: string | null;
}

/** The shown t as the model's timestep, with the note a panel shows beside the model's numbers. */
export function modelTime(shown: Schedule, t: number, model: Schedule): ModelTime {
  if (sameSchedule(shown, model)) return { t, note: null };
  const tm = modelTimestep(shown, t, model);
  return {
    t: tm,
    note: `This model was trained with ${scheduleLabel(model)}; the forward panel shows ${scheduleLabel(shown)}. `
      + `Its numbers use its own schedule, at t = ${tm}, the timestep with the same noise level ᾱ as the forward panel's t = ${t}.`,
  };
}
