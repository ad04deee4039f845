/**
 * A convolution whose gradients are themselves computed as forward convolutions, for the CPU and
 * WebAssembly backends. The forward Conv2D kernel is the one both make fast (a tight loop over
 * contiguous channels on the CPU; XNNPACK on WebAssembly), while their gradient kernels are not:
 * tfjs's CPU Conv2DBackpropFilter reads every element through TensorBuffer.get (17 of 19 seconds of a
 * tiny U-Net's training step), the WebAssembly backend has no Conv2DBackpropFilter at all, and its
 * Conv2DBackpropInput is a plain loop, about 8× slower than a forward convolution of the same size.
 * Dense layers likewise: the WebAssembly backend's matMul with a transposed operand runs at a tenth of
 * the plain one's speed, so their gradients transpose first and multiply plainly.
 * GPU backends keep the native fused layers and their native gradients.
 */
import * as tf from '@tensorflow/tfjs';

/** 'same' padding of TensorFlow: total = max((out − 1)·s + k − in, 0), the smaller half first. */
export function samePadding(size: number, k: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + k - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * ∂L/∂W of y = conv2d(x, W, stride, 'same'), W [k, k, C, O]:
 * ∂L/∂W[i, j, c, o] = Σ_{b, r, q} x_pad[b, s·r + i, s·q + j, c] · dy[b, r, q, o].
 * That is a 'valid' convolution of x_pad viewed as [C, H, W, B] (channels as the batch) with dy viewed
 * as a filter [H', W', B, O] dilated by the stride; its [C, k, k, O] result is transposed to [k, k, C, O].
 */
export function conv2dFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, stride: 1 | 2): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = x.shape;
    const padded = tf.pad(x, [[0, 0], samePadding(height, k, stride), samePadding(width, k, stride), [0, 0]]);
    const input = tf.transpose(padded, [3, 1, 2, 0]);
    const filter = tf.transpose(dy, [1, 2, 0, 3]);
    const result = tf.conv2d(input, filter, 1, 'valid', 'NHWC', stride);
    return tf.transpose(result, [1, 2, 0, 3]);
  });
}

/**
 * ∂L/∂x of y = conv2d(x, W, stride, 'same') for x of spatial size [height, width], W [k, k, C, O]:
 * with pads (p₀, p₁) and dy dilated by the stride (D[s·r] = dy[r], zeros between),
 * ∂L/∂x[i] = Σ_u D[i + p₀ − u] · W[u], a 'valid' correlation of D, padded by k − 1 − p₀ before, with
 * the filter flipped in space and transposed to [k, k, O, C].
 */
export function conv2dInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, height: number, width: number, stride: 1 | 2): tf.Tensor4D {
  return tf.tidy(() => {
    const k = filter.shape[0];
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    const dilated = stride === 1 ? dy : dilate2(dy);
    const pads = ([height, width] as const).map((size, axis) => {
      const [before] = samePadding(size, k, stride);
      const after = size + before - dilated.shape[axis + 1];
      return [k - 1 - before, after] as [number, number];
    });
    // a trailing pad below zero means the dilated map is longer than needed: crop it
    const cropped = tf.slice(dilated, [0, 0, 0, 0], [-1, dilated.shape[1] + Math.min(pads[0][1], 0), dilated.shape[2] + Math.min(pads[1][1], 0), -1]);
    const padded = tf.pad(cropped, [[0, 0], [pads[0][0], Math.max(pads[0][1], 0)], [pads[1][0], Math.max(pads[1][1], 0)], [0, 0]]);
    return tf.conv2d(padded as tf.Tensor4D, flipped, 1, 'valid');
  });
}

/** [B, H, W, C] → [B, 2H, 2W, C] with the values at even positions and zeros between. */
function dilate2(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const zeros = tf.zerosLike(x);
  const rows = tf.reshape(tf.stack([x, zeros], 2), [b, 2 * h, w, c]);
  return tf.reshape(tf.stack([rows, tf.zerosLike(rows)], 3), [b, 2 * h, 2 * w, c]) as tf.Tensor4D;
}

type ConvFn = (x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D) => tf.Tensor4D;

/** conv2d(x, W, stride, 'same') + b with gradients: ∂x and ∂W as above, ∂b = Σ dy. */
function makeConv(stride: 1 | 2): ConvFn {
  const f = (...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, filter, bias, save] = inputs as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    save([x, filter]);
    return {
      value: tf.add(tf.conv2d(x, filter, stride, 'same'), bias) as tf.Tensor4D,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]): tf.Tensor[] => {
        const [xs, filterSaved] = saved as [tf.Tensor4D, tf.Tensor4D];
        return [
          conv2dInputGradient(dy, filterSaved, xs.shape[1], xs.shape[2], stride),
          conv2dFilterGradient(xs, dy, filterSaved.shape[0], stride),
          tf.sum(dy, [0, 1, 2]),
        ];
      },
    };
  };
  const conv = tf.customGrad<tf.Tensor4D>(f);
  return (x, filter, bias) => conv(x, filter, bias);
}

const convByStride: Record<1 | 2, ConvFn> = { 1: makeConv(1), 2: makeConv(2) };

/** y = conv2d(x, filter, stride, 'same') + bias with gradients by forward convolutions. */
export function conv2dCpu(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor, stride: 1 | 2): tf.Tensor4D {
  return convByStride[stride](x, filter, bias as tf.Tensor1D);
}

/** y = x W + b, x [B, in], W [in, out], with ∂x = dy · transpose(W), ∂W = transpose(x) · dy, ∂b = Σ_B dy. */
const denseWithGrad = tf.customGrad<tf.Tensor2D>((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, kernel, bias, save] = inputs as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
  save([x, kernel]);
  return {
    value: tf.add(tf.matMul(x, kernel), bias) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xs, kernelSaved] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy, tf.transpose(kernelSaved)), tf.matMul(tf.transpose(xs), dy), tf.sum(dy, 0)];
    },
  };
});

/** y = x · kernel + bias with the gradients above. */
export function denseCpu(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D {
  return denseWithGrad(x, kernel, bias as tf.Tensor1D);
}
