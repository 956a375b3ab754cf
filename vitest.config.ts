import { defineConfig } from 'vitest/config';
import LongestFirst from './test/helpers/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a condition up to 30 s (its default, 1 s, is a fixed window a busy machine misses).
    expect: { poll: { timeout: 30_000 } },
    // Integration tests share one embedded PostgreSQL; each file gets its own database.
    pool: 'forks',
    // Three files at a time: most of a test waits on PostgreSQL, child processes or Chromium, so on 2 cores
    // this takes 333 s where two files took 476 s (vitest's default there is one file at a time).
    maxWorkers: 3,
    // Each worker imports nilai once for all its files instead of once per file: the suite spent 319 s
    // importing (497 s in all) and spends 29 s (333 s). Each file still gets its own database and server.
    isolate: false,
    // Longest files first (test/durations.json), so no long file runs alone at the end.
    sequence: { sequencer: LongestFirst },
  },
});
