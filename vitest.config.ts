import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites each start their own emulators; two cores cannot run many at once.
    maxWorkers: 2,
    reporters: ['default'],
    // EMF lines on stdout would drown the test output; the metrics test turns them back on for itself.
    env: { POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
