import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, test } from 'vitest'

const ROOT = resolve(__dirname, '../..')
const built = existsSync(join(ROOT, 'out/renderer/index.html'))

// The release workflow runs these checks on the packaged app over CDP; here the same checks run,
// over CDP too, against the browser host in real Chromium, so their logic is proven on every run.
describe.skipIf(!built)('the packaged-app smoke checks, run against the browser host (npm run build first)', () => {
  test('pass on a fresh desk: the page, window.api against the contract, setup, the demo practice and Joe Fake', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'build/smoke/packaged-smoke.ts'), '--web', '--timeout-ms', '60000'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 })
    expect(run.stdout.trim().split('\n')).toEqual([
      'ok   the page is the desk',
      'ok   window.api has exactly the contract’s methods, all functions',
      'ok   the setup screen appears on a fresh data folder',
      'ok   the demo practice is created',
      'ok   Joe Fake opens, with his portal username',
    ])
    expect(run.status).toBe(0)
  }, 200_000)
})
