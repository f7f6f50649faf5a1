import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import type { Migration } from 'kysely'
import { createKysely, migrateTo, openDatabase } from '../../db/connection'
import { migrations } from '../../db/migrations'
import { GENERATOR_VERSION, type PracticeCounts, writePractice } from './practice-generator'
import { sqliteHandle } from '../../db/dialect/store'

const sqliteOf = (opened: { store: Parameters<typeof sqliteHandle>[0] }) => sqliteHandle(opened.store)

/**
 * The generator writes rows as the schema stood at this migration. Later migrations run over the
 * filled file through `openDatabase`, as they would over a real practice, so whatever they add
 * (columns, backfills, indexes) is built the way the app builds it.
 */
export const GENERATOR_SCHEMA = '0003_staff_and_audit_chain'

/** Changes whenever a migration is added, removed or edited: the cached practice is then rebuilt. */
export function migrationsFingerprint(list: Record<string, Migration> = migrations): string {
  const hash = createHash('sha256')
  for (const [name, migration] of Object.entries(list).sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`${name}\n${String(migration.up)}\n`)
  }
  return hash.digest('hex').slice(0, 16)
}

export interface Practice {
  size: number
  /** The cached, never-modified file; runs work on a copy of it. */
  path: string
  cached: boolean
  buildMs: number | null
  /** Where a fresh build spent its time: the generator's inserts, the later migrations, ANALYZE. */
  buildPhases: BuildPhases | null
  fileBytes: number
  counts: PracticeCounts
}

export interface BuildPhases {
  insertMs: number
  migrateMs: number
  analyzeMs: number
}

interface CacheMeta {
  key: string
  counts: PracticeCounts
  buildMs: number
  buildPhases: BuildPhases
}

const removeFiles = (path: string) => ['', '-wal', '-shm', '-journal'].forEach((suffix) => rmSync(path + suffix, { force: true }))

async function build(path: string, size: number, seed: number): Promise<{ counts: PracticeCounts; buildMs: number; buildPhases: BuildPhases }> {
  const started = performance.now()
  removeFiles(path)
  const sqlite = new SqliteDatabase(path)
  const db = createKysely(sqlite)
  await migrateTo(db, GENERATOR_SCHEMA)
  // A throwaway file being filled: no journal, no fsync. The result is checked and switched to WAL below.
  sqlite.pragma('journal_mode = OFF')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('cache_size = -262144')
  const counts = writePractice(sqlite, size, seed)
  await db.destroy()
  if (sqlite.open) sqlite.close()
  const inserted = performance.now()

  const opened = await openDatabase(path)
  const migrated = performance.now()
  sqliteOf(opened).exec('analyze')
  await opened.db.destroy()
  const done = performance.now()
  return { counts, buildMs: done - started, buildPhases: { insertMs: inserted - started, migrateMs: migrated - inserted, analyzeMs: done - migrated } }
}

/**
 * The practice of `size` clients, from `<cacheDir>/practice-<size>.sqlite3` when it was built by
 * this generator, seed and migration list, else built afresh (into a temporary name first, so an
 * interrupted build never leaves a half-filled file to be reused).
 */
export async function cachedPractice(options: { cacheDir: string; size: number; seed: number; rebuild?: boolean }): Promise<Practice> {
  const { cacheDir, size, seed } = options
  mkdirSync(cacheDir, { recursive: true })
  const path = join(cacheDir, `practice-${size}.sqlite3`)
  const metaPath = join(cacheDir, `practice-${size}.json`)
  const key = JSON.stringify({ generator: GENERATOR_VERSION, seed, size, migrations: migrationsFingerprint() })

  const meta = !options.rebuild && existsSync(path) && existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as CacheMeta) : null
  if (meta?.key === key) {
    return { size, path, cached: true, buildMs: null, buildPhases: null, fileBytes: statSync(path).size, counts: meta.counts }
  }
  const building = join(cacheDir, `practice-${size}.building.sqlite3`)
  const { counts, buildMs, buildPhases } = await build(building, size, seed)
  removeFiles(path)
  renameSync(building, path)
  writeFileSync(metaPath, `${JSON.stringify({ key, counts, buildMs, buildPhases } satisfies CacheMeta, null, 2)}\n`)
  return { size, path, cached: false, buildMs, buildPhases, fileBytes: statSync(path).size, counts }
}

/**
 * A working copy of the cached practice: the benchmark writes (audit events, portal toggles), and
 * every run should start from the same file. Returns the copy's path and how to remove it.
 */
export function workingCopy(practice: Practice, cacheDir: string): { path: string; remove: () => void } {
  const path = join(cacheDir, `run-${practice.size}.sqlite3`)
  removeFiles(path)
  copyFileSync(practice.path, path)
  return { path, remove: () => removeFiles(path) }
}
