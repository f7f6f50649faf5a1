import SqliteDatabase from 'better-sqlite3'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { withStatementCache } from '../../db/connection'
import { appendReadAudit, auditForClient } from '../../db/repositories/audit.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { tempDatabase, testContext } from '../support/temp-db'
import { sqliteHandle } from '../../db/dialect/store'

let t: Awaited<ReturnType<typeof tempDatabase>>
beforeAll(async () => {
  t = await tempDatabase({ demo: true })
})
afterAll(async () => t.close())

const synchronous = () => sqliteHandle(t.store).pragma('synchronous', { simple: true })

describe('opening a profile records a read without waiting for the disk', () => {
  test('the view event is in the audit trail, and every later write is back to synchronous=FULL', async () => {
    expect(synchronous()).toBe(2)
    const result = await dispatch(handlers, testContext(t.db), 'getClient', { clientId: 3 }, { trusted: true })
    expect(result.ok).toBe(true)
    expect((await auditForClient(t.db, 3)).map((e) => e.action)).toContain('client.view')
    expect(synchronous()).toBe(2)
  })

  test('a failed read-audit still puts synchronous back to FULL', async () => {
    const ctx = testContext(t.db)
    // Not a client id the schema accepts: the insert fails on its foreign key.
    await expect(appendReadAudit(t.db, { actor: ctx.actor, at: new Date().toISOString(), action: 'client.view', clientId: 999_999, outcome: 'success' })).rejects.toThrow()
    expect(synchronous()).toBe(2)
  })

  test('a write running beside it keeps synchronous=FULL: the relaxed setting holds the connection', async () => {
    const ctx = testContext(t.db)
    const seen: number[] = []
    await Promise.all([
      appendReadAudit(t.db, { actor: ctx.actor, at: new Date().toISOString(), action: 'client.view', clientId: 4, outcome: 'success' }),
      t.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(trx)
        seen.push(rows[0]!.synchronous)
      }),
    ])
    expect(seen).toEqual([2])
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
