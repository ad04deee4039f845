/** The compute backend of the command-line tools: tfjs's WebAssembly backend (XNNPACK, SIMD), or its plain CPU one. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '../engine/wasmKernels';
import { CliError } from './modelFiles';

export const CLI_BACKENDS = ['wasm', 'cpu'] as const;
export type CliBackend = (typeof CLI_BACKENDS)[number];

export async function startBackend(name: CliBackend): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (err) {
    throw new CliError(`the ${name} backend could not start: ${(err as Error).message}`);
  }
  if (!ok || tf.getBackend() !== name) throw new CliError(`the ${name} backend could not start`);
}
