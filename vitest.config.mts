import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    // Audit chain heads go to a temporary folder per test file (PORTICO_ANCHOR_DIR).
    setupFiles: ['tests/support/anchor-dir.setup.ts'],
    // One real PostgreSQL server for the run; data-touching tests run on it and on SQLite.
    globalSetup: ['tests/support/postgres.global-setup.ts'],
  },
})
