import { describe, expect, it } from 'vitest';
import type { SampleFrame } from '../../../src/engine/protocol';
import { chainTimesteps, plannedNfe } from '../../../src/diffusion/reverseSteps';
import {
  EPS_RANGE, IMAGE_RANGE, PIXELS, codeStep, dequantise, halfStep, noiseRange, partRange, quantise, toDisplay, type StepValues,
} from '../../../src/diffusion/stepCodes';
import {
  TRAJECTORY_BUDGET_BYTES, TrajectoryStore, bytesPerStep, chooseStride, estimateBytes, keptSteps,
} from '../../../src/ui/panels/sampling/trajectory';

/** Deterministic values spread over [lo, hi] (an LCG). */
function spread(n: number, lo: number, hi: number, seed = 7): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (s / 2 ** 32) * (hi - lo);
  }
  return out;
}

/** A frame (coded as the worker codes it) whose every value encodes (step, part, chain), with its values. */
function frame(n: number, tFrom: number, t: number, step: number, sigma = 0.1): SampleFrame & { values: StepValues } {
  const fill = (v: number) => new Float32Array(n * PIXELS).fill(v);
  const x = new Float32Array(n * PIXELS);
  for (let c = 0; c < n; c++) x.fill(-1 + (2 * ((step * 7 + c) % 50)) / 49, c * PIXELS, (c + 1) * PIXELS);
  const values = { eps: fill(0.01 * step), x0Hat: fill(-0.5), mean: fill(0.25), noise: fill(sigma > 0 ? sigma : 0), x };
  return { step, tFrom, t, parts: codeStep(values, sigma), values, coef: { recipSqrtAlpha: 1.01, epsCoef: 0.02, sigma }, ms: 5 };
}

describe('quantisation', () => {
  it('round-trips every part within half a quantisation step', () => {
    for (const r of [IMAGE_RANGE, EPS_RANGE, noiseRange(0.1414), noiseRange(0.01)]) {
      const v = spread(5000, r.lo, r.hi);
      const back = dequantise(quantise(v, r), r);
      let worst = 0;
      for (let i = 0; i < v.length; i++) worst = Math.max(worst, Math.abs(back[i] - v[i]));
      expect(worst).toBeLessThanOrEqual(halfStep(r) * (1 + 1e-5));
      expect(worst).toBeGreaterThan(halfStep(r) * 0.9); // the bound is tight: we did measure something
    }
  });

  it('maps the ends to 0 and 255 and clamps values outside', () => {
    const q = quantise(Float32Array.from([-1, 1, -5, 7, 0, Number.NaN]), IMAGE_RANGE);
    expect(Array.from(q)).toEqual([0, 255, 0, 255, 128, 128]);
  });

  it('shows each part from black (its lo) to white (its hi)', () => {
    const d = toDisplay(quantise(Float32Array.from([-3, 0, 3]), EPS_RANGE));
    expect(d[0]).toBe(-1);
    expect(d[2]).toBe(1);
    expect(Math.abs(d[1])).toBeLessThan(0.01);
  });

  it('gives σz a range of ±3σ, and [−1, 1] when there is no noise', () => {
    expect(partRange('noise', 0.1)).toEqual({ lo: -0.30000000000000004, hi: 0.30000000000000004 });
    expect(partRange('noise', 0)).toEqual(IMAGE_RANGE);
    expect(partRange('eps', 0.1)).toEqual(EPS_RANGE);
    expect(partRange('x0Hat', 0.1)).toEqual(IMAGE_RANGE);
  });
});

