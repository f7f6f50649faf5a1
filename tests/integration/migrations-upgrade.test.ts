import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createKysely, migrateTo, openDatabase } from '../../db/connection'
import { migrations } from '../../db/migrations'
import { tempDir } from '../support/temp-db'
import { sqliteHandle } from '../../db/dialect/store'
import { openSqliteFile } from '../support/database'

const NAMES = Object.keys(migrations).sort()
const AT = '2025-11-02T10:15:00.000Z'

/**
 * Rows an older Portico could have written. A table's rows go in at every version where the table
 * exists, with only the columns it had then, as Portico wrote them (a phone with its digits, from
 * 0004). Insertion follows this order (foreign keys). Phones changed by 0009 are tested in
 * phone-migration.test.ts; these, with no country chosen, stay as they are.
 */
const FIXTURES: Record<string, Record<string, unknown>[]> = {
  clients: [
    { id: 1, first_name: 'Ava', last_name: 'Nguyen', preferred_name: null, date_of_birth: '1991-06-14', email: 'ava@example.test', phone: '(555) 010-2000', phone_digits: '5550102000', phone_tail: '0102000', status: 'active', created_at: AT, updated_at: AT },
    { id: 2, first_name: 'Joseph', last_name: 'Fake', preferred_name: 'Joe', date_of_birth: '1985-02-03', email: null, phone: '555 0100', phone_digits: '5550100', phone_tail: '5550100', status: 'active', created_at: AT, updated_at: AT },
    { id: 3, first_name: 'Zoë', last_name: "O'Brien-Łukasiewicz", preferred_name: null, date_of_birth: '1930-12-31', email: null, phone: null, status: 'inactive', created_at: AT, updated_at: '2025-12-01T08:00:00.000Z' },
  ],
  staff_accounts: [
    { id: 1, username: 'Reception', username_key: 'reception', display_name: 'Front desk', role: 'front_desk', password_hash: 'scrypt$staff', active: 1, failed_attempts: 0, locked_until: null, next_attempt_at: null, last_failed_at: null, last_sign_in_at: AT, created_at: AT, updated_at: AT },
  ],
  portal_accounts: [
    { client_id: 1, username: null, username_key: null, password_hash: null, access_enabled: 1, invited_at: AT, activated_at: null, last_sign_in_at: null, failed_attempts: 0, locked_until: null, created_at: AT, updated_at: AT },
    { client_id: 2, username: 'JoeFake', username_key: 'joefake', password_hash: 'scrypt$joe', access_enabled: 1, invited_at: AT, activated_at: AT, last_sign_in_at: AT, failed_attempts: 2, locked_until: null, next_attempt_at: '2025-11-02T10:15:02.000Z', last_failed_at: AT, created_at: AT, updated_at: AT },
    { client_id: 3, username: 'zoë.ob', username_key: 'zoë.ob', password_hash: 'scrypt$zoe', access_enabled: 0, invited_at: AT, activated_at: AT, last_sign_in_at: null, failed_attempts: 0, locked_until: '2025-11-02T10:30:00.000Z', created_at: AT, updated_at: AT },
  ],
  portal_invites: [
    { id: 1, client_id: 1, token_hash: 'invite-open', created_at: AT, expires_at: '2025-11-09T10:15:00.000Z', used_at: null, voided_at: null },
    { id: 2, client_id: 2, token_hash: 'invite-used', created_at: AT, expires_at: '2025-11-09T10:15:00.000Z', used_at: AT, voided_at: null },
    { id: 3, client_id: 1, token_hash: 'invite-voided', created_at: '2025-10-01T10:00:00.000Z', expires_at: '2025-10-08T10:00:00.000Z', used_at: null, voided_at: AT },
  ],
  portal_password_resets: [
    { id: 1, client_id: 2, token_hash: 'reset-open', created_at: AT, expires_at: '2025-11-02T11:15:00.000Z', used_at: null, voided_at: null },
  ],
  portal_sessions: [
    { id: 1, token_hash: 'session-joe', client_id: 2, created_at: AT, last_seen_at: AT, expires_at: '2025-11-02T22:15:00.000Z', username_change_until: '2025-11-02T10:25:00.000Z' },
  ],
  sign_in_throttles: [
    { key_hash: 'a3'.repeat(32), failed_attempts: 0, locked_until: '2025-11-02T10:30:00.000Z', next_attempt_at: null, last_failed_at: AT, forget_at: '2025-11-03T10:15:00.000Z' },
  ],
  audit_events: [
    { id: 1, occurred_at: AT, actor_type: 'desk', actor_name: 'desk', workstation: 'FRONT-1', action: 'client.create', client_id: 1, outcome: 'success', detail: '{"fields":["firstName","lastName"]}' },
    { id: 2, occurred_at: AT, actor_type: 'client', actor_name: 'joefake', workstation: null, action: 'portal.sign-in', client_id: 2, outcome: 'failure', detail: null },
    { id: 3, occurred_at: AT, actor_type: 'system', actor_name: 'portico', workstation: null, action: 'portal.serve', client_id: null, outcome: 'success', detail: '{"port":5181}' },
  ],
  settings: [
    { key: 'portal.publicUrl', value: 'https://portal.example.test' },
    { key: 'portal.serve', value: 'on' },
  ],
  // No rows of its own: 0007 writes its one row, and the clients above, added after it, count in it.
  client_list_version: [],
  // Likewise 0010's filter counter, and 0011's filter counts (counted from the rows above as it runs).
  client_state_version: [],
  client_counts: [],
}

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function databasePath() {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return join(t.dir, 'portico.sqlite3')
}

