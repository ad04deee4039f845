/**
 * GroupNorm and its gradient as plain loops over NHWC arrays, for backends whose element-wise ops are
 * one pass each (tfjs's WebAssembly backend runs a broadcasting Sub or Mul of a U-Net activation at
 * about 5 ns per element, and the op-by-op GroupNorm takes ten of them each way). Here the forward pass
 * reads x three times and writes y once; the backward pass reads dy and x twice and writes dx once.
 * Each group's channels are consecutive, so the loops run pixel by pixel, group by group, over a
 * group's channels, summing in locals. The formulas are those of groupNorm.ts.
 */

/** An NHWC tensor seen as [batch, pixels, channels], with `groups` groups of consecutive channels. */
export interface GroupNormDims {
  batch: number;
  pixels: number;
  channels: number;
  groups: number;
}

/**
 * Forward: for each example b and group g, μ and σ² over its pixels and channels (two passes, so σ² is
 * not a difference of large numbers), r = 1/√(σ² + ε), x̂ = (x − μ) r and y = γ_c x̂ + β_c.
 * Writes y [B·P·C] and stats [B·G·2], the pairs (μ, r) that the backward pass needs with x.
 */
export function groupNormForward(
  x: Float32Array, gamma: Float32Array, beta: Float32Array, dims: GroupNormDims, epsilon: number,
  y: Float32Array, stats: Float32Array,
): void {
  const { batch, pixels, channels, groups } = dims;
  const width = channels / groups;
  const count = pixels * width;
  const sums = new Float64Array(groups);
  // per-channel coefficients in double precision, so that x·scale + offset does not cancel when |μ| ≫ σ
  const scale = new Float64Array(channels); // γ_c r
  const offset = new Float64Array(channels); // β_c − γ_c r μ
  for (let b = 0; b < batch; b++) {
    const start = b * pixels * channels;
    // 1. means
    sums.fill(0);
    for (let p = 0, i = start; p < pixels; p++) {
      for (let g = 0; g < groups; g++) {
        let s = 0;
        for (let j = 0; j < width; j++) s += x[i++];
        sums[g] += s;
      }
    }
    for (let g = 0; g < groups; g++) stats[2 * (b * groups + g)] = sums[g] / count;
    // 2. variances about the means
    sums.fill(0);
    for (let p = 0, i = start; p < pixels; p++) {
      for (let g = 0; g < groups; g++) {
        const mu = stats[2 * (b * groups + g)];
        let s = 0;
        for (let j = 0; j < width; j++) {
          const d = x[i++] - mu;
          s += d * d;
        }
        sums[g] += s;
      }
    }
    for (let g = 0; g < groups; g++) {
      const k = 2 * (b * groups + g);
      stats[k + 1] = 1 / Math.sqrt(sums[g] / count + epsilon);
      for (let j = 0, c = g * width; j < width; j++, c++) {
        scale[c] = gamma[c] * stats[k + 1];
        offset[c] = beta[c] - scale[c] * stats[k];
      }
    }
    // 3. y = γ (x − μ) r + β
    for (let p = 0, i = start; p < pixels; p++) {
      for (let c = 0; c < channels; c++, i++) y[i] = x[i] * scale[c] + offset[c];
    }
  }
}

/**
 * Backward, with x̂ = (x − μ) r and g = γ ∂L/∂y over the set S of one example's group:
 * ∂L/∂x = r (g − mean_S g − x̂ mean_S(g x̂)), ∂L/∂γ_c = Σ_{b,p} ∂L/∂y x̂, ∂L/∂β_c = Σ_{b,p} ∂L/∂y.
 * Writes dx [B·P·C], dGamma and dBeta [C].
 */
export function groupNormBackward(
  dy: Float32Array, x: Float32Array, stats: Float32Array, gamma: Float32Array, dims: GroupNormDims,
  dx: Float32Array, dGamma: Float32Array, dBeta: Float32Array,
): void {
  const { batch, pixels, channels, groups } = dims;
  const width = channels / groups;
  const count = pixels * width;
  // per channel over one example: Σ dy and Σ dy x (x̂ is affine in x within a group)
  const sumDy = new Float64Array(channels);
  const sumDyX = new Float64Array(channels);
  const accGamma = new Float64Array(channels);
  const accBeta = new Float64Array(channels);
  // dx = a_c dy + b_c x + c_c, in double precision (see the forward pass)
  const a = new Float64Array(channels);
  const bx = new Float64Array(channels);
  const c0 = new Float64Array(channels);
  for (let b = 0; b < batch; b++) {
    const start = b * pixels * channels;
    sumDy.fill(0);
    sumDyX.fill(0);
    for (let p = 0, i = start; p < pixels; p++) {
      for (let c = 0; c < channels; c++, i++) {
        const d = dy[i];
        sumDy[c] += d;
        sumDyX[c] += d * x[i];
      }
    }
    for (let g = 0; g < groups; g++) {
      const k = 2 * (b * groups + g);
      const mu = stats[k];
      const r = stats[k + 1];
      // mean_S g and mean_S(g x̂), from the per-channel sums
      let meanG = 0;
      let meanGx = 0;
      for (let j = 0, c = g * width; j < width; j++, c++) {
        const dyxHat = r * (sumDyX[c] - mu * sumDy[c]); // Σ_p dy x̂ for channel c
        accGamma[c] += dyxHat;
        accBeta[c] += sumDy[c];
        meanG += gamma[c] * sumDy[c];
        meanGx += gamma[c] * dyxHat;
      }
      meanG /= count;
      meanGx /= count;
      // r (γ dy − meanG − (x − μ) r meanGx) = (rγ) dy − (r² meanGx) x + r (μ r meanGx − meanG)
      for (let j = 0, c = g * width; j < width; j++, c++) {
        a[c] = r * gamma[c];
        bx[c] = -r * r * meanGx;
        c0[c] = r * (mu * r * meanGx - meanG);
      }
    }
    for (let p = 0, i = start; p < pixels; p++) {
      for (let c = 0; c < channels; c++, i++) dx[i] = a[c] * dy[i] + bx[c] * x[i] + c0[c];
    }
  }
  for (let c = 0; c < channels; c++) {
    dGamma[c] = accGamma[c];
    dBeta[c] = accBeta[c];
  }
}
