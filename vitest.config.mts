import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    // Two files at a time even on a 2-core machine (Vitest's default there is one): most of the
    // suite's time is spent waiting on password hashing in libuv's pool, child processes, the
    // PostgreSQL server and real delays, so one worker left a core idle (19.5 min for 22 min of CPU).
    maxWorkers: 2,
    // Audit chain heads go to a temporary folder per test file (PORTICO_ANCHOR_DIR).
    setupFiles: ['tests/support/anchor-dir.setup.ts'],
    // One real PostgreSQL server for the run; data-touching tests run on it and on SQLite.
    globalSetup: ['tests/support/postgres.global-setup.ts'],
  },
})
