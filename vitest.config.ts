import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one embedded PostgreSQL; each file gets its own database.
    pool: 'forks',
    // Two files at a time: most of a test waits on PostgreSQL, child processes or Chromium, so this halves
    // the wall time on 2 cores (vitest's default there is one file at a time).
    maxWorkers: 2,
  },
});
