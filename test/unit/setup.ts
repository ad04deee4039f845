import * as tf from '@tensorflow/tfjs';

// Every unit test runs on the deterministic CPU backend; the browser tests cover WebGPU.
await tf.setBackend('cpu');
await tf.ready();
