/**
 * The words of the training pace: how long a step takes here, when the next preview comes, and, on a
 * slow device, what training to digits would cost (pure, so the unit tests check them).
 */

/** A step slower than this gets the notice that offers the pretrained or a smaller model. */
export const SLOW_STEP_MS = 2_000;

/**
 * Training steps of the default U-Net after which most samples are confidently digits, as measured by the
 * reference (README, "How fast it learns").
 */
export const STEPS_TO_DIGITS = 4_000;

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
