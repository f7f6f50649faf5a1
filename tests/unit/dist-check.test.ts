import { describe, expect, test } from 'vitest'
import {
  checkPackagedApp,
  MAIN_ENTRY,
  NATIVE_MODULE,
  packageRoots,
  REQUIRED_FUSES,
  runtimeImports,
  type CheckLine,
  type Expectations,
  type PackagedApp,
} from '../../build/dist-check/checks'
import { productionPackagePaths, type PackageLock } from '../../build/dist-check/production-tree'

// A small packaged app that follows every rule; each test breaks one rule and expects exactly that
// rule (and no other) to fail, so a check that could never fail would be caught here.
function goodApp(): PackagedApp {
  return {
    asarFiles: [
      'package.json',
      MAIN_ENTRY,
      'out/preload/index.js',
      'out/renderer/index.html',
      'out/renderer/assets/index-abc.js',
      'node_modules/kysely/package.json',
      'node_modules/kysely/dist/cjs/index.js',
      'node_modules/@fastify/static/package.json',
      'node_modules/@fastify/static/index.js',
      'node_modules/better-sqlite3/package.json',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/bindings/package.json',
      'node_modules/glob/node_modules/minimatch/package.json',
    ],
    unpackedFiles: [NATIVE_MODULE, 'node_modules/better-sqlite3/lib/index.js'],
    packageJson: { main: MAIN_ENTRY },
    bundles: {
      [MAIN_ENTRY]: 'const electron = require("electron");\nconst kysely = require("kysely");\nconst fs = require("node:fs");\nconst os = require("os");\nrequire("@fastify/static/lib/x");\nrequire("better-sqlite3");',
      'out/preload/index.js': 'const { contextBridge } = require("electron");',
    },
    resourceFiles: ['app.asar', 'app.asar.unpacked', 'app-update.yml'],
    afterPackRecord: { fuses: { ...REQUIRED_FUSES } },
  }
}

function goodExpectations(): Expectations {
  return {
    dependencies: ['kysely', '@fastify/static', 'better-sqlite3'],
    devDependencies: ['react', 'vitest'],
    productionPackagePaths: new Set([
      'node_modules/kysely',
      'node_modules/@fastify/static',
      'node_modules/better-sqlite3',
      'node_modules/bindings',
      'node_modules/glob',
      'node_modules/glob/node_modules/minimatch',
    ]),
    fuses: { ...REQUIRED_FUSES },
    fuseNames: [...Object.keys(REQUIRED_FUSES), 'LoadBrowserProcessSpecificV8Snapshot', 'WasmTrapHandlers'],
  }
}

const failed = (lines: CheckLine[]) => lines.filter((l) => !l.ok).map((l) => l.label)

function failuresAfter(change: (app: PackagedApp, expect: Expectations) => void): string[] {
  const app = goodApp()
  const expectations = goodExpectations()
  change(app, expectations)
  return failed(checkPackagedApp(app, expectations))
}

const withFiles = (...files: string[]) => (app: PackagedApp) => {
  app.asarFiles = [...app.asarFiles, ...files]
}
const withoutFile = (file: string) => (app: PackagedApp) => {
  app.asarFiles = app.asarFiles.filter((f) => f !== file)
}

