/**
 * The backend's practical peak: GFLOP/s of a large square matrix product, the kernel every backend
 * optimises best. Training's utilisation is measured against it, in the same run.
 */
import * as tf from '@tensorflow/tfjs';
import { summarize, type Stats } from './stats';

export interface MatmulPeak {
  size: number;
  gflops: number;
  ms: Stats;
}

/** N×N by N×N, `repeats` products per timed sample (one read-back at the end), 2N³ FLOPs each. */
export async function matmulPeak(size: number, samples: number, repeats: number): Promise<MatmulPeak> {
  const a = tf.randomUniform([size, size], -1, 1, 'float32', 1);
  const b = tf.randomUniform([size, size], -1, 1, 'float32', 2);
  const run = async () => {
    const sums = [];
    for (let r = 0; r < repeats; r++) sums.push(tf.tidy(() => tf.sum(tf.matMul(a, b))));
    const all = tf.stack(sums);
    tf.dispose(sums);
    await all.data();
    all.dispose();
  };
  try {
    await run(); // compile
    const times: number[] = [];
    for (let s = 0; s < samples; s++) {
      const started = performance.now();
      await run();
      times.push((performance.now() - started) / repeats);
    }
    const ms = summarize(times)!;
    return { size, gflops: (2 * size ** 3) / (ms.median * 1e6), ms };
  } finally {
    tf.dispose([a, b]);
  }
}
