/**
 * The words of the training pace: how long a step takes here, when the next preview comes, and, on a
 * slow device, what training to digits would cost (pure, so the unit tests check them).
 */

/** A step slower than this gets the notice that offers the pretrained or a smaller model. */
export const SLOW_STEP_MS = 2_000;

/**
 * How fast the default U-Net learns, measured with the PyTorch reference of the same code at batch 64
 * (README, "How fast it learns"): the share of 256 DDIM samples (50 steps) that the digit classifier
 * reads as confidently a digit, and their Fréchet distance to real digits (real digits: 18.5).
 */
export const LEARNING_CURVE = [
  { steps: 1_000, confident: 0.48, fd: 275 },
  { steps: 4_000, confident: 0.65, fd: 79 },
  { steps: 9_000, confident: 0.73, fd: 43 },
] as const;
export const REAL_DIGITS_FD = 18.5;

/** Training steps after which about two thirds of the default U-Net's samples are confidently digits. */
export const STEPS_TO_DIGITS = LEARNING_CURVE[1].steps;

/** The measured learning curve in one sentence, for the training panel. */
export function learningCurveText(): string {
  const parts = LEARNING_CURVE.map((p) => `${Math.round(p.confident * 100)} % after ${p.steps.toLocaleString('en-US')} steps`);
  return `How long it takes, measured with this project’s PyTorch reference of the same code: of the default U-Net’s samples, `
    + `${parts.join(', ')} read as digits, and their Fréchet distance to real digits falls from ${LEARNING_CURVE[0].fd} to `
    + `${LEARNING_CURVE[LEARNING_CURVE.length - 1].fd} (real digits: ${REAL_DIGITS_FD}). The loss flattens long before that.`;
}

/** "0.4 s", "12 s", "3 min", "2.5 hours", "3 days" */
export function durationText(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  const min = s / 60;
  if (min < 90) return `${Math.round(min)} min`;
  const h = min / 60;
  if (h < 48) return `${h < 10 ? h.toFixed(1) : Math.round(h)} hours`;
  return `${Math.round(h / 24)} days`;
}

/** The measured pace while training runs. */
export function paceText(msPerStep: number, nextPreviewInMs: number): string {
  const step = msPerStep >= 1000 ? `${durationText(msPerStep)} per step` : `${Math.round(msPerStep)} ms per step`;
  // a preview is made after the first step that ends once it is due
  const preview = durationText(nextPreviewInMs + msPerStep);
  return `About ${step} here; the next preview in about ${preview}.`;
}

/** Before the first step reports: compiling the GPU programs, or inside the first step. */
export function phaseText(kind: 'preparing' | 'stepping', elapsedMs: number, backend: string | null): string {
  const elapsed = elapsedMs >= 2000 ? ` (${durationText(elapsedMs)} so far)` : '';
  return kind === 'preparing'
    ? `Preparing: compiling the GPU programs of a training step${backend ? ` for ${backend}` : ''}, once per model${elapsed}. The first step waits for this.`
    : `Taking the first step${elapsed}…`;
}

/** The notice on a slow device. */
export function slowText(msPerStep: number, backend: string | null): string {
  return `Each step takes about ${durationText(msPerStep)} here${backend ? ` (on ${backend})` : ''}: the ${STEPS_TO_DIGITS.toLocaleString('en-US')} steps `
    + `after which the default U-Net makes recognisable digits would take about ${durationText(msPerStep * STEPS_TO_DIGITS)}.`;
}