describe('TrajectoryStore', () => {
  const n = 3;
  const ts = [5, 4, 3, 2, 1, 0];

  it('starts at x_T and appends one position per step', () => {
    const start = spread(n * PIXELS, -1, 1);
    const store = new TrajectoryStore(start, n, ts);
    expect(store.length).toBe(1);
    expect(store.tAt(0)).toBe(5);
    expect(store.stepAt(0)).toBeNull();
    expect(store.partCodes(0, 1, 'eps')).toBeNull();
    const back = toDisplay(store.xCodes(0, 2));
    for (let i = 0; i < PIXELS; i++) expect(Math.abs(back[i] - start[2 * PIXELS + i])).toBeLessThanOrEqual(halfStep(IMAGE_RANGE) + 1e-6);

    store.append(frame(n, 5, 4, 1));
    store.append(frame(n, 4, 3, 2));
    expect(store.length).toBe(3);
    expect(store.positionTs()).toEqual([5, 4, 3]);
    expect(store.stepAt(2)?.tFrom).toBe(4);
    expect(store.stepAt(2)?.t).toBe(3);
    expect(store.stepsDone).toBe(2);
    expect(store.workerMs).toBe(10);
    expect(store.done).toBe(false);
  });

  it('reads back the right frame, chain and part', () => {
    const store = new TrajectoryStore(new Float32Array(n * PIXELS), n, ts);
    const frames = [frame(n, 5, 4, 1), frame(n, 4, 3, 2), frame(n, 3, 2, 3)];
    for (const f of frames) store.append(f);
    for (let p = 1; p <= 3; p++) {
      for (let c = 0; c < n; c++) {
        const want = frames[p - 1].values.x[c * PIXELS];
        expect(dequantise(store.xCodes(p, c), IMAGE_RANGE)[0]).toBeCloseTo(want, 2);
        expect(dequantise(store.partCodes(p, c, 'eps')!, EPS_RANGE)[100]).toBeCloseTo(0.01 * p, 1);
        // the step's input is the x of the position before
        expect(store.xFromCodes(p, c)).toEqual(store.xCodes(p - 1, c));
      }
    }
    expect(dequantise(store.partCodes(3, 0, 'noise')!, noiseRange(0.1))[0]).toBeCloseTo(0.1, 2);
    expect(() => store.xCodes(1, n)).toThrow(RangeError);
    expect(store.clampPosition(99)).toBe(3);
    expect(store.clampPosition(-4)).toBe(0);
    expect(store.stepIndexAt(2)).toBe(2);
    expect(store.positionOfStep(2)).toBe(2);
    expect(store.positionOfStep(40)).toBe(3);
    expect(store.positionOfStep(0)).toBe(0);
  });

  it('is done once it reaches t = 0, and counts its bytes', () => {
    const store = new TrajectoryStore(new Float32Array(n * PIXELS), n, ts);
    for (let k = 1; k <= 5; k++) store.append(frame(n, 6 - k, 5 - k, k, k === 5 ? 0 : 0.1));
    expect(store.done).toBe(true);
    expect(store.tAt(store.length - 1)).toBe(0);
    expect(store.bytes()).toBe(n * PIXELS + 5 * bytesPerStep(n, 1));
    expect(store.bytes()).toBeLessThanOrEqual(estimateBytes(5, n, 1));
  });

  it('rejects frames of the wrong size', () => {
    const store = new TrajectoryStore(new Float32Array(n * PIXELS), n, ts);
    expect(() => store.append(frame(2, 5, 4, 1))).toThrow(RangeError);
    expect(() => new TrajectoryStore(new Float32Array(10), n, ts)).toThrow(RangeError);
  });

  it('thins a run that would not fit: every stride-th step, the newest and the last, each with its input', () => {
    const T = 20;
    const longTs = Array.from({ length: T + 1 }, (_, i) => T - i);
    // a budget that holds about 8 steps of 1 chain
    const budget = PIXELS + 8 * bytesPerStep(1, 2);
    const store = new TrajectoryStore(new Float32Array(PIXELS), 1, longTs, budget);
    expect(store.stride).toBeGreaterThan(1);
    const s = store.stride;
    for (let k = 1; k <= T; k++) {
      store.append(frame(1, T - k + 1, T - k, k));
      // the newest step is always shown
      expect(store.tAt(store.length - 1)).toBe(T - k);
      const newest = store.length - 1;
      // its input is x after step k − 1 (the start for k = 1)
      const want = k === 1 ? store.xCodes(0, 0) : null;
      if (want) expect(store.xFromCodes(newest, 0)).toEqual(want);
    }
    // the slider's step index maps to the newest kept position at or before it
    for (let k = 0; k <= T; k++) {
      const p = store.positionOfStep(k);
      expect(store.stepIndexAt(p)).toBeLessThanOrEqual(k);
      if (p + 1 < store.length) expect(store.stepIndexAt(p + 1)).toBeGreaterThan(k);
    }
    const kept = store.positionTs();
    expect(kept[0]).toBe(T);
    expect(kept[kept.length - 1]).toBe(0);
    for (const t of kept.slice(1, -1)) expect((T - t) % s).toBe(0);
    expect(store.bytes()).toBeLessThanOrEqual(budget);
  });

  it('gives a thinned step its own input x_tFrom', () => {
    const longTs = [6, 5, 4, 3, 2, 1, 0];
    const store = new TrajectoryStore(new Float32Array(PIXELS), 1, longTs, PIXELS + 3 * bytesPerStep(1, 2));
    expect(store.stride).toBe(3);
    const frames = longTs.slice(1).map((t, i) => frame(1, t + 1, t, i + 1));
    for (const f of frames.slice(0, 3)) store.append(f);
    // steps 1 and 2 were off-stride: step 3 is stored with x after step 2 as its input
    expect(store.positionTs()).toEqual([6, 3]);
    expect(dequantise(store.xFromCodes(1, 0)!, IMAGE_RANGE)[0]).toBeCloseTo(frames[1].values.x[0], 2);
  });
});

