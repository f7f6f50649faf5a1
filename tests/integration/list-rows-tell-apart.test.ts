import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { tempDatabase } from '../support/temp-db'
import { channelCalls } from '../support/channel-calls'

/**
 * Issue 13, "List rows show what tells two same-name clients apart": every list and search item
 * carries the client's date of birth and their portal state, read in the list's own statements.
 */
describe.each(DIALECTS)('five clients named Ava Nguyen on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeEach(async () => {
    t = await tempDatabase({ dialect })
  })
  afterEach(async () => t.close())

  const { ok } = channelCalls(() => t.db)
  const ava = async (dateOfBirth: string) =>
    (await ok('createClient', { client: { firstName: 'Ava', lastName: 'Nguyen', preferredName: '', dateOfBirth, email: '', phone: '' } })).id
  /** A portal account with a username, as the client's own activation leaves it. */
  const account = async (clientId: number, username: string, fields: { access_enabled: number; locked_until?: string }) => {
    const now = new Date().toISOString()
    await t.db
      .insertInto('portal_accounts')
      .values({ client_id: clientId, username, username_key: username, password_hash: 'x', activated_at: now, created_at: now, updated_at: now, ...fields })
      .execute()
  }

  test('the list and a search say each one’s date of birth and portal state', async () => {
    const none = await ava('1985-03-14')
    const invited = await ava('1990-07-02')
    const on = await ava('1972-11-30')
    const off = await ava('2001-01-09')
    const locked = await ava('1966-05-21')
    await ok('sendPortalInvite', { clientId: invited })
    await account(on, 'ava.on', { access_enabled: 1 })
    await account(off, 'ava.off', { access_enabled: 0 })
    await account(locked, 'ava.locked', { access_enabled: 1, locked_until: new Date(Date.now() + 3_600_000).toISOString() })
    const expected = [
      { id: none, dateOfBirth: '1985-03-14', portalState: 'none' },
      { id: invited, dateOfBirth: '1990-07-02', portalState: 'invited' },
      { id: on, dateOfBirth: '1972-11-30', portalState: 'on' },
      { id: off, dateOfBirth: '2001-01-09', portalState: 'off' },
      { id: locked, dateOfBirth: '1966-05-21', portalState: 'locked' },
    ]
    const byId = (items: { id: number }[]) => [...items].sort((a, b) => a.id - b.id)
    for (const input of [{ query: '' }, { query: '', at: 0 }, { query: 'ava nguyen' }, { query: 'nguyen' }]) {
      const page = await ok('listClients', input)
      expect(byId(page.items), JSON.stringify(input)).toMatchObject(expected)
    }
  })

  test('a lock that has run out no longer counts: the account reads as on', async () => {
    const id = await ava('1985-03-14')
    await account(id, 'ava.was.locked', { access_enabled: 1, locked_until: new Date(Date.now() - 60_000).toISOString() })
    const page = await ok('listClients', { query: '' })
    expect(page.items).toMatchObject([{ id, portalState: 'on' }])
  })
})
