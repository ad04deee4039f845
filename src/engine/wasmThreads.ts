/**
 * Lets tfjs's threaded WebAssembly build start its thread workers under the page's
 * Content-Security-Policy (workers and scripts from 'self' only). tfjs 4.22 hands Emscripten two
 * blobs: the thread worker's script, which it starts from a blob: URL, and the source text of its
 * own factory function (Function.toString, which a minified bundle breaks), which every thread
 * imports from another blob: URL. Here the first becomes a file of the app's own origin, written at
 * build time (vite.config.ts), and the second the factory's original file, served beside it. Both
 * are recognised by how their text starts; nothing else in the engine worker is touched.
 * The engine worker installs it before tfjs starts; it matters only on a cross-origin isolated page,
 * the only place where tfjs chooses its threaded build.
 */
import threadWorkerUrl from 'virtual:wasm-thread-worker';
import factoryUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
import { allowWasmThreads } from './backend';

/** The engine worker's global scope, as far as this file touches it. */
const scope = globalThis as unknown as { Blob: typeof Blob; Worker?: typeof Worker; location: { href: string } };

/** How the text of each blob that tfjs makes for its threads starts. */
const THREAD_WORKER_START = '"use strict";var Module={};';
const FACTORY_START = 'var WasmBackendModuleThreadedSimd = ';

type Kind = 'thread worker' | 'factory';

const kinds = new WeakMap<Blob, Kind>();

function kindOf(parts: readonly BlobPart[] | undefined): Kind | null {
  const first = parts?.[0];
  if (typeof first !== 'string') return null;
  if (first.startsWith(THREAD_WORKER_START)) return 'thread worker';
  if (first.startsWith(FACTORY_START)) return 'factory';
  return null;
}

/** The two files as absolute URLs (resolved against the engine worker's own). */
function threadFileUrls(): [string, string] {
  return [new URL(threadWorkerUrl, scope.location.href).href, new URL(factoryUrl, scope.location.href).href];
}

/**
 * Whether both files are served as scripts (status 200 and a JavaScript type), checked before the
 * threaded build is chosen: a thread whose script fails to load never reports back, and the backend
 * would wait for it for ever. Fetched once; the threads then load them from the cache.
 */
export async function wasmThreadFilesServed(fetchFile: typeof fetch = fetch, timeoutMs = 10_000): Promise<boolean> {
  const signal = AbortSignal.timeout(timeoutMs);
  const responses = await Promise.all(threadFileUrls().map((url) => fetchFile(url, { signal })));
  const served = responses.every((r) => r.ok && /javascript|ecmascript/i.test(r.headers.get('content-type') ?? ''));
  // the bodies are read only to fill the cache the threads load them from; a failed check drops them
  await Promise.all(responses.map((r) => (served ? r.arrayBuffer() : r.body?.cancel())));
  return served;
}

let installed = false;

/** Installs the three small interceptions, once, when the files exist (a build, not the dev server). */
export function serveWasmThreadsFromOrigin(): boolean {
  if (installed) return true;
  const NativeWorker = scope.Worker;
  if (!threadWorkerUrl || !NativeWorker) return false;
  installed = true;
  const [threadWorkerHref, factoryHref] = threadFileUrls();
  const NativeBlob = scope.Blob;
  // 1. remember which blobs are tfjs's thread worker and factory
  scope.Blob = class extends NativeBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      const kind = kindOf(parts);
      if (kind) kinds.set(this as Blob, kind);
    }
  };
  // 2. the thread worker starts from its file instead of a blob: URL
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob | MediaSource) =>
    obj instanceof NativeBlob && kinds.get(obj) === 'thread worker' ? threadWorkerHref : createObjectURL(obj);
  // 3. each thread imports the factory's file (a string URL) instead of its source text in a blob
  const postMessage = NativeWorker.prototype.postMessage;
  NativeWorker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
    const m = message as { cmd?: string; urlOrBlob?: unknown } | null;
    if (m && m.cmd === 'load' && m.urlOrBlob instanceof NativeBlob && kinds.get(m.urlOrBlob) === 'factory') {
      message = { ...m, urlOrBlob: factoryHref };
    }
    return (postMessage as (this: Worker, ...args: unknown[]) => void).call(this, message, ...rest);
  } as Worker['postMessage'];
  return true;
}

/**
 * Offers the threaded build to chooseBackend: installs the interceptions and lets it choose threads
 * once the files are found served (the engine worker, and the benchmark page when asked for threads).
 */
export function offerWasmThreads(): void {
  if (serveWasmThreadsFromOrigin()) allowWasmThreads(() => wasmThreadFilesServed());
}
