import { defineConfig } from 'vitest/config';

// Unit tests run in Node on the tfjs CPU backend (see test/unit/setup.ts).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/unit/setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
