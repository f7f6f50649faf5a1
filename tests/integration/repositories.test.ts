import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { auditForClient } from '../../db/repositories/audit.repository'
import { insertClient, listClients, updateClientFields } from '../../db/repositories/clients.repository'
import { createInvite, getPortalAccess, latestOpenInvite, setAccessEnabled } from '../../db/repositories/portal-access.repository'
import { usernameKey } from '../../shared/username'
import { tempDatabase } from '../support/temp-db'
import { DIALECTS } from '../support/dialects'

describe.each(DIALECTS)('on %s', (dialect) => {

  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeAll(async () => {
    t = await tempDatabase({ demo: true, dialect })
  })
  afterAll(async () => t.close())

  const find = async (query: string) => (await listClients(t.db, { query, limit: 500 })).items.map((c) => `${c.firstName} ${c.lastName}`)

  describe('the demo practice', () => {
    test('has about 200 clients, the article examples, invited and inactive clients, and no usable password', async () => {
      const all = await listClients(t.db, { query: '', limit: 500 })
      expect(all.total).toBe(200)
      const ids = Object.fromEntries(all.items.map((c) => [`${c.firstName} ${c.lastName}`, c.id]))
      const now = new Date()
      expect(await getPortalAccess(t.db, ids['Ava Nguyen']!, now)).toMatchObject({ state: 'none', username: null, enabled: false })
      expect(await getPortalAccess(t.db, ids['Joe Fake']!, now)).toMatchObject({ state: 'account', username: 'joefake', enabled: true })
      expect(await getPortalAccess(t.db, ids['Sam Rivera']!, now)).toMatchObject({ state: 'account', username: 'samrivera', enabled: false })
      expect(all.items.filter((c) => c.status === 'inactive').length).toBeGreaterThanOrEqual(3)
      const invited = await t.db.selectFrom('portal_invites').select('client_id').execute()
      expect(invited.length).toBeGreaterThanOrEqual(3)
      const passwords = await t.db.selectFrom('portal_accounts').select('password_hash').where('password_hash', 'is not', null).execute()
      expect(passwords).toEqual([])
    })
  })

  describe('client search', () => {
    test('finds by name, several words, email, phone digits and portal username', async () => {
      expect(await find('ava ngu')).toEqual(['Ava Nguyen'])
      expect(await find('joefake')).toEqual(['Joe Fake'])
      expect(await find('JOE.FAKE1@')).toEqual(['Joe Fake'])
      const joe = (await listClients(t.db, { query: 'joefake', limit: 1 })).items[0]!
      const digits = joe.phone!.replace(/\D/g, '')
      expect(await find(digits.slice(-7))).toContain('Joe Fake')
      expect(await find(`${digits.slice(-7, -4)}-${digits.slice(-4)}`)).toContain('Joe Fake')
      expect(await find(joe.phone!)).toContain('Joe Fake')
    })

    test('treats % and _ as plain characters and reports the total beyond the limit', async () => {
      expect(await find('%')).toEqual([])
      expect(await find('_')).toEqual([])
      const page = await listClients(t.db, { query: '', limit: 10 })
      expect(page.items).toHaveLength(10)
      expect(page.total).toBe(200)
    })
  })

  describe('clients', () => {
    test('an update reports which fields changed, by name only', async () => {
      const now = new Date().toISOString()
      const fields = { firstName: 'Rua', lastName: 'Tane', preferredName: null, dateOfBirth: '1990-01-01', email: null, phone: null }
      const id = await insertClient(t.db, fields, now)
      expect(await updateClientFields(t.db, id, { ...fields, email: 'rua@example.com' }, now)).toEqual(['email'])
      expect(await updateClientFields(t.db, id, { ...fields, email: 'rua@example.com' }, now)).toEqual([])
      expect(await updateClientFields(t.db, 999_999, fields, now)).toBeNull()
    })
  })

  describe('portal accounts and invites', () => {
    test('a new invite voids the older one, turns access on, and only its hash is stored', async () => {
      const now = new Date()
      const id = await insertClient(t.db, { firstName: 'Ina', lastName: 'Vite', preferredName: null, dateOfBirth: '1990-01-01', email: null, phone: null }, now.toISOString())
      const at = now.toISOString()
      const expiresAt = new Date(now.getTime() + 48 * 3600_000).toISOString()
      await createInvite(t.db, { clientId: id, tokenHash: 'a'.repeat(64), now: at, expiresAt })
      await createInvite(t.db, { clientId: id, tokenHash: 'b'.repeat(64), now: at, expiresAt })
      const invites = await t.db.selectFrom('portal_invites').selectAll().where('client_id', '=', id).orderBy('id').execute()
      expect(invites.map((i) => [i.token_hash[0], i.voided_at !== null])).toEqual([['a', true], ['b', false]])
      expect((await latestOpenInvite(t.db, id))?.token_hash).toBe('b'.repeat(64))
      expect(await getPortalAccess(t.db, id, now)).toMatchObject({ state: 'invited', enabled: true, invite: { expired: false } })
      expect(await getPortalAccess(t.db, id, new Date(now.getTime() + 49 * 3600_000))).toMatchObject({ invite: { expired: true } })
    })

    test('usernames are unique regardless of case and NFKC look-alikes, enforced by the database', async () => {
      const joe = (await listClients(t.db, { query: 'joefake', limit: 1 })).items[0]!
      const ava = (await listClients(t.db, { query: 'ava nguyen', limit: 1 })).items[0]!
      expect(joe.id).not.toBe(ava.id)
      await setAccessEnabled(t.db, ava.id, false, new Date().toISOString())
      for (const lookAlike of ['JoeFake', 'ｊｏｅｆａｋｅ', 'JOEFAKE']) {
        await expect(
          t.db.updateTable('portal_accounts').set({ username: lookAlike, username_key: usernameKey(lookAlike) }).where('client_id', '=', ava.id).execute(),
        ).rejects.toThrow(/UNIQUE|unique constraint/)
      }
    })

    test('switching access writes nothing but the switch; a client with no account or invite can’t be turned on (issue 13)', async () => {
      const ava = (await listClients(t.db, { query: 'ava nguyen', limit: 1 })).items[0]!
      expect(await setAccessEnabled(t.db, ava.id, true, new Date().toISOString())).toBe('no-account')
      expect(await getPortalAccess(t.db, ava.id, new Date())).toMatchObject({ state: 'none', enabled: false, username: null })
      expect(await setAccessEnabled(t.db, 987_654, true, new Date().toISOString())).toBe('no-client')
      const joe = (await listClients(t.db, { query: 'joefake', limit: 1 })).items[0]!
      expect(await setAccessEnabled(t.db, joe.id, false, new Date().toISOString())).toBe('saved')
      expect(await setAccessEnabled(t.db, joe.id, true, new Date().toISOString())).toBe('saved')
      expect(await auditForClient(t.db, ava.id)).toEqual([]) // repositories don't audit; handlers do
    })
  })
})
