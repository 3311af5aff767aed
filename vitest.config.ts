import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Ends every process a test started when the test ends, even after a timeout.
    setupFiles: ['test/support/setup.ts'],
    // Budgets for a 2-core machine at load 10: a CLI run with Chromium can take a minute
    // there. A run that hangs is killed by the CLI harness before this (CLI_TIMEOUT_MS).
    testTimeout: 180_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    // End-to-end files start browsers; two cores cannot run many at once.
    maxWorkers: 2,
  },
});