describe('memory', () => {
  it('keeps a 1000-step DDPM run of 16 chains at full resolution under 60 MiB', () => {
    expect(chooseStride(1000, 16)).toBe(1);
    const bytes = estimateBytes(1000, 16, 1);
    expect(bytes).toBe(16 * 784 + 1000 * 5 * 16 * 784); // 62.7 MB
    expect(bytes).toBeLessThan(60 * 1024 * 1024);
    expect(bytes).toBeLessThan(TRAJECTORY_BUDGET_BYTES);
  });

  it('thins longer runs (T = 4000) to stay within the budget', () => {
    const stride = chooseStride(4000, 16);
    expect(stride).toBeGreaterThan(1);
    expect(estimateBytes(4000, 16, stride)).toBeLessThanOrEqual(TRAJECTORY_BUDGET_BYTES);
    expect(estimateBytes(4000, 16, stride - 1)).toBeGreaterThan(TRAJECTORY_BUDGET_BYTES);
  });

  it('counts kept steps', () => {
    expect(keptSteps(0, 1)).toBe(0);
    expect(keptSteps(10, 1)).toBe(10);
    expect(keptSteps(10, 3)).toBe(3 + 1 + 1);
    expect(keptSteps(9, 3)).toBe(3 + 1);
  });
});

describe('plannedNfe', () => {
  it('is T for DDPM and the step count for DDIM', () => {
    expect(plannedNfe({ kind: 'ddpm', sigma: 'beta' }, 1000)).toBe(1000);
    expect(plannedNfe({ kind: 'ddim', eta: 0, steps: 50 }, 1000)).toBe(50);
    expect(plannedNfe({ kind: 'ddim', eta: 0, steps: 5000 }, 1000)).toBe(1000);
  });

  it('is the number of steps the chain takes (one fewer than the timesteps it visits)', () => {
    for (const sampler of [{ kind: 'ddpm', sigma: 'beta' }, { kind: 'ddim', eta: 0, steps: 7 }, { kind: 'ddim', eta: 1, steps: 0.4 }, { kind: 'ddim', eta: 0, steps: 99 }] as const) {
      for (const start of [1, 13, 50]) expect(plannedNfe(sampler, start)).toBe(chainTimesteps(start, sampler).length - 1);
    }
  });
});
