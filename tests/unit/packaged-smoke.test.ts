import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { CONTRACT_METHODS, apiDifferences } from '../../build/smoke/smoke-checks'
import { executableCandidates, findPackagedExecutable, freshDataEnv, parseSmokeArgs } from '../../build/smoke/smoke-options'
import { CHANNELS } from '../../shared/channels'
import { tempDir } from '../support/temp-db'

const ROOT = resolve(__dirname, '../..')
let folder: ReturnType<typeof tempDir>
beforeEach(() => (folder = tempDir()))
afterEach(() => folder.cleanup())

/** Runs the smoke script as the workflow does, and what it printed. */
function smoke(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'build/smoke/packaged-smoke.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
  return { code: run.status, out: `${run.stdout}${run.stderr}` }
}

/** A stand-in for the unpacked Linux app: a script in the place electron-builder puts `portico`. */
function fakeLinuxApp(body: string): string {
  const dir = join(folder.dir, 'dist', 'linux-unpacked')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'portico'), `#!/bin/sh\n${body}\n`)
  chmodSync(join(dir, 'portico'), 0o755)
  return join(folder.dir, 'dist')
}

describe('the packaged-app smoke test’s command line', () => {
  test('defaults, the browser-host mode, and the installers’ refusal mode', () => {
    expect(parseSmokeArgs([])).toEqual({ mode: 'packaged', dist: resolve('dist'), expectRefusal: false, timeoutMs: 60_000 })
    expect(parseSmokeArgs(['--web', '--timeout-ms', '5000'])).toMatchObject({ mode: 'web', timeoutMs: 5000 })
    expect(parseSmokeArgs(['--dist', 'dist-smoke', '--expect-refusal'])).toMatchObject({ dist: resolve('dist-smoke'), expectRefusal: true })
  })

  test('a mistake is refused with the usage', () => {
    expect(() => parseSmokeArgs(['--bogus'])).toThrow(/Usage: tsx build\/smoke\/packaged-smoke.ts/)
    expect(() => parseSmokeArgs(['--timeout-ms', 'soon'])).toThrow(/--timeout-ms must be a whole number/)
    expect(() => parseSmokeArgs(['--web', '--expect-refusal'])).toThrow(/don't go together/)
  })
})

describe('finding the unpacked app electron-builder made', () => {
  test.each([
    ['win32', 'x64', 'win-unpacked/Portico.exe'],
    ['win32', 'arm64', 'win-arm64-unpacked/Portico.exe'],
    ['darwin', 'arm64', 'mac-arm64/Portico.app/Contents/MacOS/Portico'],
    ['darwin', 'x64', 'mac/Portico.app/Contents/MacOS/Portico'],
    ['linux', 'x64', 'linux-unpacked/portico'],
    ['linux', 'arm64', 'linux-arm64-unpacked/portico'],
  ] as const)('%s %s → dist/%s', (platform, arch, path) => {
    expect(executableCandidates('/d', platform, arch)[0]).toBe(join('/d', path))
  })

  test('the one that exists is used; none gives a message naming where it looked', () => {
    const dist = fakeLinuxApp('exit 0')
    expect(findPackagedExecutable(dist, 'linux', 'x64')).toBe(join(dist, 'linux-unpacked', 'portico'))
    expect(() => findPackagedExecutable(dist, 'darwin', 'arm64')).toThrow(/No packaged Portico for darwin\/arm64 .*mac-arm64\/Portico.app.*npm run dist/)
  })

  test('the app gets a fresh data folder on every OS, and no development switches', () => {
    const env = freshDataEnv('/fresh', { PATH: '/bin', ELECTRON_RENDERER_URL: 'http://x/', ELECTRON_RUN_AS_NODE: '1', PORTICO_DATA_DIR: '/old' })
    expect(env).toEqual({ PATH: '/bin', APPDATA: join('/fresh', 'AppData', 'Roaming'), LOCALAPPDATA: join('/fresh', 'AppData', 'Local'), XDG_CONFIG_HOME: join('/fresh', 'config'), HOME: '/fresh' })
  })
})

describe('what the smoke test holds window.api to', () => {
  test('the contract’s method names, which are the channels', () => {
    expect(CONTRACT_METHODS).toEqual([...CHANNELS].sort())
    expect(apiDifferences(CONTRACT_METHODS)).toEqual([])
    expect(apiDifferences([...CONTRACT_METHODS.filter((m) => m !== 'getSession'), 'runShell'])).toEqual(['missing: getSession', 'not in the contract: runShell'])
  })
})

describe.skipIf(process.platform !== 'linux')('the smoke script against stand-in apps', () => {
  test('an app that exits at once fails the check, saying so', () => {
    const { code, out } = smoke('--dist', fakeLinuxApp('exit 0'), '--timeout-ms', '5000')
    expect(code).toBe(1)
    expect(out).toMatch(/exited \(code 0\) before its debugging port answered/)
  })

  test('refusal mode: an app that refuses and exits passes; one that keeps running fails', () => {
    expect(smoke('--dist', fakeLinuxApp('echo refused >&2; exit 2'), '--expect-refusal', '--timeout-ms', '5000')).toMatchObject({ code: 0 })
    const running = smoke('--dist', fakeLinuxApp('exec sleep 30'), '--expect-refusal', '--timeout-ms', '2000')
    expect(running.code).toBe(1)
    expect(running.out).toContain('FAIL the installers’ build refuses --remote-debugging-port and exits: it kept running')
  })
})
