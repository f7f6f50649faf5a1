import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import { openDatabase } from '../../db/connection'
import { appendAudit } from '../../db/repositories/audit.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { DIALECTS } from '../support/dialects'
import { StatementLog } from '../support/statement-log'
import { tempDatabase, testContext } from '../support/temp-db'

const event = (workstation: string) => ({ actor: { type: 'desk' as const, name: 'Tess Admin', workstation }, action: 'test.event', clientId: null, outcome: 'success' as const, at: new Date().toISOString() })

/**
 * Issue 11, performance: on a practice server every statement is a round trip. A change and its
 * audit event are one transaction; the chain's last event is remembered between appends instead of
 * read before each, and is checked by the insert itself, so a stale memory can never fork the chain.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeEach(async () => {
    t = await tempDatabase({ dialect, demo: true })
  })
  afterEach(async () => {
    await t.close()
  })

  test('after its first event, a desk appends without reading the chain’s last event first', async () => {
    const log = new StatementLog()
    const db = t.db.withPlugin(log)
    await appendAudit(db, event('desk-a'))
    log.statements.length = 0
    await appendAudit(db, event('desk-a'))
    await appendAudit(db, event('desk-a'))
    expect(log.statements).toEqual(['insert audit_events', 'insert audit_events'])
    expect((await verifyAuditChain(t.db, { key: null })).ok).toBe(true)
  })

  test('another desk appending in between, or a rolled-back event, never forks the chain', async () => {
    const other = await openDatabase(t.path)
    try {
      await appendAudit(t.db, event('desk-a'))
      await appendAudit(other.db, event('desk-b'))
      await appendAudit(t.db, event('desk-a'))
      // An event appended and then rolled back: the memory of it is wrong, and must not be trusted.
      await t.db
        .transaction()
        .execute(async (trx) => {
          await appendAudit(trx, event('desk-a'))
          throw new Error('the change failed')
        })
        .catch(() => undefined)
      await appendAudit(other.db, event('desk-b'))
      await appendAudit(t.db, event('desk-a'))
      await appendAudit(t.db, event('desk-a'))
    } finally {
      await other.db.destroy()
    }
    const events = await t.db.selectFrom('audit_events').select(['id', 'prev_hash', 'workstation']).orderBy('id').execute()
    expect(new Set(events.map((e) => e.prev_hash)).size).toBe(events.length)
    expect(events.slice(-6).map((e) => e.workstation)).toEqual(['desk-a', 'desk-b', 'desk-a', 'desk-b', 'desk-a', 'desk-a'])
    expect(await verifyAuditChain(t.db, { key: null })).toMatchObject({ ok: true, firstBroken: null, events: events.length })
  })

  test('turning portal access on is three statements: the switch (which checks the client and their account), its event, and the panel read back', async () => {
    const log = new StatementLog()
    const ctx = testContext(t.db.withPlugin(log))
    const joe = await t.db.selectFrom('clients').select('id').where('first_name', '=', 'Joe').executeTakeFirstOrThrow()
    const call = (enabled: boolean, clientId = joe.id) => dispatch(handlers, ctx, 'setPortalAccess', { clientId, enabled }, { trusted: true }, () => {})
    await call(true)
    log.statements.length = 0
    const answer = await call(true)
    const ownStaffRow = (s: string) => s === 'select staff_accounts'
    expect(log.statements.filter((s) => !ownStaffRow(s))).toEqual(['insert clients,portal_accounts,portal_invites', 'insert audit_events', 'select clients,portal_accounts,portal_invites'])
    expect(answer).toMatchObject({ ok: true, value: { clientId: joe.id, state: 'account', username: 'joefake', enabled: true } })

    expect(await call(false, 987_654)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    // Issue 13: a client with no account or invite has nothing to sign in with, so can't be turned on.
    const ava = await t.db.selectFrom('clients').select('id').where('first_name', '=', 'Ava').executeTakeFirstOrThrow()
    expect(await call(true, ava.id)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('Send a portal invite') } })
    expect(await t.db.selectFrom('portal_accounts').select('access_enabled').where('client_id', '=', ava.id).executeTakeFirst()).toBeUndefined()
    expect(await t.db.selectFrom('portal_accounts').select('client_id').where('client_id', '=', 987_654).executeTakeFirst()).toBeUndefined()
  })
})
