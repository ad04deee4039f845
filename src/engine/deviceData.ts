import * as tf from '@tensorflow/tfjs';

/** Digits kept out of training, for held-out estimates (the derivation panel) and previews. */
export const HELD_OUT = 1000;

/**
 * MNIST on the device: the whole training split lives in one tensor [N, 28, 28, 1] ∈ [−1, 1], so a
 * batch costs one gather of B indices instead of an upload of B·784 floats every step.
 */
export class DeviceData {
  readonly train: tf.Tensor4D;
  readonly heldOut: tf.Tensor4D;
  /** x_0 of the held-out digits on the CPU (for previews that show the clean digit) */
  readonly heldOutPixels: Uint8Array;
  /** labels of the training split (conditional models) and of the held-out digits (the guidance meter) */
  readonly trainLabels: Uint8Array;
  readonly heldOutLabels: Uint8Array;

  constructor(labels: Uint8Array, pixels: Uint8Array) {
    const count = labels.length;
    if (pixels.length !== count * 784) throw new RangeError(`expected ${count} × 784 pixels, got ${pixels.length}`);
    if (count <= HELD_OUT) throw new RangeError(`need more than ${HELD_OUT} digits, got ${count}`);
    const nTrain = count - HELD_OUT;
    // x_0 = 2 · p/255 − 1 (the data scaling of MATH.md), computed here and uploaded once as float32.
    // (Scaling on the device instead, from an int32 upload, was followed by NaN weights after the first
    // training step on the WebGPU backend of tfjs 4.22 in Chromium; the CPU and WebGL backends were fine.)
    const toX0 = (bytes: Uint8Array, n: number) => {
      const x = new Float32Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) x[i] = bytes[i] / 127.5 - 1;
      return tf.tensor4d(x, [n, 28, 28, 1]);
    };
    this.train = toX0(pixels.subarray(0, nTrain * 784), nTrain);
    this.trainLabels = labels.slice(0, nTrain);
    this.heldOutLabels = labels.slice(nTrain);
    this.heldOutPixels = pixels.slice(nTrain * 784);
    this.heldOut = toX0(this.heldOutPixels, HELD_OUT);
  }

  get trainCount(): number {
    return this.train.shape[0];
  }

  /** A batch of x_0 drawn uniformly with replacement from the training split, and their labels. */
  batch(size: number, rand: () => number): { x0: tf.Tensor4D; labels: Uint8Array } {
    const idx = new Int32Array(size);
    for (let i = 0; i < size; i++) idx[i] = Math.floor(rand() * this.trainCount);
    const x0 = tf.tidy(() => tf.gather(this.train, tf.tensor1d(idx, 'int32')));
    return { x0, labels: Uint8Array.from(idx, (i) => this.trainLabels[i]) };
  }

  /** Held-out digits [i0, i0 + n). */
  heldOutSlice(i0: number, n: number): tf.Tensor4D {
    return tf.slice(this.heldOut, [i0, 0, 0, 0], [n, 28, 28, 1]);
  }

  dispose(): void {
    this.train.dispose();
    this.heldOut.dispose();
  }
}
