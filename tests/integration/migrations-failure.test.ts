import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { type Migration, sql } from 'kysely'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { DatabaseDamagedError, MigrationFailedError, openDatabase } from '../../db/connection'
import { migrations } from '../../db/migrations'
import { practiceWithClients } from '../support/backup-practice'
import { crashSeed, runThenKill, seededRandom } from '../support/crash-harness'
import { readDatabase } from '../support/database'
import { tempDir } from '../support/temp-db'
import { openSqliteFile } from '../support/database'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function folder() {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

/** The whole file as SQL sees it: schema, recorded migrations and every row. */
function stateOf(path: string) {
  return readDatabase(path, (sqlite) => {
    const tables = sqlite.prepare(`select name from sqlite_master where type = 'table' order by name`).pluck().all() as string[]
    return {
      schema: sqlite.prepare(`select type, name, sql from sqlite_master order by type, name`).all(),
      rows: Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`select * from "${t}" order by rowid`).all()])),
    }
  })
}

const addsATable: Migration = {
  async up(db) {
    await db.schema.createTable('visits').addColumn('id', 'integer', (c) => c.primaryKey()).execute()
    await db.insertInto('visits').values({ id: 1 }).execute()
  },
}
const breaksHalfway: Migration = {
  async up(db) {
    await db.schema.alterTable('clients').addColumn('nickname', 'text').execute()
    await sql`update clients set first_name = 'CHANGED'`.execute(db)
    await db.schema.createTable('half_done').addColumn('id', 'integer').execute()
    throw new Error('deliberately broken migration')
  },
}
const withBrokenUpdate = { ...migrations, '9998_adds_a_table': addsATable, '9999_deliberately_broken': breaksHalfway }

describe('an update that fails leaves the database at its previous version', () => {
  test('a migration that throws is undone with every step before it, and reported clearly', async () => {
    const path = join(folder(), 'portico.sqlite3')
    await practiceWithClients(path, 50)
    const before = stateOf(path)
    const beforeMigrate = vi.fn()

    const error = await openDatabase(path, { migrations: withBrokenUpdate, beforeMigrate }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MigrationFailedError)
    expect(error).toMatchObject({ migration: '9999_deliberately_broken', pending: ['9998_adds_a_table', '9999_deliberately_broken'], undone: true })
    expect((error as Error).message).toMatch(/could not update this database.*9999_deliberately_broken.*undone.*exactly as it was/)
    expect(((error as Error).cause as Error).message).toBe('deliberately broken migration')
    expect(beforeMigrate).toHaveBeenCalledOnce()
    expect(existsSync(`${path}-wal`)).toBe(false)

    expect(stateOf(path)).toEqual(before)
    const { db, sqlite } = await openSqliteFile(path)
    expect(sqlite.prepare('select count(*) from clients').pluck().get()).toBe(50)
    await db.destroy()
  })

  test('when the backup before an update fails, nothing is updated', async () => {
    const path = join(folder(), 'portico.sqlite3')
    await practiceWithClients(path, 5)
    const before = stateOf(path)
    const beforeMigrate = () => {
      throw new Error('the backup drive is full')
    }
    await expect(openDatabase(path, { migrations: { ...migrations, '9998_adds_a_table': addsATable }, beforeMigrate })).rejects.toThrow('the backup drive is full')
    expect(existsSync(`${path}-wal`)).toBe(false) // closed: the last connection removes its WAL
    expect(stateOf(path)).toEqual(before)
  })

  test('a migration killed at random moments leaves the previous version, and the file opens', async () => {
    const path = join(folder(), 'portico.sqlite3')
    await practiceWithClients(path, 200)
    const before = stateOf(path)
    const seed = crashSeed()
    const random = seededRandom(seed)
    const iterations = 8
    let largestWal = 0
    for (let i = 0; i < iterations; i++) {
      const run = await runThenKill('crash-migrator.ts', [path], random(5, 600))
      largestWal = Math.max(largestWal, existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0)
      const context = `iteration ${i}, seed ${seed}, killed ${Math.round(run.ranMs)} ms into the migration`
      expect(run.lines, context).not.toContain('migrated')
      expect(readDatabase(path, (db) => db.pragma('integrity_check', { simple: true })), context).toBe('ok')
      expect(stateOf(path), context).toEqual(before)
    }
    const { db, sqlite } = await openSqliteFile(path)
    expect(sqlite.prepare('select count(*) from clients').pluck().get()).toBe(200)
    await db.destroy()
    console.log(
      `migrations-failure: ${iterations} kills mid-migration (seed ${seed}), each left the previous version; ` +
        `uncommitted WAL up to ${(largestWal / 1e6).toFixed(1)} MB`,
    )
    // Eight processes each start tsx and load the migrations (about 2 s each alone, far more on a busy machine).
  }, 60_000)
})

