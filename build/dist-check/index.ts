// npm run dist:check: package the app for Linux with a stub Electron, then check what landed in
// app.asar against the rules in ./checks.ts. Proves the packaging where no Electron binary exists.
// It packages whatever out/ holds; when out/ has no build it runs `npm run build` first
// (`npm test` runs it straight after `npm run build`). Exits 1 on any violation.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkPackagedApp, MAIN_ENTRY, type CheckLine, type PackagedApp } from './checks'
import { packageWithStubElectron } from './package-with-stub'
import { productionPackagePaths, type PackageLock } from './production-tree'

type Asar = typeof import('@electron/asar')

const projectDir = dirname(dirname(dirname(fileURLToPath(import.meta.url))))
const require = createRequire(join(projectDir, 'package.json'))
const { AFTER_PACK_RECORD } = require('./build/after-pack.cjs') as { AFTER_PACK_RECORD: string }

/** @electron/asar is electron-builder's own dependency; load the copy it uses. */
function loadAsar(): Asar {
  return createRequire(require.resolve('app-builder-lib'))('@electron/asar') as Asar
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
}

function readPackagedApp(asar: Asar, appOutDir: string): PackagedApp {
  const archive = join(appOutDir, 'resources', 'app.asar')
  const asarFiles = asar
    .listPackage(archive, { isPack: false })
    .map((path) => path.split(sep).join('/').replace(/^\//, ''))
  const read = (path: string) => asar.extractFile(archive, path).toString('utf8')
  const bundles: Record<string, string> = {}
  for (const path of asarFiles.filter((f) => /^out\/(main|preload)\/[^/]+\.(c|m)?js$/.test(f))) bundles[path] = read(path)
  return {
    asarFiles,
    unpackedFiles: filesUnder(join(appOutDir, 'resources', 'app.asar.unpacked')),
    resourceFiles: readdirSync(join(appOutDir, 'resources')),
    afterPackRecord: existsSync(join(appOutDir, AFTER_PACK_RECORD))
      ? (JSON.parse(readFileSync(join(appOutDir, AFTER_PACK_RECORD), 'utf8')) as { fuses: Record<string, boolean> })
      : null,
    packageJson: JSON.parse(read('package.json')) as PackagedApp['packageJson'],
    bundles,
  }
}

function print(lines: readonly CheckLine[]): void {
  const sections: Array<[CheckLine['kind'], string, string]> = [
    ['present', 'Must be in the package', 'found'],
    ['absent', 'Must not be in app.asar', 'absent'],
    ['config', 'Settings', 'ok'],
  ]
  for (const [kind, title, good] of sections) {
    console.log(`\n${title}:`)
    for (const l of lines.filter((x) => x.kind === kind)) {
      const status = l.ok ? good : kind === 'absent' ? 'PRESENT' : kind === 'present' ? 'MISSING' : 'WRONG'
      console.log(`  ${l.ok ? '✓' : '✗'} ${l.label}: ${status}${l.detail && (!l.ok || kind !== 'absent') ? ` (${l.detail})` : ''}`)
    }
  }
}

async function main(): Promise<void> {
  const started = performance.now()
  if (!existsSync(join(projectDir, MAIN_ENTRY))) {
    console.log('dist:check: no build in out/, running npm run build first')
    execSync('npm run build', { cwd: projectDir, stdio: 'inherit' })
  }

  const { appOutDir } = await packageWithStubElectron(projectDir, join(projectDir, '.cache', 'dist-check'))
  const packaged = performance.now()

  const project = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>
    devDependencies?: Record<string, string>
  }
  const lock = JSON.parse(readFileSync(join(projectDir, 'package-lock.json'), 'utf8')) as PackageLock
  const { FUSES } = require('./build/after-pack.cjs') as { FUSES: Record<string, boolean> }
  const { FuseV1Options } = await import('@electron/fuses')
  const lines = checkPackagedApp(readPackagedApp(loadAsar(), appOutDir), {
    dependencies: Object.keys(project.dependencies ?? {}),
    devDependencies: Object.keys(project.devDependencies ?? {}),
    productionPackagePaths: productionPackagePaths(lock),
    fuses: FUSES,
    fuseNames: Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key))),
  })
  print(lines)

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  const failures = lines.filter((l) => !l.ok)
  console.log(`\ndist:check: packaging ${seconds(packaged - started)}, checks ${seconds(performance.now() - packaged)}, total ${seconds(performance.now() - started)}`)
  if (failures.length > 0) {
    console.error(`dist:check FAILED: ${failures.length} violation(s): ${failures.map((f) => f.label).join('; ')}`)
    // Exit here: with only process.exitCode = 1, a failed check ended with status 0 after the
    // packaging run (seen, cause in the packaging libraries not traced), and npm test carried on.
    process.exit(1)
  } else {
    console.log(`dist:check passed: ${lines.length} checks on ${relative(projectDir, appOutDir)}/resources/app.asar`)
  }
}

main().catch((error: unknown) => {
  console.error('dist:check could not package the app:', error)
  process.exit(1)
})
