import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { auditForClient } from '../../db/repositories/audit.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { hashOneTimeCode } from '../../electron/main/services/one-time-code'
import { insertSession } from '../../db/repositories/portal-sessions.repository'
import type { ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { tempDatabase, testContext } from '../support/temp-db'
import { anotherDeskWriting } from '../support/database'
import { DIALECTS } from '../support/dialects'
import { channelCalls } from '../support/channel-calls'
import { useCheapPasswordHashing } from '../support/cheap-hashing'

// These tests are about the rules around passwords, not their cost: new hashes use CHEAP_SCRYPT.
useCheapPasswordHashing()

describe.each(DIALECTS)('on %s', (dialect) => {

  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeEach(async () => {
    t = await tempDatabase({ dialect, demo: true, open: { busyTimeoutMs: 200 } })
  })
  afterEach(async () => t.close())

  const { call, ok } = channelCalls(() => t.db)

  const idOf = async (query: string) => (await ok('listClients', { query })).items[0]!.id
  const blank = { firstName: '', lastName: '', preferredName: '', dateOfBirth: '', email: '', phone: '' }

  describe('opening a profile', () => {
    test('is recorded: who opened which client, when', async () => {
      const id = await idOf('joefake')
      await ok('getClient', { clientId: id })
      expect(await auditForClient(t.db, id)).toMatchObject([{ action: 'client.view', outcome: 'success', actor_name: 'Tess Admin', client_id: id }])
    })
  })

  describe('adding and editing clients', () => {
    test('bad details get a clear message per field and nothing is saved', async () => {
      const result = await call('createClient', { client: { ...blank, firstName: 'Mia', email: 'not-an-email', phone: 'call me', dateOfBirth: '2999-01-01' } })
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.error.code).toBe('INVALID_INPUT')
      expect(Object.fromEntries(result.error.fields!.map((f) => [f.field, f.message]))).toEqual({
        lastName: 'Enter a last name.',
        dateOfBirth: 'The date of birth cannot be in the future.',
        email: 'Enter an email address like name@example.com, or leave it empty.',
        phone: 'A phone number uses digits, spaces and + ( ) - . only.',
      })
      expect((await ok('listClients', { query: '' })).total).toBe(200)
    })

    test('a new client is saved trimmed, with empty fields as none, and audited', async () => {
      const created = await ok('createClient', { client: { ...blank, firstName: '  Mia ', lastName: 'Okafor', dateOfBirth: '1990-04-05', phone: '+64 21 555 0199' } })
      expect(created).toMatchObject({ firstName: 'Mia', lastName: 'Okafor', preferredName: null, email: null, phone: '+64 21 555 0199', status: 'active' })
      expect(created.portal).toMatchObject({ state: 'none', enabled: false })
      const audit = await auditForClient(t.db, created.id)
      expect(audit).toMatchObject([{ action: 'client.create', outcome: 'success', actor_type: 'desk', actor_name: 'Tess Admin', actor_staff_id: 1, workstation: 'test-desk' }])
    })

    test('an edit saves, and the audit records which fields changed but not their values', async () => {
      const id = await idOf('ava nguyen')
      const before = await ok('getClient', { clientId: id })
      const after = await ok('updateClient', {
        clientId: id,
        client: { firstName: 'Ava', lastName: 'Nguyen', preferredName: 'Avie', dateOfBirth: before.dateOfBirth, email: 'ava@example.org', phone: before.phone ?? '' },
      })
      expect(after).toMatchObject({ preferredName: 'Avie', email: 'ava@example.org' })
      const event = (await auditForClient(t.db, id)).find((e) => e.action === 'client.update')
      expect(event).toMatchObject({ action: 'client.update', outcome: 'success' })
      expect(JSON.parse(event!.detail!)).toEqual({ fields: ['preferredName', 'email'] })
      expect(event!.detail).not.toContain('ava@example.org')
    })

    test('a client can be marked inactive and active again', async () => {
      const id = await idOf('joefake')
      expect(await ok('setClientStatus', { clientId: id, status: 'inactive' })).toMatchObject({ status: 'inactive' })
      expect(await ok('setClientStatus', { clientId: id, status: 'active' })).toMatchObject({ status: 'active' })
    })

    test('a client that does not exist is a clear NOT_FOUND', async () => {
      expect(await call('getClient', { clientId: 999_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
      expect(await call('setPortalAccess', { clientId: 999_999, enabled: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    })
  })

  describe('marking a client inactive (issue 13)', () => {
    const openCodes = async (table: 'portal_invites' | 'portal_password_resets', clientId: number) =>
      (await t.db.selectFrom(table).select('id').where('client_id', '=', clientId).where('used_at', 'is', null).where('voided_at', 'is', null).execute()).length
    const sessionsOf = async (clientId: number) => (await t.db.selectFrom('portal_sessions').select('id').where('client_id', '=', clientId).execute()).length
    const signedIn = async (clientId: number) => {
      const now = new Date()
      await insertSession(t.db, { tokenHash: `session-of-${clientId}`, clientId, now: now.toISOString(), expiresAt: new Date(now.getTime() + 3600_000).toISOString() })
    }

    test('with "also turn off portal access": access off, sessions ended, reset code voided, audited; marking active again leaves access off', async () => {
      const joe = await idOf('joefake')
      await signedIn(joe)
      await ok('sendPasswordReset', { clientId: joe })
      expect([await sessionsOf(joe), await openCodes('portal_password_resets', joe)]).toEqual([1, 1])
      const inactive = await ok('setClientStatus', { clientId: joe, status: 'inactive', turnOffPortal: true })
      expect(inactive).toMatchObject({ status: 'inactive', portal: { enabled: false, username: 'joefake' } })
      expect([await sessionsOf(joe), await openCodes('portal_password_resets', joe)]).toEqual([0, 0])
      const events = (await auditForClient(t.db, joe)).map((e) => [e.action, e.outcome, e.detail ? JSON.parse(e.detail) : null])
      expect(events).toContainEqual(['portal.access.disable', 'success', { reason: 'marked inactive', sessionsEnded: 1, invitesVoided: 0, resetCodesVoided: 1 }])
      expect(events).toContainEqual(['client.status', 'success', { status: 'inactive' }])
      expect((await ok('getClientActivity', { clientId: joe }))[0]).toMatchObject({ text: 'Portal access turned off by Tess Admin (admin)' })
      expect(await ok('setClientStatus', { clientId: joe, status: 'active' })).toMatchObject({ status: 'active', portal: { enabled: false } })
    })

    test('with it, a live invite stops working; without it, the portal is left as it was', async () => {
      const ava = await idOf('ava nguyen')
      await ok('sendPortalInvite', { clientId: ava })
      expect(await ok('setClientStatus', { clientId: ava, status: 'inactive', turnOffPortal: true })).toMatchObject({ portal: { enabled: false } })
      expect(await openCodes('portal_invites', ava)).toBe(0)

      const joe = await idOf('joefake')
      await signedIn(joe)
      expect(await ok('setClientStatus', { clientId: joe, status: 'inactive' })).toMatchObject({ status: 'inactive', portal: { enabled: true } })
      expect(await sessionsOf(joe)).toBe(1)
      expect((await auditForClient(t.db, joe)).some((e) => e.action === 'portal.access.disable')).toBe(false)
    })

    test('the option is checked in main: anything but true or false is refused, and nothing changes', async () => {
      const joe = await idOf('joefake')
      const refused = await call('setClientStatus', { clientId: joe, status: 'inactive', turnOffPortal: 'yes' } as never)
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
      expect(await ok('getClient', { clientId: joe })).toMatchObject({ status: 'active', portal: { enabled: true } })
    })
  })

  describe('the Client Portal Access panel', () => {
    test('toggling access is saved and audited each way', async () => {
      const id = await idOf('samrivera')
      expect(await ok('setPortalAccess', { clientId: id, enabled: true })).toMatchObject({ enabled: true, username: 'samrivera' })
      expect((await ok('getClient', { clientId: id })).portal.enabled).toBe(true)
      expect(await ok('setPortalAccess', { clientId: id, enabled: false })).toMatchObject({ enabled: false })
      expect((await auditForClient(t.db, id)).filter((e) => e.action.startsWith('portal.')).map((e) => [e.action, e.outcome])).toEqual([
        ['portal.access.enable', 'success'],
        ['portal.access.disable', 'success'],
      ])
    })

    test('an invite and a reset code last exactly their time from the moment they are stamped, however the clock moves between readings', async () => {
      // Every reading of this clock is one millisecond later than the last, as a busy machine's can be.
      let tick = Date.parse('2026-03-02T09:00:00.000Z')
      const ticking = testContext(t.db, () => new Date(tick++))
      const send = async <K extends 'sendPortalInvite' | 'sendPasswordReset'>(channel: K, clientId: number) => {
        const result = (await dispatch(handlers, ticking, channel, { clientId }, { trusted: true }, () => {})) as Result<ChannelOutput<K>>
        if (!result.ok) throw new Error(result.error.message)
        return result.value
      }
      const id = await idOf('ava nguyen')
      const invite = await send('sendPortalInvite', id)
      const stored = await t.db.selectFrom('portal_invites').select(['created_at', 'expires_at']).where('client_id', '=', id).executeTakeFirstOrThrow()
      expect(invite.expiresAt).toBe(stored.expires_at)
      expect(Date.parse(stored.expires_at) - Date.parse(stored.created_at)).toBe(48 * 3600_000)
      const withAccount = await idOf('joefake')
      const reset = await send('sendPasswordReset', withAccount)
      const code = await t.db.selectFrom('portal_password_resets').select(['created_at', 'expires_at']).where('client_id', '=', withAccount).executeTakeFirstOrThrow()
      expect(reset.expiresAt).toBe(code.expires_at)
      expect(Date.parse(code.expires_at) - Date.parse(code.created_at)).toBe(3600_000)
    })

    test('an invite returns its code once, stores only its hash, voids the old one and turns access on', async () => {
      const id = await idOf('ava nguyen')
      const first = await ok('sendPortalInvite', { clientId: id })
      expect(first.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)
      expect(first.portalUrl).toBe('http://127.0.0.1:5181/activate')
      // Nothing serves the portal in this test: the dialog will tell staff the link won't open yet.
      expect(first.portalAnswering).toBe(false)
      expect(first.portal).toMatchObject({ state: 'invited', enabled: true, invite: { expired: false } })
      expect(new Date(first.expiresAt).getTime() - new Date(first.portal.invite!.sentAt).getTime()).toBe(48 * 3600_000)
      const second = await ok('sendPortalInvite', { clientId: id })
      expect(second.code).not.toBe(first.code)
      const invites = await t.db.selectFrom('portal_invites').selectAll().where('client_id', '=', id).orderBy('id').execute()
      expect(invites.map((i) => [i.token_hash, i.voided_at !== null])).toEqual([
        [hashOneTimeCode(first.code), true],
        [hashOneTimeCode(second.code), false],
      ])
      const stored = JSON.stringify(await t.db.selectFrom('portal_invites').selectAll().execute())
      expect(stored).not.toContain(first.code)
      expect((await auditForClient(t.db, id)).map((e) => e.action)).toEqual(['portal.invite.send', 'portal.invite.send'])
    })

    test('a client who already has a username, or is inactive, is not sent an invite', async () => {
      const joe = await idOf('joefake')
      expect(await call('sendPortalInvite', { clientId: joe })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/already has a portal account/) } })
      const ava = await idOf('ava nguyen')
      await ok('setClientStatus', { clientId: ava, status: 'inactive' })
      expect(await call('sendPortalInvite', { clientId: ava })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/inactive/) } })
    })

    test('when another desk holds the database, the toggle fails with a clear message and nothing changes', async () => {
      const id = await idOf('joefake')
      const release = await anotherDeskWriting(t.path)
      try {
        const result = await call('setPortalAccess', { clientId: id, enabled: false })
        expect(result).toMatchObject({ ok: false, error: { code: 'STORAGE_BUSY', message: expect.stringMatching(/Nothing was changed/) } })
      } finally {
        await release()
      }
      expect((await ok('getClient', { clientId: id })).portal.enabled).toBe(true)
      // The change wasn't saved, and its failure couldn't be recorded while the other desk held the lock.
      expect((await auditForClient(t.db, id)).map((e) => e.action)).toEqual(['client.view'])
    })
  })
})
