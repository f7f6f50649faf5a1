// The rules dist:check holds a packaged app to. Pure functions over a listing of app.asar, so a
// unit test can feed them a made-up listing and watch each rule fail (tests/unit/dist-check.test.ts).
import { builtinModules } from 'node:module'

/** What dist:check read from one packaged app. Paths are posix, relative to the archive root. */
export interface PackagedApp {
  asarFiles: readonly string[]
  /** Files under resources/app.asar.unpacked, relative to it. */
  unpackedFiles: readonly string[]
  /** package.json as packaged into app.asar. */
  packageJson: { main?: string }
  /** Source of each out/main and out/preload .js file in the asar, by path. */
  bundles: Readonly<Record<string, string>>
  /** Files in resources/ beside app.asar (electron-updater reads app-update.yml from there). */
  resourceFiles: readonly string[]
  /** What the afterPack hook recorded when electron-builder ran it (stub mode), or null if it never ran. */
  afterPackRecord: { fuses: Record<string, boolean> } | null
}

/** What the project says should ship. */
export interface Expectations {
  /** Names in the project's package.json "dependencies". */
  dependencies: readonly string[]
  /** Names in "devDependencies": bundled or build-time only, so never shipped as packages. */
  devDependencies: readonly string[]
  /** Every installed path of the production dependency tree, e.g. node_modules/a/node_modules/b. */
  productionPackagePaths: ReadonlySet<string>
  /** The fuses build/after-pack.cjs sets, and the names @electron/fuses knows. */
  fuses: Readonly<Record<string, boolean>>
  fuseNames: readonly string[]
}

export interface CheckLine {
  ok: boolean
  /** "present": must be there; "absent": must not be; "config": a setting that must hold. */
  kind: 'present' | 'absent' | 'config'
  label: string
  detail?: string
}

export const MAIN_ENTRY = 'out/main/index.js'
export const NATIVE_MODULE = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'

/** The fuses issue 6 asks for, by @electron/fuses name. */
export const REQUIRED_FUSES: Readonly<Record<string, boolean>> = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  OnlyLoadAppFromAsar: true,
  EnableEmbeddedAsarIntegrityValidation: true,
  EnableCookieEncryption: true,
  GrantFileProtocolExtraPrivileges: false,
}

const ALLOWED_TOP_LEVEL = new Set(['out', 'node_modules', 'package.json'])
const ALLOWED_OUT = new Set(['main', 'preload', 'renderer'])
/** Named so the printout says each is absent; any other top-level entry is refused as well. */
const SOURCE_FOLDERS = ['tests', 'renderer', 'electron', 'db', 'shared', 'build', 'docs', '.cache', 'dist', 'src']

/** node_modules/<name> or node_modules/@scope/<name>, nested to any depth: every package root in a path. */
export function packageRoots(path: string): string[] {
  const parts = path.split('/')
  const roots: string[] = []
  for (let i = 0; i < parts.length; i++) {
    // Entries starting with a dot (.bin, .package-lock.json) are npm's, not packages.
    if (parts[i] !== 'node_modules' || i + 1 >= parts.length || parts[i + 1]!.startsWith('.')) continue
    const scoped = parts[i + 1]!.startsWith('@')
    const end = scoped ? i + 3 : i + 2
    if (end > parts.length) continue
    roots.push(parts.slice(0, end).join('/'))
    i = end - 1
  }
  return roots
}

const NPM_SPECIFIER = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*(?:\/[A-Za-z0-9._~/-]*)?$/