describe('dist:check rules', () => {
  test('a package that follows every rule passes every check, and every kind of check is printed', () => {
    const lines = checkPackagedApp(goodApp(), goodExpectations())
    expect(failed(lines)).toEqual([])
    expect(new Set(lines.map((l) => l.kind))).toEqual(new Set(['present', 'absent', 'config']))
  })

  test.each([
    ['the built main is missing', withoutFile(MAIN_ENTRY), ['built main (out/main/index.js)', 'package.json main is out/main/index.js and that file is in app.asar']],
    ['the preload is missing', withoutFile('out/preload/index.js'), ['built preload (out/preload/)']],
    ['the renderer is missing', withoutFile('out/renderer/index.html'), ['built renderer (out/renderer/index.html)']],
    ['package.json is missing', withoutFile('package.json'), ['package.json']],
    ['a production dependency is missing', withoutFile('node_modules/kysely/package.json'), ['production dependencies (3) in node_modules/']],
  ])('fails when %s', (_name, change, expected) => {
    expect(failuresAfter(change)).toEqual(expected)
  })

  test('fails when electron-builder never ran the afterPack hook (its line gone from electron-builder.yml), or ran it with other fuses', () => {
    const hookLine = 'electron-builder ran the afterPack hook while packaging (electron-builder.yml afterPack)'
    expect(failuresAfter((app) => (app.afterPackRecord = null))).toEqual([hookLine])
    expect(failuresAfter((app) => (app.afterPackRecord = { fuses: { ...REQUIRED_FUSES, RunAsNode: true } }))).toEqual([hookLine])
  })

  test('fails when there is no app-update.yml for electron-updater', () => {
    expect(failuresAfter((app) => (app.resourceFiles = ['app.asar', 'app.asar.unpacked']))).toEqual(['resources/app-update.yml for electron-updater (electron-builder.yml publish)'])
  })

  test('fails when better-sqlite3 is packed inside the archive instead of unpacked beside it', () => {
    expect(failuresAfter((app) => (app.unpackedFiles = []))).toEqual([`better-sqlite3 native module unpacked (app.asar.unpacked/${NATIVE_MODULE})`])
  })

  test('fails when main requires a package that is not a production dependency, naming it', () => {
    const lines = checkPackagedApp({ ...goodApp(), bundles: { ...goodApp().bundles, 'out/main/chunk.js': 'require("zustand/vanilla")' } }, goodExpectations())
    const line = lines.find((l) => !l.ok)
    expect(failed(lines)).toEqual(['every package out/main requires, as a production dependency'])
    expect(line?.detail).toBe('not in dependencies: zustand')
  })

  test('fails when the main bundle requires nothing at all (the scan found no bundle)', () => {
    expect(failuresAfter((app) => (app.bundles = { 'out/preload/index.js': 'require("electron")' }))).toEqual([
      'every package out/main requires, as a production dependency',
    ])
  })

  test('fails when the sandboxed preload loads a package', () => {
    expect(failuresAfter((app) => (app.bundles = { ...app.bundles, 'out/preload/index.js': 'require("electron"); require("zod")' }))).toEqual([
      'node_modules imports in the sandboxed preload',
    ])
  })

  test.each([
    ['tests', 'tests/unit/x.test.js', ['tests/']],
    ['renderer sources', 'renderer/src/main.js', ['renderer/']],
    ['electron sources', 'electron/main/index.js', ['electron/']],
    ['db sources', 'db/connection.js', ['db/']],
    ['shared sources', 'shared/contract.js', ['shared/']],
    ['docs', 'docs/security.md', ['docs/']],
    ['the cache', '.cache/electron-native/better_sqlite3.node', ['.cache/']],
    ['a stray top-level file', 'README.md', ['anything else at the top level (only out/, node_modules/, package.json)']],
    ['a stray build folder in out/', 'out/web/index.js', ['anything in out/ besides main, preload, renderer']],
    ['a source map', 'out/main/index.js.map', ['source maps (*.map)']],
    ['a TypeScript declaration in a dependency', 'node_modules/kysely/dist/cjs/index.d.ts', ['TypeScript sources and declarations (*.ts, *.tsx)']],
    ['npm bookkeeping', 'node_modules/.package-lock.json', ['npm bookkeeping (node_modules/.bin, .package-lock.json)']],
  ])('fails when app.asar holds %s', (_name, file, expected) => {
    expect(failuresAfter(withFiles(file))).toEqual(expected)
  })

  test('fails when a devDependency is packaged, naming it both as a devDependency and as outside the tree', () => {
    const lines = checkPackagedApp({ ...goodApp(), asarFiles: [...goodApp().asarFiles, 'node_modules/react/index.js'] }, goodExpectations())
    expect(failed(lines)).toEqual(['devDependencies (2)', 'packages outside the production dependency tree (7 packages checked)'])
    expect(lines.filter((l) => !l.ok).map((l) => l.detail)).toEqual(['react', 'node_modules/react'])
  })

  test('fails when a nested copy of a package is not in the production tree', () => {
    expect(failuresAfter(withFiles('node_modules/glob/node_modules/brace-expansion/index.js'))).toEqual([
      'packages outside the production dependency tree (7 packages checked)',
    ])
  })

  test('fails when package.json main points elsewhere', () => {
    expect(failuresAfter((app) => (app.packageJson = { main: 'electron/main/index.ts' }))).toEqual([
      'package.json main is out/main/index.js and that file is in app.asar',
    ])
  })

  test.each([
    ['a required fuse is left on', { RunAsNode: true }, 'RunAsNode should be off, is on'],
    ['asar integrity is not enforced', { EnableEmbeddedAsarIntegrityValidation: false }, 'EnableEmbeddedAsarIntegrityValidation should be on, is off'],
    ['a fuse name is misspelt', { OnlyLoadAppFromAsar: undefined, OnlyLoadAppFromASAR: true }, 'OnlyLoadAppFromAsar should be on, is not set; OnlyLoadAppFromASAR is not a fuse @electron/fuses knows'],
  ])('fails when %s', (_name, override, detail) => {
    const expectations = goodExpectations()
    const fuses: Record<string, boolean> = { ...REQUIRED_FUSES }
    for (const [name, value] of Object.entries(override)) {
      if (value === undefined) delete fuses[name]
      else fuses[name] = value
    }
    const lines = checkPackagedApp(goodApp(), { ...expectations, fuses })
    expect(lines.filter((l) => !l.ok).map((l) => [l.label, l.detail])).toEqual([['afterPack hook sets the fuses (build/after-pack.cjs FUSES)', detail]])
  })
})

