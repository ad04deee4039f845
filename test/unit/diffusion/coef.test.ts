import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeSchedule } from '../../../src/diffusion/schedule';
import { alphaBarCoefTensor, coefTensor } from '../../../src/diffusion/coef';

const s = makeSchedule({ kind: 'linear', T: 1000 });

describe('coefTensor', () => {
  it('gathers values[t − 1] per example into [B, 1, 1, 1]', () => {
    const c = coefTensor(s.betas, [1, 250, 1000], 3, 4);
    expect(c.shape).toEqual([3, 1, 1, 1]);
    expect(Array.from(c.dataSync())).toEqual([s.betas[0], s.betas[249], s.betas[999]]);
    c.dispose();
  });

  it('repeats one t over the batch, shape [B, 1] for rank 2, and broadcasts against [B, 784]', () => {
    const c = coefTensor(s.sqrtAlphaBars, 250, 2, 2);
    expect(c.shape).toEqual([2, 1]);
    const x = tf.ones([2, 784]);
    const y = tf.mul(c, x);
    expect(y.shape).toEqual([2, 784]);
    expect(y.dataSync()[783 + 784]).toBe(s.sqrtAlphaBars[249]);
    tf.dispose([c, x, y]);
  });

  it('rejects t out of [1, T], non-integer t and a wrong count', () => {
    expect(() => coefTensor(s.betas, 0, 2, 2)).toThrow(RangeError);
    expect(() => coefTensor(s.betas, 1001, 2, 2)).toThrow(/got 1001/);
    expect(() => coefTensor(s.betas, 2.5, 2, 2)).toThrow(RangeError);
    expect(() => coefTensor(s.betas, [1, 2], 3, 2)).toThrow(RangeError);
  });
});

describe('alphaBarCoefTensor', () => {
  it('gives ᾱ_0 = 1 at t = 0 and f(ᾱ_t) otherwise', () => {
    const c = alphaBarCoefTensor(s, [0, 250], 2, 2, Math.sqrt);
    expect(Array.from(c.dataSync())).toEqual([1, Math.fround(Math.sqrt(s.alphaBars[249]))]);
    c.dispose();
    expect(() => alphaBarCoefTensor(s, -1, 1, 2)).toThrow(RangeError);
  });
});
