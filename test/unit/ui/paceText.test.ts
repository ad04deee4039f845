/** The training pace's words: durations, the measured pace, and the slow-device notice. */
import { describe, expect, it } from 'vitest';
import { durationText, learningCurveText, paceText, phaseText, slowText, STEPS_TO_DIGITS } from '../../../src/ui/panels/training/paceText';

describe('training pace', () => {
  it('writes durations from tenths of a second to days', () => {
    expect(durationText(400)).toBe('0.4 s');
    expect(durationText(12_300)).toBe('12 s');
    expect(durationText(180_000)).toBe('3 min');
    expect(durationText(2.5 * 3_600_000)).toBe('2.5 hours');
    expect(durationText(30 * 3_600_000)).toBe('30 hours');
    expect(durationText(72 * 3_600_000)).toBe('3 days');
  });
  it('says the time per step and when the next preview comes (due time plus the step that ends past it)', () => {
    expect(paceText(250, 1_750)).toBe('About 250 ms per step here; the next preview in about 2.0 s.');
    expect(paceText(12_000, 0)).toBe('About 12 s per step here; the next preview in about 12 s.');
  });
  it('names the phase before the first step, with the time so far once it is noticeable', () => {
    expect(phaseText('preparing', 500, 'WebGPU')).toBe('Preparing: compiling the GPU programs of a training step for WebGPU, once per model. The first step waits for this.');
    expect(phaseText('stepping', 5_000, null)).toBe('Taking the first step (5.0 s so far)…');
  });
  it('on a slow device, says what training to digits would cost here', () => {
    expect(slowText(95_000, 'WebGL')).toBe(
      `Each step takes about 95 s here (on WebGL): the ${STEPS_TO_DIGITS.toLocaleString('en-US')} steps after which the default U-Net makes recognisable digits would take about ${durationText(95_000 * STEPS_TO_DIGITS)}.`,
    );
    expect(durationText(95_000 * 4_000)).toBe('4 days');
  });
  it('states the measured learning curve', () => {
    expect(STEPS_TO_DIGITS).toBe(4_000);
    expect(learningCurveText()).toBe(
      'How long it takes, measured with this project’s PyTorch reference of the same code: of the default U-Net’s samples, 48 % after 1,000 steps, 65 % after 4,000 steps, 73 % after 9,000 steps read as digits, and their Fréchet distance to real digits falls from 275 to 43 (real digits: 18.5). The loss flattens long before that.',
    );
  });
});
