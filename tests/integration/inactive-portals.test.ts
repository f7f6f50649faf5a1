import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import { issueCode } from '../../db/repositories/one-time-codes.repository'
import { insertSession } from '../../db/repositories/portal-sessions.repository'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { INACTIVE_PORTALS_BATCH } from '../../electron/main/handlers/client-list.handlers'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { DIALECTS } from '../support/dialects'
import { insertManyClients } from '../support/many-clients'
import { tempDatabase, testContext } from '../support/temp-db'
import type { StaffIdentity } from '../../shared/dto'

const AT = '2026-02-01T09:00:00.000Z'
const LATER = '2099-01-01T00:00:00.000Z'

describe.each(DIALECTS)('turning off portal access for every inactive client, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeEach(async () => {
    t = await tempDatabase({ dialect })
  })
  afterEach(async () => t.close())

  const call = <K extends ChannelName>(channel: K, input: ChannelInput<K>, staff?: StaffIdentity) =>
    dispatch(handlers, testContext(t.db, undefined, staff), channel, input, { trusted: true }, () => {}) as Promise<Result<ChannelOutput<K>>>
  /** Runs the bulk action to its end as the desk does, a batch per call; the batches' answers. */
  async function runToEnd(staff?: StaffIdentity) {
    const steps: ChannelOutput<'turnOffInactivePortals'>[] = []
    for (;;) {
      const result = await call('turnOffInactivePortals', {}, staff)
      if (!result.ok) throw new Error(result.error.message)
      steps.push(result.value)
      if (result.value.finished) return steps
    }
  }
  const events = () => t.db.selectFrom('audit_events').selectAll().where('action', '=', 'portal.access.disable').orderBy('id').execute()
  const openCodes = (table: 'portal_invites' | 'portal_password_resets', ids: number[]) =>
    t.db.selectFrom(table).select('client_id').where('client_id', 'in', ids).where('voided_at', 'is', null).where('used_at', 'is', null).execute()

  /** Inactive with access on (sessions, codes), inactive already off, active with access on, inactive invited. */
  async function practice() {
    const ids = await insertManyClients(t.db, Array.from({ length: 16 }, (_, i) => ({ firstName: `F${String(i)}`, lastName: 'Client', ...(i < 13 ? { username: `user${String(i)}` } : {}) })))
    const [leaving, alreadyOff, staying, invited] = [ids.slice(0, 6), ids.slice(6, 9), ids.slice(9, 13), ids.slice(13, 16)]
    await t.db.updateTable('clients').set({ status: 'inactive' }).where('id', 'in', [...leaving, ...alreadyOff, ...invited]).execute()
    await t.db.updateTable('portal_accounts').set({ access_enabled: 0 }).where('client_id', 'in', alreadyOff).execute()
    await t.db.updateTable('portal_accounts').set({ locked_until: LATER }).where('client_id', '=', leaving[0]!).execute()
    await t.db.insertInto('portal_accounts').values(invited.map((id) => ({ client_id: id, access_enabled: 1, invited_at: AT, created_at: AT, updated_at: AT }))).execute()
    for (const [n, id] of [...leaving, ...alreadyOff, ...staying].entries()) {
      await insertSession(t.db, { tokenHash: `session-${String(n)}`, clientId: id, now: AT, expiresAt: LATER })
      await issueCode(t.db, 'portal_password_resets', { clientId: id, tokenHash: `reset-${String(n)}`, now: AT, expiresAt: LATER })
    }
    for (const [n, id] of [...invited, ...alreadyOff].entries()) await issueCode(t.db, 'portal_invites', { clientId: id, tokenHash: `invite-${String(n)}`, now: AT, expiresAt: LATER })
    return { leaving, alreadyOff, staying, invited }
  }

  test('an admin turns them off: access off, sessions ended, codes voided, one event each; others untouched', async () => {
    const { leaving, alreadyOff, staying, invited } = await practice()
    const turned = [...leaving, ...invited]
    const counted = await call('countClients', {})
    expect(counted.ok && counted.value.inactivePortalOn).toBe(turned.length)

    expect(await runToEnd()).toEqual([{ turnedOff: turned.length, finished: true }])

    const accounts = await t.db.selectFrom('portal_accounts').select(['client_id', 'access_enabled']).execute()
    const on = accounts.filter((a) => a.access_enabled === 1).map((a) => a.client_id)
    expect(on.sort((a, b) => a - b)).toEqual(staying)
    const sessions = await t.db.selectFrom('portal_sessions').select('client_id').execute()
    expect(sessions.map((s) => s.client_id).sort((a, b) => a - b)).toEqual([...alreadyOff, ...staying])
    expect(await openCodes('portal_invites', turned)).toEqual([])
    expect(await openCodes('portal_password_resets', turned)).toEqual([])
    // Clients already off keep their codes: the action touches no one it does not turn off.
    expect(await openCodes('portal_password_resets', alreadyOff)).toHaveLength(alreadyOff.length)
    expect(await openCodes('portal_password_resets', staying)).toHaveLength(staying.length)

    const audit = await events()
    expect(audit.map((e) => e.client_id)).toEqual(turned)
    expect(audit[0]).toMatchObject({ actor_name: 'Tess Admin', actor_staff_id: 1, outcome: 'success', workstation: 'test-desk' })
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ reason: 'inactive clients', sessionsEnded: 1, invitesVoided: 0, resetCodesVoided: 1 })
    expect(JSON.parse(audit.at(-1)!.detail!)).toEqual({ reason: 'inactive clients', sessionsEnded: 0, invitesVoided: 1, resetCodesVoided: 0 })
    expect((await verifyAuditChain(t.db, { key: null })).ok).toBe(true)

    // Again: nothing left to do, nothing written.
    expect(await runToEnd()).toEqual([{ turnedOff: 0, finished: true }])
    expect(await events()).toHaveLength(turned.length)
  })

  test('front-desk staff are refused by main, whatever the desk sends, and nothing changes', async () => {
    const { leaving } = await practice()
    const id = await insertStaff(t.db, { username: 'frank', usernameKey: 'frank', displayName: 'Frank Desk', role: 'front_desk', passwordHash: 'x', now: AT })
    const frank: StaffIdentity = { id, username: 'frank', displayName: 'Frank Desk', role: 'front_desk' }
    const refused = await call('turnOffInactivePortals', {}, frank)
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // A desk claiming to be an admin in its input is refused before anything runs.
    const claimed = await call('turnOffInactivePortals', { role: 'admin' } as never, frank)
    expect(claimed.ok).toBe(false)
    // And a session that says admin for an account that is front desk in the database is refused too.
    const stale = await call('turnOffInactivePortals', {}, { ...frank, role: 'admin' })
    expect(stale).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const on = await t.db.selectFrom('portal_accounts').select('client_id').where('access_enabled', '=', 1).where('client_id', 'in', leaving).execute()
    expect(on).toHaveLength(leaving.length)
    expect(await events()).toEqual([])
  })

  test('more clients than one batch: every one turned off, in batches, each with its event, and the chain holds', async () => {
    const n = INACTIVE_PORTALS_BATCH + 300
    const ids = await insertManyClients(t.db, Array.from({ length: n }, (_, i) => ({ firstName: `F${String(i)}`, lastName: 'Many', username: `many${String(i)}` })))
    await t.db.updateTable('clients').set({ status: 'inactive' }).where('id', 'in', ids).execute()
    // Events already in the chain (another desk's): the batch chains on after them.
    await call('countClients', {})
    await call('getClient', { clientId: ids[0]! })

    const steps = await runToEnd()
    expect(steps).toEqual([
      { turnedOff: INACTIVE_PORTALS_BATCH, finished: false },
      { turnedOff: 300, finished: true },
    ])
    const audit = await events()
    expect(audit.map((e) => e.client_id).sort((a, b) => a! - b!)).toEqual(ids)
    expect(new Set(audit.map((e) => e.id)).size).toBe(n)
    const report = await verifyAuditChain(t.db, { key: null })
    expect(report).toMatchObject({ ok: true, firstBroken: null })
    expect(report.events).toBeGreaterThanOrEqual(n + 1)
  })
})
