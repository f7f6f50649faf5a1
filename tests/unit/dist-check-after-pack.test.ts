import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses'
import { REQUIRED_FUSES } from '../../build/dist-check/checks'

interface HookContext {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { executableName: string; appInfo: { productFilename: string } }
}
type AfterPack = ((context: HookContext) => Promise<void>) & {
  FUSES: Record<string, boolean>
  electronBinaryPath: (context: HookContext) => string
}

const afterPack = createRequire(import.meta.url)('../../build/after-pack.cjs') as AfterPack

// A stand-in for an Electron binary: padding around the fuse sentinel and a V1 wire of 9 fuses,
// every one at "enabled" ('1'), which is what @electron/fuses reads and patches in a real binary.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const FUSE_COUNT = 9
function fakeElectron(path: string): void {
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, FUSE_COUNT]), Buffer.alloc(FUSE_COUNT, '1')])
  writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 0xcc), wire, Buffer.alloc(4096, 0xcc)]))
}

const context = (appOutDir: string): HookContext => ({
  appOutDir,
  electronPlatformName: 'linux',
  arch: 1,
  packager: { executableName: 'portico', appInfo: { productFilename: 'Portico' } },
})

describe('the afterPack fuses hook', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-after-pack-'))
    vi.spyOn(console, 'log').mockImplementation(() => {})
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  test('exports exactly the fuses the issue asks for', () => {
    expect(afterPack.FUSES).toEqual(REQUIRED_FUSES)
  })

  test('burns those fuses into the binary and leaves the others as they were', async () => {
    vi.stubEnv('PORTICO_STUB_ELECTRON', '')
    fakeElectron(join(dir, 'portico'))
    await afterPack(context(dir))

    const wire = await getCurrentFuseWire(join(dir, 'portico'))
    expect(wire.version).toBe(FuseVersion.V1)
    const state = (name: keyof typeof FuseV1Options) => String.fromCharCode(wire[FuseV1Options[name]] as number)
    for (const [name, enabled] of Object.entries(REQUIRED_FUSES)) {
      expect(state(name as keyof typeof FuseV1Options), name).toBe(enabled ? '1' : '0')
    }
    expect(state('LoadBrowserProcessSpecificV8Snapshot')).toBe('1')
    expect(state('WasmTrapHandlers')).toBe('1')
  })

  test('with a stub Electron it says so and leaves the file untouched', async () => {
    vi.stubEnv('PORTICO_STUB_ELECTRON', '1')
    fakeElectron(join(dir, 'portico'))
    const before = readFileSync(join(dir, 'portico'))
    await afterPack(context(dir))
    expect(readFileSync(join(dir, 'portico')).equals(before)).toBe(true)
    expect(vi.mocked(console.log).mock.calls.flat().join(' ')).toMatch(/stub Electron .*fuses not flipped/)
  })

  test('refuses a binary that has no fuse wire rather than shipping it unhardened', async () => {
    vi.stubEnv('PORTICO_STUB_ELECTRON', '')
    writeFileSync(join(dir, 'portico'), '#!/bin/sh\nexit 1\n')
    await expect(afterPack(context(dir))).rejects.toThrow(/sentinel/)
  })

  test('finds the binary on each platform', () => {
    const at = (electronPlatformName: string) => afterPack.electronBinaryPath({ ...context('/app'), electronPlatformName })
    expect(at('linux')).toBe(join('/app', 'portico'))
    expect(at('win32')).toBe(join('/app', 'Portico.exe'))
    expect(at('darwin')).toBe(join('/app', 'Portico.app', 'Contents', 'MacOS', 'Portico'))
    expect(() => at('aix')).toThrow(/no Electron binary location/)
  })
})
