// Types for the build script, so that unit tests can call its encoder with type checking.
export interface RawDigitSet {
  count: number;
  rows: number;
  cols: number;
  labels: Uint8Array;
  pixels: Uint8Array;
}
export function encodeDigitSet(set: RawDigitSet): Uint8Array;
export function readMnistPackage(): RawDigitSet;
export const OUTPUT: string;
