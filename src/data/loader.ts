import { decodeDigitSet, DatasetFormatError, type DigitSet } from './format';

export interface LoadProgress {
  loaded: number;
  /** total bytes when the server says (Content-Length), else null */
  total: number | null;
}

/** The asset's URL relative to the page, so the build works from any sub-path. */
export const DATASET_URL = 'data/mnist-10k.bin';

/**
 * Fetch the MNIST asset, streaming so that a progress bar can move, then validate it.
 * Rejects with a DatasetFormatError (bad file) or an Error naming the HTTP status / network failure.
 */
export async function loadDigitSet(
  url: string = DATASET_URL,
  onProgress?: (p: LoadProgress) => void,
  signal?: AbortSignal,
): Promise<DigitSet> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (err) {
    throw new Error(`Could not download the dataset (${url}): ${(err as Error).message}`, { cause: err });
  }
  if (!response.ok) {
    throw new Error(`Could not download the dataset (${url}): HTTP ${response.status} ${response.statusText}`.trim());
  }
  const header = response.headers.get('content-length');
  const total = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  // Compressed transfers report the compressed length; progress then uses it only as a hint.
  const bytes = await readAll(response, (loaded) => onProgress?.({ loaded, total }));
  onProgress?.({ loaded: bytes.byteLength, total: bytes.byteLength });
  return decodeDigitSet(bytes);
}

async function readAll(response: Response, onChunk: (loaded: number) => void): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onChunk(loaded);
  }
  const out = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

export { DatasetFormatError };
