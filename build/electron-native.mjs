// `npm start` runs the app from source inside Electron. better-sqlite3 in node_modules is built for
// Node (the tests and the browser host need that), so this builds a second copy for Electron's ABI
// into .cache/electron-native/, which main loads through better-sqlite3's `nativeBinding` option.
// node_modules is never touched. Packaged builds don't need this: electron-builder rebuilds for them.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { insideNodeBuild } from './native-copy-filter.mjs'

const require = createRequire(import.meta.url)
const root = dirname(dirname(fileURLToPath(import.meta.url)))
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'))
const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version
const cache = join(root, '.cache/electron-native')
const target = join(cache, 'better_sqlite3.node')
const stamp = join(cache, `electron-${electronVersion}-better-sqlite3-${sqliteVersion}`)

if (existsSync(target) && existsSync(stamp)) process.exit(0)

console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once; about a minute)…`)
const work = join(cache, 'work')
rmSync(cache, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
cpSync(sqliteDir, work, { recursive: true, filter: (src) => !insideNodeBuild(sqliteDir, src) })
try {
  execFileSync(
    process.execPath,
    [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
    { cwd: work, stdio: 'inherit' },
  )
} catch {
  console.error('Could not build better-sqlite3 for Electron (it needs the Electron headers from electronjs.org).')
  console.error('The browser host runs the same desk without Electron: npm run web')
  process.exit(1)
}
cpSync(join(work, 'build/Release/better_sqlite3.node'), target)
cpSync(target, stamp)
rmSync(work, { recursive: true, force: true })
