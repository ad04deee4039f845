/** Four 28×28 test images in [−1, 1] (background −1, strokes +1), drawn with simple geometry. */
import * as tf from '@tensorflow/tfjs';

function draw(inside: (r: number, c: number) => boolean): number[] {
  const out: number[] = [];
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) out.push(inside(r, c) ? 1 : -1);
  return out;
}

/** A "0" (ring), a "1" (bar), a "7" and a "+" as a [4, 28, 28, 1] batch. */
export function makeDigits(): tf.Tensor4D {
  const ring = draw((r, c) => {
    const d = Math.hypot((r - 13.5) / 1.3, c - 13.5);
    return d > 6 && d < 9;
  });
  const bar = draw((r, c) => r > 4 && r < 24 && c > 12 && c < 16);
  const seven = draw((r, c) => (r > 4 && r < 8 && c > 7 && c < 21) || (r >= 8 && r < 24 && Math.abs(c - (20 - (r - 8) * 0.5)) < 1.8));
  const plus = draw((r, c) => (Math.abs(r - 14) < 2 && c > 6 && c < 22) || (Math.abs(c - 14) < 2 && r > 6 && r < 22));
  return tf.tensor4d([...ring, ...bar, ...seven, ...plus], [4, 28, 28, 1]);
}
