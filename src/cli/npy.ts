/**
 * NumPy's .npy format, version 1.0: the magic string, a little-endian header length, a Python dict
 * literal padded with spaces to a multiple of 64 bytes (ending in a newline), then the raw data.
 */
const MAGIC = Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00);

/** .npy bytes of a C-order float32 array of `shape`. */
export function encodeNpyFloat32(values: Float32Array, shape: number[]): Buffer {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) throw new RangeError(`shape [${shape.join(', ')}] holds ${count} values, got ${values.length}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = MAGIC.length + 2 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = Buffer.alloc(MAGIC.length + 2 + header.length + values.byteLength);
  out.set(MAGIC, 0);
  out.writeUInt16LE(header.length, MAGIC.length);
  out.write(header, MAGIC.length + 2, 'latin1');
  const data = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  // float32 little-endian on every platform Node runs on that matters here; swap on a big-endian one
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] === 1) data.copy(out, MAGIC.length + 2 + header.length);
  else for (let i = 0; i < values.length; i++) out.writeFloatLE(values[i], MAGIC.length + 2 + header.length + 4 * i);
  return out;
}