/** Bare package names a bundle loads at run time (require or dynamic import), without Node's built-ins. */
export function runtimeImports(source: string): string[] {
  const names = new Set<string>()
  const pattern = /\b(?:require|import)\(\s*["']([^"'./][^"']*)["']\s*\)|\bfrom\s*["']([^"'./][^"']*)["']/g
  for (const match of source.matchAll(pattern)) {
    const specifier = (match[1] ?? match[2])!
    if (specifier.startsWith('node:') || specifier.includes('${')) continue
    // Words in a comment or a string ("from 'a rewritten event'") are not a module: names follow npm's rules.
    if (!NPM_SPECIFIER.test(specifier)) continue
    const parts = specifier.split('/')
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
    if (builtinModules.includes(name)) continue
    names.add(name)
  }
  return [...names].sort()
}

function line(ok: boolean, kind: CheckLine['kind'], label: string, detail?: string): CheckLine {
  return detail === undefined ? { ok, kind, label } : { ok, kind, label, detail }
}

function preview(items: readonly string[]): string {
  return items.length <= 5 ? items.join(', ') : `${items.slice(0, 5).join(', ')} and ${items.length - 5} more`
}

/** Every rule, in the order dist:check prints them. */
export function checkPackagedApp(app: PackagedApp, expect: Expectations): CheckLine[] {
  const files = new Set(app.asarFiles)
  const under = (prefix: string) => app.asarFiles.some((f) => f.startsWith(prefix))
  const lines: CheckLine[] = []

  // What must be there.
  lines.push(line(files.has(MAIN_ENTRY), 'present', `built main (${MAIN_ENTRY})`))
  lines.push(line(under('out/preload/'), 'present', 'built preload (out/preload/)'))
  lines.push(line(files.has('out/renderer/index.html'), 'present', 'built renderer (out/renderer/index.html)'))
  lines.push(line(files.has('package.json'), 'present', 'package.json'))
  const missingDeps = expect.dependencies.filter((name) => !files.has(`node_modules/${name}/package.json`))
  lines.push(
    line(missingDeps.length === 0, 'present', `production dependencies (${expect.dependencies.length}) in node_modules/`, missingDeps.length ? `missing: ${missingDeps.join(', ')}` : expect.dependencies.join(', ')),
  )
  const unpackedNative = app.unpackedFiles.includes(NATIVE_MODULE)
  lines.push(line(unpackedNative, 'present', `better-sqlite3 native module unpacked (app.asar.unpacked/${NATIVE_MODULE})`))

  // What main loads from node_modules must ship; the sandboxed preload loads nothing but electron.
  const mainImports = Object.entries(app.bundles)
    .filter(([path]) => path.startsWith('out/main/'))
    .flatMap(([, source]) => runtimeImports(source))
  const mainPackages = [...new Set(mainImports)].filter((name) => name !== 'electron').sort()
  const unshipped = mainPackages.filter((name) => !expect.dependencies.includes(name))
  lines.push(
    line(
      mainImports.length > 0 && unshipped.length === 0,
      'present',
      'every package out/main requires, as a production dependency',
      unshipped.length ? `not in dependencies: ${unshipped.join(', ')}` : mainPackages.join(', '),
    ),
  )
  const preloadImports = Object.entries(app.bundles)
    .filter(([path]) => path.startsWith('out/preload/'))
    .flatMap(([, source]) => runtimeImports(source))
    .filter((name) => name !== 'electron')
  lines.push(line(preloadImports.length === 0, 'absent', 'node_modules imports in the sandboxed preload', preloadImports.length ? preloadImports.join(', ') : undefined))

  // What must not be there.
  const topLevel = [...new Set(app.asarFiles.map((f) => f.split('/')[0]!))]
  for (const folder of SOURCE_FOLDERS) {
    lines.push(line(!topLevel.includes(folder), 'absent', `${folder}/`))
  }
  const strays = topLevel.filter((name) => !ALLOWED_TOP_LEVEL.has(name) && !SOURCE_FOLDERS.includes(name))
  lines.push(line(strays.length === 0, 'absent', 'anything else at the top level (only out/, node_modules/, package.json)', strays.length ? preview(strays) : undefined))
  const outExtras = [...new Set(app.asarFiles.filter((f) => f.startsWith('out/')).map((f) => f.split('/')[1]!))].filter((name) => !ALLOWED_OUT.has(name))
  lines.push(line(outExtras.length === 0, 'absent', 'anything in out/ besides main, preload, renderer', outExtras.length ? preview(outExtras) : undefined))
  const maps = app.asarFiles.filter((f) => f.endsWith('.map'))
  lines.push(line(maps.length === 0, 'absent', 'source maps (*.map)', maps.length ? preview(maps) : undefined))
  const typescript = app.asarFiles.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f))
  lines.push(line(typescript.length === 0, 'absent', 'TypeScript sources and declarations (*.ts, *.tsx)', typescript.length ? preview(typescript) : undefined))
  const hidden = app.asarFiles.filter((f) => f.startsWith('node_modules/.'))
  lines.push(line(hidden.length === 0, 'absent', 'npm bookkeeping (node_modules/.bin, .package-lock.json)', hidden.length ? preview(hidden) : undefined))
  const roots = [...new Set(app.asarFiles.flatMap(packageRoots))].sort()
  const shippedDev = expect.devDependencies.filter(
    (name) => roots.includes(`node_modules/${name}`) && !expect.productionPackagePaths.has(`node_modules/${name}`),
  )
  lines.push(line(shippedDev.length === 0, 'absent', `devDependencies (${expect.devDependencies.length})`, shippedDev.length ? preview(shippedDev) : undefined))
  const notProduction = roots.filter((root) => !expect.productionPackagePaths.has(root))
  lines.push(
    line(notProduction.length === 0, 'absent', `packages outside the production dependency tree (${roots.length} packages checked)`, notProduction.length ? preview(notProduction) : undefined),
  )

  // Settings that must hold.
  const main = app.packageJson.main
  lines.push(line(main === MAIN_ENTRY && files.has(main), 'config', `package.json main is ${MAIN_ENTRY} and that file is in app.asar`, `main: ${String(main)}`))
  const unknown = Object.keys(expect.fuses).filter((name) => !expect.fuseNames.includes(name))
  const fuseDiffs = Object.entries(REQUIRED_FUSES)
    .filter(([name, value]) => expect.fuses[name] !== value)
    .map(([name, value]) => `${name} should be ${value ? 'on' : 'off'}, is ${name in expect.fuses ? (expect.fuses[name] ? 'on' : 'off') : 'not set'}`)
  const fuseProblems = [...fuseDiffs, ...unknown.map((name) => `${name} is not a fuse @electron/fuses knows`)]
  lines.push(line(fuseProblems.length === 0, 'config', 'afterPack hook sets the fuses (build/after-pack.cjs FUSES)', fuseProblems.length ? fuseProblems.join('; ') : undefined))
  // The hook must be wired into electron-builder's config, not just exist: it records its run.
  const ran = app.afterPackRecord
  const ranWithFuses = ran !== null && Object.entries(REQUIRED_FUSES).every(([name, value]) => ran.fuses[name] === value)
  lines.push(line(ranWithFuses, 'config', 'electron-builder ran the afterPack hook while packaging (electron-builder.yml afterPack)', ran === null ? 'the hook never ran' : ranWithFuses ? undefined : 'it ran with other fuses'))
  // electron-updater reads resources/app-update.yml before every download, even after setFeedURL.
  lines.push(line(app.resourceFiles.includes('app-update.yml'), 'present', 'resources/app-update.yml for electron-updater (electron-builder.yml publish)'))
  return lines
}
