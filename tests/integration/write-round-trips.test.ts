import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import { openDatabase } from '../../db/connection'
import { appendAudit } from '../../db/repositories/audit.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { DIALECTS } from '../support/dialects'
import { tempDatabase, testContext } from '../support/temp-db'

const TABLES = new Set(['audit_events', 'clients', 'portal_accounts', 'portal_invites', 'portal_sessions', 'staff_accounts'])

/**
 * Every statement a Kysely runs (BEGIN and COMMIT aside), by kind and the tables it names. A
 * subquery is shown to plugins too, so a statement is logged when its result comes back.
 */
class StatementLog implements KyselyPlugin {
  readonly statements: string[] = []
  readonly #seen = new WeakMap<object, string>()
  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const tables = new Set<string>()
    const visit = (n: unknown) => {
      if (!n || typeof n !== 'object') return
      const o = n as { kind?: string; table?: { identifier?: { name?: string } } }
      if (o.kind === 'TableNode' && TABLES.has(o.table?.identifier?.name ?? '')) tables.add(o.table!.identifier!.name!)
      Object.values(n).forEach(visit)
    }
    visit(node)
    this.#seen.set(queryId, `${node.kind.replace('QueryNode', '').toLowerCase()} ${[...tables].sort().join(',')}`)
    return node
  }
  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.statements.push(this.#seen.get(queryId) ?? 'raw')
    return result
  }
}

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

  test('turning portal access on is three statements: the switch (which checks the client exists), its event, and the panel read back', async () => {
    const log = new StatementLog()
    const ctx = testContext(t.db.withPlugin(log))
    const joe = await t.db.selectFrom('clients').select('id').where('first_name', '=', 'Joe').executeTakeFirstOrThrow()
    const call = (enabled: boolean, clientId = joe.id) => dispatch(handlers, ctx, 'setPortalAccess', { clientId, enabled }, { trusted: true }, () => {})
    await call(true)
    log.statements.length = 0
    const answer = await call(true)
    const ownStaffRow = (s: string) => s === 'select staff_accounts'
    expect(log.statements.filter((s) => !ownStaffRow(s))).toEqual(['insert clients,portal_accounts', 'insert audit_events', 'select clients,portal_accounts,portal_invites'])
    expect(answer).toMatchObject({ ok: true, value: { clientId: joe.id, state: 'account', username: 'joefake', enabled: true } })

    expect(await call(false, 987_654)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await t.db.selectFrom('portal_accounts').select('client_id').where('client_id', '=', 987_654).executeTakeFirst()).toBeUndefined()
  })
})
