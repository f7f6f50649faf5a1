// Packages the app for Linux (target `dir`) exactly as electron-builder.yml says, with two changes
// that let it run where no Electron binary exists: a stub executable stands in for Electron, and
// native modules are not rebuilt (that needs Electron's headers; `npm run dist` does it for real).
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { build, Platform } from 'electron-builder'

export interface StubPackage {
  /** The unpacked app: linux-unpacked/, holding resources/app.asar. */
  appOutDir: string
}

/** A folder electron-builder accepts as an unpacked Electron: just an executable named `electron`. */
function writeStubElectron(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const binary = join(dir, 'electron')
  writeFileSync(binary, '#!/bin/sh\necho "Portico dist:check stub: not a real Electron binary" >&2\nexit 1\n')
  chmodSync(binary, 0o755)
}

/** The Electron version the app is built against (read from the package; there's no binary to ask). */
export function electronVersion(projectDir: string): string {
  const require = createRequire(join(projectDir, 'package.json'))
  return (JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version
}

export async function packageWithStubElectron(projectDir: string, workDir: string): Promise<StubPackage> {
  const stubDir = join(workDir, 'electron-stub')
  const outputDir = join(workDir, 'output')
  writeStubElectron(stubDir)
  rmSync(outputDir, { recursive: true, force: true })
  // build/after-pack.cjs reads this and skips flipping fuses: a stub has no fuse wire.
  process.env['PORTICO_STUB_ELECTRON'] = '1'
  try {
    await build({
      projectDir,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      // Merged over electron-builder.yml, which electron-builder still loads.
      config: {
        electronDist: stubDir,
        electronVersion: electronVersion(projectDir),
        npmRebuild: false,
        directories: { output: outputDir },
      },
    })
  } finally {
    delete process.env['PORTICO_STUB_ELECTRON']
  }
  return { appOutDir: join(outputDir, 'linux-unpacked') }
}