function tablesOf(sqlite: SqliteDatabase.Database): string[] {
  return sqlite
    .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`)
    .pluck()
    .all() as string[]
}

function schemaOf(sqlite: SqliteDatabase.Database): string[] {
  return sqlite
    .prepare(`select type || ' ' || name || ': ' || coalesce(sql, '') from sqlite_master where name not like 'sqlite_%' order by type, name`)
    .pluck()
    .all() as string[]
}

/** Every row of every table, as the file holds it. */
function contentsOf(sqlite: SqliteDatabase.Database): Record<string, Record<string, unknown>[]> {
  return Object.fromEntries(tablesOf(sqlite).map((t) => [t, sqlite.prepare(`select * from "${t}" order by rowid`).all() as Record<string, unknown>[]]))
}

/** A file as the Portico that stopped at migration `version` left it, holding the fixtures. */
async function databaseAt(path: string, version: string): Promise<Record<string, Record<string, unknown>[]>> {
  const sqlite = new SqliteDatabase(path)
  sqlite.pragma('journal_mode = WAL')
  const db = createKysely(sqlite)
  await migrateTo(db, version)
  const tables = new Set(tablesOf(sqlite))
  sqlite.transaction(() => {
    for (const [table, rows] of Object.entries(FIXTURES)) {
      if (!tables.has(table)) continue
      const columns = new Set((sqlite.pragma(`table_info("${table}")`) as { name: string }[]).map((c) => c.name))
      for (const row of rows) {
        const present = Object.keys(row).filter((c) => columns.has(c))
        sqlite
          .prepare(`insert into "${table}" (${present.map((c) => `"${c}"`).join(', ')}) values (${present.map(() => '?').join(', ')})`)
          .run(...present.map((c) => row[c]))
      }
    }
  })()
  const contents = contentsOf(sqlite)
  await db.destroy()
  return contents
}

describe('a database from every earlier version of Portico opens and is brought up to date', () => {
  test('every table has upgrade fixtures, so a table added later is covered too', async () => {
    const { db, sqlite } = await openSqliteFile(databasePath())
    expect(tablesOf(sqlite).filter((t) => !(t in FIXTURES))).toEqual([])
    await db.destroy()
  })

  test.each(NAMES.slice(0, -1).map((name, i) => ({ name, pending: NAMES.slice(i + 1) })))(
    'from $name: every row is kept and the schema is the same as a new database’s',
    async ({ name, pending }) => {
      const path = databasePath()
      const before = await databaseAt(path, name)
      for (const table of Object.keys(before)) expect(before[table]?.length, `${table} fixtures at ${name}`).toBeGreaterThan(0)
      const beforeMigrate = vi.fn()

      const { db, sqlite, created } = await openSqliteFile(path, { beforeMigrate })
      expect(created).toBe(false)
      expect(beforeMigrate).toHaveBeenCalledOnce()
      expect(beforeMigrate.mock.calls[0]?.[0]).toMatchObject({ pending })
      expect(sqliteHandle(beforeMigrate.mock.calls[0]?.[0].store)).toBe(sqlite)
      expect(sqlite.prepare('select name from kysely_migration order by name').pluck().all()).toEqual(NAMES)

      for (const [table, rows] of Object.entries(before)) {
        const columns = Object.keys(rows[0] ?? {}).map((c) => `"${c}"`)
        expect(sqlite.prepare(`select ${columns.join(', ')} from "${table}" order by rowid`).all(), `${table} after upgrading from ${name}`).toEqual(rows)
      }
      expect(sqlite.pragma('foreign_key_check')).toEqual([])
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')

      const fresh = await openDatabase(databasePath())
      expect(schemaOf(sqlite)).toEqual(schemaOf(sqliteHandle(fresh.store)))
      await fresh.db.destroy()
      await db.destroy()
    },
  )

  test('nothing to update, or a brand-new file: no call to take a backup first', async () => {
    const path = databasePath()
    const beforeMigrate = vi.fn()
    const created = await openDatabase(path, { beforeMigrate })
    await created.db.destroy()
    const reopened = await openDatabase(path, { beforeMigrate })
    await reopened.db.destroy()
    expect(beforeMigrate).not.toHaveBeenCalled()
    expect(sqliteHandle(reopened.store).open).toBe(false) // db.destroy() closes the file even when nothing ran
  })
})
