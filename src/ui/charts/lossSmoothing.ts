/**
 * Smoothing of the training loss for its chart: the bias-corrected exponential moving average of the
 * per-step loss L_simple (eq. 14).
 *
 * Index convention: losses[i] is the loss of step s = i + 1.
 */

/** Default EMA factor: the weight of the previous average (about the last 50 steps count). */
export const DEFAULT_SMOOTHING = 0.98;

/**
 * The exponential moving average of the first `length` losses, bias-corrected as in Adam:
 *   m_i = α m_{i−1} + (1 − α) ℓ_i,   w_i = α w_{i−1} + (1 − α),   ema_i = m_i / w_i,   m_0 = w_0 = 0.
 * With every loss finite, w_i = 1 − α^i (Adam's correction), so ema_1 = ℓ_1 and the early average is
 * not pulled towards 0. Non-finite losses are skipped (m and w carry over); before the first finite
 * loss the average is NaN. α is clamped to [0, 1); α = 0 gives the losses themselves. Sums in float64.
 */
export function emaSeries(losses: ArrayLike<number>, length: number, alpha: number = DEFAULT_SMOOTHING): Float32Array {
  const n = Math.max(0, Math.min(Math.floor(length), losses.length));
  const a = Number.isFinite(alpha) ? Math.min(Math.max(alpha, 0), 0.999999) : DEFAULT_SMOOTHING;
  const out = new Float32Array(n);
  let m = 0;
  let w = 0;
  for (let i = 0; i < n; i++) {
    const v = losses[i];
    if (Number.isFinite(v)) {
      m = a * m + (1 - a) * v;
      w = a * w + (1 - a);
    }
    out[i] = w > 0 ? m / w : NaN;
  }
  return out;
}
