import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { modelTime } from '../../../src/ui/modelSchedule';

describe('the model’s schedule in the panels', () => {
  const linear = makeSchedule({ kind: 'linear', T: 1000 });
  it('says nothing and keeps t when the schedules agree', () => {
    expect(modelTime(linear, 250, makeSchedule({ kind: 'linear', T: 1000 }))).toEqual({ t: 250, note: null });
  });
  it('names the model’s schedule and maps t when they differ', () => {
    const shown = makeSchedule({ kind: 'cosine', T: 50 });
    const { t, note } = modelTime(shown, 50, linear);
    expect(t).toBeGreaterThan(900);
    expect(note).toContain('This model was trained with linear, T = 1000');
    expect(note).toContain('cosine, T = 50');
    expect(note).toContain(`t = ${t}`);
  });
});
