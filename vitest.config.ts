import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'reports/**'],
    globalSetup: ['vitest.global-setup.ts'],
    // Files share one worker's module cache: each one importing ajv, Pact and the schemas afresh cost more than the tests.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: { PACT_DO_NOT_TRACK: 'true' },
  },
});
