import SqliteDatabase from 'better-sqlite3'
import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { withStatementCache } from '../../db/connection'
import { dialectOf } from '../../db/dialect/dialect'
import { appendReadAudit, auditForClient } from '../../db/repositories/audit.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { Database } from '../../db/schema'
import { DIALECTS } from '../support/dialects'
import { tempDatabase, testContext } from '../support/temp-db'

/**
 * Whether commits on the connection the next query gets wait for the disk: SQLite's
 * synchronous=FULL, PostgreSQL's synchronous_commit=on. (The server's pool hands out the connection
 * released last, so this asks the one the read audit just used.)
 */
async function commitsWaitForDisk(db: Kysely<Database>): Promise<boolean> {
  if (dialectOf(db).engine === 'sqlite') return (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]!.synchronous === 2
  return (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db)).rows[0]!.synchronous_commit === 'on'
}

describe.each(DIALECTS)('opening a profile records a read without waiting for the disk, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeAll(async () => {
    t = await tempDatabase({ demo: true, dialect })
  })
  afterAll(async () => t.close())

  test('the view event is in the audit trail, and every later write waits for the disk again', async () => {
    expect(await commitsWaitForDisk(t.db)).toBe(true)
    const result = await dispatch(handlers, testContext(t.db), 'getClient', { clientId: 3 }, { trusted: true })
    expect(result.ok).toBe(true)
    expect((await auditForClient(t.db, 3)).map((e) => e.action)).toContain('client.view')
    expect(await commitsWaitForDisk(t.db)).toBe(true)
  })

  test('a failed read-audit still leaves later writes waiting for the disk', async () => {
    const ctx = testContext(t.db)
    // Not a client id the schema accepts: the insert fails on its foreign key.
    await expect(appendReadAudit(t.db, { actor: ctx.actor, at: new Date().toISOString(), action: 'client.view', clientId: 999_999, outcome: 'success' })).rejects.toThrow()
    expect(await commitsWaitForDisk(t.db)).toBe(true)
  })

  test('a write running beside it waits for the disk: the relaxed setting stays with its own transaction', async () => {
    const ctx = testContext(t.db)
    const seen: boolean[] = []
    await Promise.all([
      appendReadAudit(t.db, { actor: ctx.actor, at: new Date().toISOString(), action: 'client.view', clientId: 4, outcome: 'success' }),
      t.db.transaction().execute(async (trx) => {
        seen.push(await commitsWaitForDisk(trx as unknown as Kysely<Database>))
      }),
    ])
    expect(seen).toEqual([true])
  })
})

describe('the prepared-statement cache', () => {
  test('reuses a statement by its SQL text, and prepares afresh while one is still iterating', () => {
    const sqlite = new SqliteDatabase(':memory:')
    const cache = withStatementCache(sqlite, 2)
    const a = cache.prepare('select 1 as n')
    expect(cache.prepare('select 1 as n')).toBe(a)
    const iterating = cache.prepare('select value from json_each(?)')
    const rows = iterating.iterate('[1,2,3]')
    rows.next()
    const second = cache.prepare('select value from json_each(?)')
    expect(second).not.toBe(iterating)
    expect(second.all('[4,5]')).toHaveLength(2)
    rows.return?.()
    // The least recently used statement goes once the cache is full.
    cache.prepare('select 2 as n')
    cache.prepare('select 3 as n')
    expect(cache.prepare('select 1 as n')).not.toBe(a)
    sqlite.close()
  })
})
