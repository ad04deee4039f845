import { defineConfig } from 'vitest/config';

// Unit tests run in Node on the tfjs CPU backend (see test/unit/setup.ts).
export default defineConfig({
  // the thread-worker file is written by the build (vite.config.ts); tests see a fixed URL
  resolve: { alias: { 'virtual:wasm-thread-worker': new URL('./test/unit/engine/threadWorkerUrl.ts', import.meta.url).pathname } },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/unit/setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