/** Overwrites the first bytes of the root page of `name` (a table or an index) with garbage. */
function damagePage(path: string, name: string): void {
  const { root, pageSize } = readDatabase(path, (db) => ({
    root: db.prepare('select rootpage from sqlite_master where name = ?').pluck().get(name) as number,
    pageSize: db.pragma('page_size', { simple: true }) as number,
  }))
  const bytes = readFileSync(path)
  bytes.fill(0x5a, (root - 1) * pageSize, (root - 1) * pageSize + 200)
  writeFileSync(path, bytes)
}

describe('a damaged database is refused before anything is written', () => {
  test.each([
    { what: 'an index whose page is damaged (quick_check reports it)', name: 'clients_last_name_idx' },
    { what: 'a table whose root page is damaged (reading it fails)', name: 'clients' },
  ])('$what: DatabaseDamagedError, and the file is byte for byte as it was', async ({ name }) => {
    const path = join(folder(), 'portico.sqlite3')
    await practiceWithClients(path, 3000)
    damagePage(path, name)
    const before = readFileSync(path)

    const error = await openDatabase(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatabaseDamagedError)
    expect((error as Error).message).toMatch(/database is damaged.*has not been changed.*Restore the newest good backup/)
    expect((error as DatabaseDamagedError).problems.length).toBeGreaterThan(0)
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0)
  })

  test('a damaged file with changes still in its WAL: neither the file nor the WAL is touched', async () => {
    const dir = folder()
    const live = join(dir, 'live.sqlite3')
    await practiceWithClients(live, 3000)
    const writer = new SqliteDatabase(live)
    writer.pragma('wal_autocheckpoint = 0')
    writer.prepare(`insert into settings (key, value) values ('portal.serve', 'on')`).run()
    // A copy taken while the writer is open is what a crash leaves: the commit lives only in the WAL.
    const path = join(dir, 'portico.sqlite3')
    copyFileSync(live, path)
    copyFileSync(`${live}-wal`, `${path}-wal`)
    writer.close()
    damagePage(path, 'clients_last_name_idx')
    const before = { db: readFileSync(path), wal: readFileSync(`${path}-wal`) }
    expect(before.wal.length).toBeGreaterThan(0)

    await expect(openDatabase(path)).rejects.toBeInstanceOf(DatabaseDamagedError)
    expect(readFileSync(path).equals(before.db)).toBe(true)
    expect(readFileSync(`${path}-wal`).equals(before.wal)).toBe(true)
  })

  test('a file left mid-write in rollback mode (a restored backup) is rolled back and opened', async () => {
    const dir = folder()
    const live = join(dir, 'live.sqlite3')
    await practiceWithClients(live, 500)
    const writer = new SqliteDatabase(live)
    writer.pragma('journal_mode = DELETE')
    writer.pragma('cache_size = 5') // spill early: the file holds uncommitted pages, the journal the originals
    writer.prepare('begin').run()
    writer.prepare(`update clients set last_name = 'UNCOMMITTED'`).run()
    const path = join(dir, 'portico.sqlite3')
    copyFileSync(live, path)
    copyFileSync(`${live}-journal`, `${path}-journal`)
    writer.prepare('rollback').run()
    writer.close()
    // The journal is hot: a read-only connection cannot read past it, so openDatabase must roll it back.
    expect(() => readDatabase(path, (db) => db.prepare('select count(*) from clients').get())).toThrow(/readonly/)

    const { db, sqlite } = await openSqliteFile(path)
    expect(sqlite.prepare(`select count(*) from clients where last_name = 'UNCOMMITTED'`).pluck().get()).toBe(0)
    expect(sqlite.prepare('select count(*) from clients').pluck().get()).toBe(500)
    await db.destroy()
  })
})
