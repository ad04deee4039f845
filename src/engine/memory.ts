/** What the engine holds: live tensors and their bytes, on the GPU too when the backend says. */
import * as tf from '@tensorflow/tfjs';
import type { EngineMemory } from './protocol';

/** Bytes on the GPU when the backend says (tf.memory() carries numBytesInGPU for WebGL/WebGPU). */
export function gpuBytes(): number | null {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number; numBytesInGPUAllocated?: number };
  return typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null;
}

export function engineMemory(): EngineMemory {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes, gpuBytes: gpuBytes() };
}
