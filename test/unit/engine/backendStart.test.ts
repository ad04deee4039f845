import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKEND_START_TIMEOUT_MS, chooseBackend, setBackendStartTimeout } from '../../../src/engine/backend';

// A backend whose start never finishes (a binary that never arrives, a driver that never answers).
const HANGING = () => new Promise<never>(() => {});

describe('a backend that does not start in time', () => {
  const saved = tf.findBackendFactory('wasm');
  afterEach(async () => {
    setBackendStartTimeout();
    if (tf.findBackendFactory('wasm') !== saved) {
      if (tf.findBackendFactory('wasm')) tf.removeBackend('wasm');
      tf.registerBackend('wasm', saved!, 2);
    }
    await tf.setBackend('cpu');
  });

  it('is passed over with its reason, and the next one starts', async () => {
    expect(BACKEND_START_TIMEOUT_MS).toBe(60_000);
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', HANGING, 2);
    setBackendStartTimeout(50);
    // forced: WebAssembly, then the usual order (Node has no WebGPU and no WebGL), then the CPU backend
    const report = await chooseBackend('wasm');
    expect(report.name).toBe('cpu');
    expect(report.fallbacks.find((f) => f.name === 'wasm')?.reason).toBe('it did not start within 0.05 s');
    // tfjs is not left waiting for the start that never finished
    await tf.ready();
    expect(tf.getBackend()).toBe('cpu');
    const sum = tf.add(tf.scalar(1), tf.scalar(2));
    expect(await sum.data()).toEqual(new Float32Array([3]));
    sum.dispose();
  });
});
