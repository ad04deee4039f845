import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A stand-in for the engine worker's Worker: it records what is posted to it. */
class RecordingWorker {
  static posted: unknown[] = [];
  postMessage(message: unknown) {
    RecordingWorker.posted.push(message);
  }
}

const scope = globalThis as unknown as { Worker?: unknown; Blob: typeof Blob; location?: { href: string } };
const saved = { Worker: scope.Worker, Blob: scope.Blob, location: scope.location, createObjectURL: URL.createObjectURL };

describe('starting the WebAssembly backend’s threads from files of the app’s own origin', () => {
  beforeAll(() => {
    scope.Worker = RecordingWorker;
    scope.location = { href: 'https://example.org/explorable/assets/worker-abc.js' };
  });
  afterAll(() => {
    scope.Worker = saved.Worker;
    scope.Blob = saved.Blob;
    scope.location = saved.location;
    URL.createObjectURL = saved.createObjectURL;
  });

  it('maps tfjs’s two blobs to the build’s files and leaves every other blob alone', async () => {
    const { serveWasmThreadsFromOrigin } = await import('../../../src/engine/wasmThreads');
    expect(serveWasmThreadsFromOrigin()).toBe(true);
    // the texts tfjs 4.22 puts in its blobs, from the installed package
    const require = createRequire(import.meta.url);
    const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as { wasmWorkerContents: string };
    const factory = readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8');
    const threadWorker = new Blob([wasmWorkerContents.replace(/\n/g, '\\n')], { type: 'application/javascript' });
    const factoryBlob = new Blob([`var WasmBackendModuleThreadedSimd = ${factory.slice(0, 200)}`], { type: 'text/javascript' });
    const other = new Blob(['self.onmessage = () => {};'], { type: 'text/javascript' });
    expect(threadWorker).toBeInstanceOf(saved.Blob);

    // 1. the thread worker's blob URL is the build's file, resolved against the worker's own URL
    expect(URL.createObjectURL(threadWorker)).toBe('https://example.org/explorable/assets/wasm-thread-worker-test.js');
    expect(URL.createObjectURL(other)).toMatch(/^blob:/);

    // 2. a thread's 'load' message names the factory's file instead of carrying its text
    const worker = new RecordingWorker() as unknown as Worker;
    const memory = { shared: true };
    worker.postMessage({ cmd: 'load', urlOrBlob: factoryBlob, wasmMemory: memory });
    const [load] = RecordingWorker.posted as Array<{ cmd: string; urlOrBlob: unknown; wasmMemory: unknown }>;
    expect(load.cmd).toBe('load');
    expect(load.urlOrBlob).toMatch(/^https:\/\/example\.org\/.*tfjs-backend-wasm-threaded-simd.*\.js$/);
    expect(load.wasmMemory).toBe(memory);
    // anything else is posted as it is
    worker.postMessage({ cmd: 'load', urlOrBlob: other });
    worker.postMessage({ cmd: 'run', urlOrBlob: factoryBlob });
    expect((RecordingWorker.posted[1] as { urlOrBlob: unknown }).urlOrBlob).toBe(other);
    expect((RecordingWorker.posted[2] as { urlOrBlob: unknown }).urlOrBlob).toBe(factoryBlob);
  });

  it('threads are chosen only when both files are served as scripts (a thread that cannot load would hang the backend)', async () => {
    const { wasmThreadFilesServed, serveWasmThreadsFromOrigin } = await import('../../../src/engine/wasmThreads');
    const asked: string[] = [];
    const serving = (status: number, type: string) =>
      (async (url: string | URL | Request) => {
        asked.push(String(url));
        return new Response('self.onmessage = null;', { status, headers: { 'content-type': type } });
      }) as typeof fetch;
    expect(await wasmThreadFilesServed(serving(200, 'text/javascript; charset=utf-8'))).toBe(true);
    expect(asked.map((u) => u.split('/').pop())).toEqual(['wasm-thread-worker-test.js', expect.stringMatching(/tfjs-backend-wasm-threaded-simd.*\.js$/)]);
    expect(await wasmThreadFilesServed(serving(200, 'application/javascript'))).toBe(true);
    expect(await wasmThreadFilesServed(serving(404, 'text/javascript'))).toBe(false);
    expect(await wasmThreadFilesServed(serving(200, 'text/html'))).toBe(false);
    // installing again changes nothing (the interceptions are not stacked)
    const before = URL.createObjectURL;
    expect(serveWasmThreadsFromOrigin()).toBe(true);
    expect(URL.createObjectURL).toBe(before);
  });

  it('the factory file defines the global that each thread calls once it has imported it', () => {
    const require = createRequire(import.meta.url);
    const factory = readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8');
    expect(factory.trimStart().startsWith('var WasmBackendModuleThreadedSimd = ')).toBe(true);
  });
});
