import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { createKysely, migrateTo, openDatabase } from '../../db/connection'
import { seedDemoPractice } from '../../db/demo-practice'
import { migrations } from '../../db/migrations'
import { tempDir } from '../support/temp-db'
import { BUSY_SLICE_MS } from '../../db/dialect/sqlite'
import { sqliteHandle } from '../../db/dialect/store'
import { openSqliteFile } from '../support/database'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function databasePath() {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return join(t.dir, 'portico.sqlite3')
}

/**
 * What must hold on every connection `openDatabase` hands out. SQLite itself waits for a lock only
 * a slice at a time (it blocks the thread while it waits); the driver tries again for up to the
 * busy timeout without blocking (tests/integration/busy-without-freezing.test.ts).
 */
function expectDurable(sqlite: SqliteDatabase.Database, busyTimeoutMs = 5000) {
  expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
  expect(sqlite.pragma('synchronous', { simple: true })).toBe(2) // FULL: a commit is on disk when it returns
  expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
  expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(Math.min(busyTimeoutMs, BUSY_SLICE_MS))
}

describe('every way a database is opened gives a durable connection', () => {
  test('a new file', async () => {
    const { db, sqlite, created } = await openSqliteFile(databasePath())
    expect(created).toBe(true)
    expectDurable(sqlite)
    await db.destroy()
  })

  test('an existing file', async () => {
    const path = databasePath()
    await (await openDatabase(path)).db.destroy()
    const { db, sqlite, created } = await openSqliteFile(path)
    expect(created).toBe(false)
    expectDurable(sqlite)
    await db.destroy()
  })

  test('a file reopened after it was brought up from the first schema version', async () => {
    const path = databasePath()
    const old = new SqliteDatabase(path)
    const oldDb = createKysely(old)
    await migrateTo(oldDb, Object.keys(migrations)[0] as string)
    await oldDb.destroy()

    const { db, sqlite, created } = await openSqliteFile(path)
    expect(created).toBe(false)
    expect(sqlite.prepare('select count(*) from kysely_migration').pluck().get()).toBe(Object.keys(migrations).length)
    expectDurable(sqlite)
    await db.destroy()
  })

  test('a file holding the demo practice', async () => {
    const path = databasePath()
    const first = await openDatabase(path)
    await seedDemoPractice(first.db)
    expectDurable(sqliteHandle(first.store))
    await first.db.destroy()
    const { db, sqlite } = await openSqliteFile(path)
    expect(sqlite.prepare('select count(*) from clients').pluck().get()).toBeGreaterThan(0)
    expectDurable(sqlite)
    await db.destroy()
  })

  test('a custom busy timeout, and a negative one clamped to zero', async () => {
    const path = databasePath()
    const custom = await openDatabase(path, { busyTimeoutMs: 250 })
    expectDurable(sqliteHandle(custom.store), 250)
    await custom.db.destroy()
    const clamped = await openDatabase(path, { busyTimeoutMs: -5 })
    expect(sqliteHandle(clamped.store).pragma('busy_timeout', { simple: true })).toBe(0)
    await clamped.db.destroy()
  })
})
