import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { listClients } from '../../db/repositories/clients.repository'
import { issueCode } from '../../db/repositories/one-time-codes.repository'
import { createInvite } from '../../db/repositories/portal-access.repository'
import { setPasswordHash } from '../../db/repositories/portal-accounts.repository'
import { hashOneTimeCode, newOneTimeCode } from '../../electron/main/services/one-time-code'
import { hashPassword } from '../../electron/main/services/passwords'
import { DIALECTS } from '../support/dialects'
import { type Desk, atOnce, desksOn } from '../support/desks'
import type { PortalAnswer } from '../support/desk-scenarios'
import { tempDatabase } from '../support/temp-db'

/**
 * Issue 11, "Correct under concurrency", at the client portal: two portals (or a portal and a desk
 * serving one) on one practice database, answering the same client at the same moment.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  let desks: Desk[]
  beforeEach(async () => {
    t = await tempDatabase({ dialect, demo: true })
    desks = await desksOn(dialect, t.path)
    await atOnce(desks, 'open', () => ({ migrations: 'all' }))
  })
  afterEach(async () => {
    await Promise.all(desks.map((d) => d.close()))
    await t.close()
  })

  const clientId = async (query: string) => (await listClients(t.db, { query, limit: 1 })).items[0]!.id
  const hour = () => new Date(Date.now() + 3600_000).toISOString()
  const successes = async (action: string) =>
    (await t.db.selectFrom('audit_events').select('id').where('action', '=', action).where('outcome', '=', 'success').execute()).length
  const codes = (answers: PortalAnswer[][]) => answers.flat().map((a) => (a.ok ? 'OK' : a.code)).sort()

  describe('a single-use code redeemed several times at once has exactly one winner', () => {
    test('an invite: one account is made, every other attempt is refused', async () => {
      const ava = await clientId('ava nguyen')
      const code = newOneTimeCode()
      await createInvite(t.db, { clientId: ava, tokenHash: hashOneTimeCode(code), now: new Date().toISOString(), expiresAt: hour() })
      const answers = await atOnce(desks, 'portal', (i) => ({
        calls: [1, 2, 3].map((k) => ({ action: 'activate' as const, body: { code, dateOfBirth: '1991-06-14', username: `ava.${i + 1}.${k}`, password: 'tui-kowhai-harbour-lantern' } })),
      }))
      const all = answers.flat()
      expect(all.filter((a) => a.ok)).toHaveLength(1)
      // The others find the code used, or come while the winner's check holds the account (try again).
      expect(all.filter((a) => !a.ok).map((a) => !a.ok && a.code)).toEqual(Array(5).fill(expect.stringMatching(/^(CODE_NOT_USABLE|LOCKED)$/)))
      const accounts = await t.db.selectFrom('portal_accounts').select('username').where('client_id', '=', ava).execute()
      expect(accounts).toEqual([{ username: expect.stringMatching(/^ava\.\d\.\d$/) }])
      const invite = await t.db.selectFrom('portal_invites').select('used_at').where('client_id', '=', ava).execute()
      expect(invite).toEqual([{ used_at: expect.any(String) }])
      expect(await successes('portal.activate')).toBe(1)
    })

    test('a password reset code: one new password is set, every other attempt is refused', async () => {
      const joe = await clientId('joefake')
      const code = newOneTimeCode()
      await issueCode(t.db, 'portal_password_resets', { clientId: joe, tokenHash: hashOneTimeCode(code), now: new Date().toISOString(), expiresAt: hour() })
      const answers = await atOnce(desks, 'portal', (i) => ({
        calls: [1, 2, 3].map((k) => ({ action: 'resetPassword' as const, body: { username: 'joefake', code, newPassword: `harbour-lantern-${i + 1}-${k}-kowhai` } })),
      }))
      expect(codes(answers)).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'OK'])
      const reset = await t.db.selectFrom('portal_password_resets').select('used_at').where('client_id', '=', joe).execute()
      expect(reset).toEqual([{ used_at: expect.any(String) }])
      expect(await successes('portal.password.reset')).toBe(1)
    })
  })

  test('two clients activating their invites at once with the same free username: one gets it, the other is told it is taken', async () => {
    const twoWithout = await t.db
      .selectFrom('clients')
      .select(['id', 'date_of_birth'])
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('portal_accounts').select('client_id').whereRef('portal_accounts.client_id', '=', 'clients.id'))))
      .orderBy('id')
      .limit(2)
      .execute()
    const invites = await Promise.all(
      twoWithout.map(async (c) => {
        const code = newOneTimeCode()
        await createInvite(t.db, { clientId: c.id, tokenHash: hashOneTimeCode(code), now: new Date().toISOString(), expiresAt: hour() })
        return { code, dateOfBirth: c.date_of_birth }
      }),
    )
    const answers = await atOnce(desks, 'portal', (i) => ({
      calls: [{ action: 'activate' as const, body: { ...invites[i]!, username: 'harbour.fan', password: `tui-kowhai-harbour-${i}-lantern` } }],
    }))
    const taken = [{ field: 'username', message: 'That username is already taken. Try another.' }]
    expect(answers.flat()).toEqual(expect.arrayContaining([{ ok: true }, expect.objectContaining({ ok: false, code: 'CONFLICT', fields: taken })]))
    const holders = await t.db.selectFrom('portal_accounts').select('client_id').where('username_key', '=', 'harbour.fan').execute()
    expect(holders).toHaveLength(1)
    // The one refused keeps their invite for another try.
    const open = await t.db.selectFrom('portal_invites').select('id').where('client_id', 'in', twoWithout.map((c) => c.id)).where('used_at', 'is', null).execute()
    expect(open).toHaveLength(1)
  })

  test('portal sign-in: wrong passwords sent at once from two portals count exactly one failure a round, and the fifth locks', { timeout: 60_000 }, async () => {
    const joe = await clientId('joefake')
    await setPasswordHash(t.db, joe, await hashPassword('tui-kowhai-harbour-lantern'), new Date().toISOString())
    const START = Date.parse('2026-03-02T09:00:00.000Z')
    const round = (desk: number, n: number) => ({
      at: new Date(START + n * 61_000).toISOString(),
      calls: [0, 1].map((k) => ({ action: 'signIn' as const, body: { username: 'joefake', password: `wrong-${desk}-${n}-${k}` } })),
    })
    const account = () => t.db.selectFrom('portal_accounts').select(['failed_attempts', 'locked_until']).where('client_id', '=', joe).executeTakeFirstOrThrow()
    for (let n = 1; n <= 5; n++) {
      const answers = await atOnce(desks, 'portal', (i) => round(i, n))
      expect(codes(answers), `round ${n}`).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'UNAUTHENTICATED'])
      const state = await account()
      if (n < 5) expect(state, `round ${n}`).toEqual({ failed_attempts: n, locked_until: null })
      else expect(state.locked_until).not.toBeNull()
    }
    expect(codes(await atOnce(desks, 'portal', (i) => round(i, 6)))).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'LOCKED'])
    const outcomes = await t.db.selectFrom('audit_events').select('outcome').where('action', '=', 'portal.sign-in').where('client_id', '=', joe).execute()
    expect(outcomes.filter((o) => o.outcome === 'failure')).toHaveLength(5)
  })
})
