/**
 * The Fréchet distance between two sets of feature vectors, each taken as a Gaussian (the statistic of
 * FID, here on the digit classifier's 64 features): ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^{1/2}).
 * Pure arithmetic in float64 (no tfjs): the trace of (Σ₁Σ₂)^{1/2} is that of (Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2},
 * a symmetric matrix, so two symmetric eigendecompositions (Jacobi) give it, as in reference/evaluate.py.
 */

/** Mean [d] and covariance [d·d] (divisor n − 1) of n vectors of length d stored row by row. */
export function meanAndCovariance(x: ArrayLike<number>, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  if (n < 2) throw new RangeError(`a covariance needs at least 2 vectors, got ${n}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = x[i * d + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const ra = row[a];
      for (let b = a; b < d; b++) cov[a * d + b] += ra * row[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] /= n - 1;
      cov[b * d + a] = cov[a * d + b];
    }
  }
  return { mean, cov };
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric d×d matrix, by cyclic Jacobi rotations. */
export function symmetricEigen(m: ArrayLike<number>, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        // the rotation that zeroes a[p][q]: tan(2θ) = 2 a_pq / (a_qq − a_pp)
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i];
  return { values, vectors: v };
}

/** The symmetric square root of a symmetric positive semi-definite matrix (negative round-off clipped to 0). */
export function symmetricSqrt(m: ArrayLike<number>, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(m, d);
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const r = Math.sqrt(Math.max(0, values[k]));
    if (r === 0) continue;
    for (let i = 0; i < d; i++) {
      const vik = vectors[i * d + k] * r;
      for (let j = 0; j < d; j++) out[i * d + j] += vik * vectors[j * d + k];
    }
  }
  return out;
}

function multiply(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k];
      if (aik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j] += aik * b[k * d + j];
    }
  }
  return out;
}

/** Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂) in d dimensions. */
export function frechetDistance(
  g1: { mean: ArrayLike<number>; cov: ArrayLike<number> }, g2: { mean: ArrayLike<number>; cov: ArrayLike<number> }, d: number,
): number {
  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += (g1.mean[j] - g2.mean[j]) ** 2;
  let traces = 0;
  for (let j = 0; j < d; j++) traces += g1.cov[j * d + j] + g2.cov[j * d + j];
  const root1 = symmetricSqrt(g1.cov, d);
  const inner = multiply(multiply(root1, Float64Array.from(g2.cov), d), root1, d);
  // symmetrise against round-off before the eigendecomposition
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) inner[i * d + j] = inner[j * d + i] = (inner[i * d + j] + inner[j * d + i]) / 2;
  const { values } = symmetricEigen(inner, d);
  let cross = 0;
  for (const v of values) cross += Math.sqrt(Math.max(0, v));
  return meanTerm + traces - 2 * cross;
}
