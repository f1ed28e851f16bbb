import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'reports/**'],
    globalSetup: ['vitest.global-setup.ts'],
    // Files share one worker's module cache: each one importing ajv, Pact and the schemas afresh cost more than the tests.
    isolate: false,
    // vitest's default on 2 cores is 1 worker; many files wait on child processes and paced load runs: 4 measured
    // faster than 2 or 3, and 5 or 6 no faster (docs/performance.md).
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { PACT_DO_NOT_TRACK: 'true' },
  },
});