describe('reading a listing', () => {
  test('finds every package root in a path, scoped and nested', () => {
    expect(packageRoots('node_modules/@fastify/static/lib/dirs.js')).toEqual(['node_modules/@fastify/static'])
    expect(packageRoots('node_modules/glob/node_modules/@isaacs/cliui/index.js')).toEqual(['node_modules/glob', 'node_modules/glob/node_modules/@isaacs/cliui'])
    expect(packageRoots('out/main/index.js')).toEqual([])
  })

  test('names the packages a bundle requires, without built-ins, relative paths or subpaths', () => {
    const source = `require("node:path"); require('fs'); require("./chunk.js"); require("csv-stringify/sync"); import("@zxcvbn-ts/core"); const x = require(\`\${dir}\`);`
    expect(runtimeImports(source)).toEqual(['@zxcvbn-ts/core', 'csv-stringify'])
  })

  test('does not take words in a comment or a string for a package', () => {
    const source = `/** tells "the wrong key"\n * from "a rewritten event". */ const sql = \`select name from "\${schema}".t\`; const q = "x from 'Some Table'"; require("kysely")`
    expect(runtimeImports(source)).toEqual(['kysely'])
  })
})

describe('the production dependency tree', () => {
  const lock: PackageLock = {
    packages: {
      '': { dependencies: { a: '1' }, optionalDependencies: { fsevents: '2' } } as PackageLock['packages'][string],
      'node_modules/a': { dependencies: { b: '1', c: '2' } },
      'node_modules/b': { peerDependencies: { p: '1', q: '1' }, peerDependenciesMeta: { q: { optional: true } } },
      'node_modules/c': { dependencies: { d: '1' } },
      'node_modules/a/node_modules/c': { dependencies: { d: '1' } },
      'node_modules/d': {},
      'node_modules/p': {},
      'node_modules/q': {},
      'node_modules/dev-only': { dependencies: { d: '1' } },
    },
  }

  test('follows dependencies to the nearest installed copy, with peers, and never devDependencies', () => {
    expect([...productionPackagePaths(lock)].sort()).toEqual(['node_modules/a', 'node_modules/a/node_modules/c', 'node_modules/b', 'node_modules/d', 'node_modules/p'])
  })
})
