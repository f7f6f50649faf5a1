import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { BUSY_SLICE_MS } from '../../db/dialect/sqlite'
import { afterEach, describe, expect, test } from 'vitest'
import { DatabaseFromFutureError, DatabaseUnreadableError, openDatabase } from '../../db/connection'
import { migrations } from '../../db/migrations'
import { tempDir } from '../support/temp-db'
import { openSqliteFile } from '../support/database'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function folder() {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

/** Tables, indexes and triggers as SQLite records them: the schema every migration adds up to. */
function schemaOf(sqlite: SqliteDatabase.Database) {
  return (
    sqlite
      .prepare(`select type, name, sql from sqlite_master where name not like 'sqlite_%' and name not like 'kysely_%' order by type, name`)
      .all() as { type: string; name: string; sql: string | null }[]
  ).map((r) => `${r.type} ${r.name}: ${r.sql?.replace(/\s+/g, ' ')}`)
}

describe('opening a database file', () => {
  test('every migration applied to an empty database gives the recorded schema', async () => {
    const { db, sqlite, created } = await openSqliteFile(join(folder(), 'a.sqlite3'))
    expect(created).toBe(true)
    expect(schemaOf(sqlite)).toMatchSnapshot()
    expect(sqlite.prepare('select name from kysely_migration order by name').all()).toEqual(
      Object.keys(migrations).map((name) => ({ name })),
    )
    await db.destroy()
  })

  test('sets WAL, synchronous=FULL, foreign keys and a busy timeout on every open', async () => {
    const path = join(folder(), 'b.sqlite3')
    for (let i = 0; i < 2; i++) {
      const { db, sqlite, created } = await openSqliteFile(path, { busyTimeoutMs: 1234 })
      expect(created).toBe(i === 0)
      expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(sqlite.pragma('synchronous', { simple: true })).toBe(2) // 2 = FULL
      expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
      // SQLite itself waits a short slice at a time; the driver retries up to the 1234 ms asked for
      // without blocking the thread meanwhile (busy-without-freezing.test.ts).
      expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(Math.min(1234, BUSY_SLICE_MS))
      await db.destroy()
    }
  })

  test('a database written by a newer Portico is refused with a clear message and left untouched', async () => {
    const path = join(folder(), 'future.sqlite3')
    const { db } = await openDatabase(path)
    await db.destroy()
    const writer = new SqliteDatabase(path)
    writer.prepare(`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01')`).run()
    writer.pragma('journal_mode = DELETE') // fold the WAL back in so the file alone holds everything
    writer.close()
    const before = readFileSync(path)

    const error = await openDatabase(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatabaseFromFutureError)
    expect((error as Error).message).toMatch(/newer version of Portico.*not been opened or changed/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  test('a file that is not a database is refused and left untouched', async () => {
    const path = join(folder(), 'notes.sqlite3')
    writeFileSync(path, 'Client notes, definitely not SQLite. '.repeat(200))
    const before = readFileSync(path)
    await expect(openDatabase(path)).rejects.toBeInstanceOf(DatabaseUnreadableError)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  test('foreign keys are enforced and the audit trail is append-only', async () => {
    const { db, sqlite } = await openSqliteFile(join(folder(), 'c.sqlite3'))
    expect(() => sqlite.prepare(`insert into portal_accounts (client_id, access_enabled, created_at, updated_at) values (999, 0, 'x', 'x')`).run()).toThrow(/FOREIGN KEY/)
    const insert = (verb: string, id: string, tail = '') =>
      sqlite.prepare(`${verb} into audit_events (id, occurred_at, actor_type, actor_name, action, outcome) values (${id}, 't', 'desk', 'desk', 'x', 'success')${tail}`).run()
    insert('insert', '1')
    expect(() => sqlite.prepare(`update audit_events set outcome = 'failure'`).run()).toThrow(/append-only/)
    expect(() => sqlite.prepare(`delete from audit_events`).run()).toThrow(/append-only/)
    // REPLACE deletes without firing delete triggers, and an upsert updates: both are refused, as
    // is an insert that doesn't go after the last event (or leaves the id to SQLite).
    expect(() => insert('insert or replace', '1')).toThrow(/append-only/)
    expect(() => insert('replace', '1')).toThrow(/append-only/)
    expect(() => insert('insert', '1', ` on conflict (id) do update set outcome = 'failure'`)).toThrow(/append-only/)
    expect(() => insert('insert', 'null')).toThrow(/append-only/)
    expect(() => insert('insert', '0')).toThrow(/append-only/)
    insert('insert', '2')
    expect(sqlite.prepare('select id, outcome from audit_events order by id').all()).toEqual([
      { id: 1, outcome: 'success' },
      { id: 2, outcome: 'success' },
    ])
    await db.destroy()
  })
})
