import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type OpenedDatabase, openDatabase } from '../../db/connection'
import { clientCounts } from '../../db/repositories/client-counts'
import { type ListCursor, listClients } from '../../db/repositories/clients.repository'
import { ClientFilter } from '../../shared/client-filter'
import type { ClientSummary } from '../../shared/dto'
import { DIALECTS } from '../support/dialects'
import { insertManyClients } from '../support/many-clients'
import { tempDatabase } from '../support/temp-db'

/** Which clients a filter shows, by the words the list row itself carries (portal-state.ts). */
const SHOWS: Record<ClientFilter, (c: ClientSummary) => boolean> = {
  all: () => true,
  active: (c) => c.status === 'active',
  inactive: (c) => c.status === 'inactive',
  portal_on: (c) => c.portalState === 'on',
  locked: (c) => c.portalState === 'locked',
  invited: (c) => c.portalState === 'invited',
}

/**
 * Two desks on one database, as in list-other-desks.test.ts: desk A writes straight to the
 * database, desk B remembers each filter's total, positions and counts, and must follow.
 */
describe.each(DIALECTS)('the list’s filters on %s', (dialect) => {
  let deskA: Awaited<ReturnType<typeof tempDatabase>>
  let deskB: OpenedDatabase
  const at = '2026-02-01T09:00:00.000Z'
  const later = new Date(Date.now() + 3_600_000).toISOString()

  beforeAll(async () => {
    deskA = await tempDatabase({ dialect })
    const names = ['Nguyen', 'Smith', 'Lee', 'Brown', 'Okafor', 'Jones']
    const ids = await insertManyClients(
      deskA.db,
      Array.from({ length: 600 }, (_, i) => ({ firstName: `F${String(i % 41)}`, lastName: names[i % names.length]!, ...(i % 4 === 0 ? { username: `user${String(i)}` } : {}) })),
    )
    const every = (n: number, from = 0) => ids.filter((_, i) => i % n === from)
    await deskA.db.updateTable('clients').set({ status: 'inactive' }).where('id', 'in', every(3)).execute()
    await deskA.db.updateTable('portal_accounts').set({ locked_until: later }).where('client_id', 'in', every(12)).execute()
    await deskA.db.updateTable('portal_accounts').set({ access_enabled: 0 }).where('client_id', 'in', every(20, 4)).execute()
    await deskA.db
      .insertInto('portal_accounts')
      .values(every(7, 2).filter((_, i) => i % 2 === 0).map((id) => ({ client_id: id, access_enabled: 1, invited_at: at, created_at: at, updated_at: at })))
      .onConflict((oc) => oc.column('client_id').doNothing())
      .execute()
    deskB = await openDatabase(deskA.path)
  })
  afterAll(async () => {
    await deskB.db.destroy()
    await deskA.close()
  })

  /** A filter's list at desk B by keyset cursor, nothing remembered. */
  async function walk(filter: ClientFilter): Promise<ClientSummary[]> {
    const all: ClientSummary[] = []
    let after: ListCursor | undefined
    for (;;) {
      const page = await listClients(deskB.db, { query: '', limit: 97, filter, ...(after ? { after } : {}) })
      all.push(...page.items)
      const last = page.items.at(-1)
      if (!page.hasMore || !last) return all
      after = { lastName: last.lastName, firstName: last.firstName, id: last.id }
    }
  }
  /** What every filter should show now, from the whole list's own rows. */
  async function expected(): Promise<Record<ClientFilter, ClientSummary[]>> {
    const everyone = await walk('all')
    return Object.fromEntries(ClientFilter.options.map((f) => [f, everyone.filter(SHOWS[f])])) as Record<ClientFilter, ClientSummary[]>
  }
  /** Desk B agrees with `want` on every filter: counts, totals, cursor pages and every position. */
  async function agrees(want: Record<ClientFilter, ClientSummary[]>) {
    const counts = await clientCounts(deskB.db, new Date())
    for (const filter of ClientFilter.options) {
      const ids = want[filter].map((c) => c.id)
      expect(counts.byFilter[filter], filter).toBe(ids.length)
      expect((await walk(filter)).map((c) => c.id), filter).toEqual(ids)
      for (const position of [0, 63, 64, 65, 130, ids.length - 1]) {
        if (position < 0 || position >= ids.length) continue
        const page = await listClients(deskB.db, { query: '', limit: 3, at: position, filter })
        expect(page.total, `${filter} total`).toBe(ids.length)
        expect(page.items.map((c) => c.id), `${filter} at ${String(position)}`).toEqual(ids.slice(position, position + 3))
      }
    }
    // The bulk action's number: inactive clients whose switch is on (a locked or invited account's too).
    expect(counts.inactivePortalOn).toBe((await walk('inactive')).filter((c) => c.portalEnabled).length)
  }

  test('each filter shows exactly the clients whose row says so, with its count, total and positions', async () => {
    const want = await expected()
    for (const filter of ['active', 'inactive', 'portal_on', 'locked', 'invited'] as const) expect(want[filter].length, filter).toBeGreaterThan(20)
    expect(want.active.length + want.inactive.length).toBe(600)
    await agrees(want)
  })

  test('changes made at desk A move clients between desk B’s filters on B’s very next call', async () => {
    await agrees(await expected())
    const [active, portalOn, locked] = [(await walk('active'))[5]!, (await walk('portal_on'))[70]!, (await walk('locked'))[3]!]
    await deskA.db.updateTable('clients').set({ status: 'inactive', updated_at: at }).where('id', '=', active.id).execute()
    await deskA.db.updateTable('portal_accounts').set({ access_enabled: 0 }).where('client_id', '=', portalOn.id).execute()
    await deskA.db.updateTable('portal_accounts').set({ locked_until: null }).where('client_id', '=', locked.id).execute()
    const want = await expected()
    expect(want.inactive.map((c) => c.id)).toContain(active.id)
    expect(want.portal_on.map((c) => c.id)).not.toContain(portalOn.id)
    expect(want.portal_on.map((c) => c.id)).toContain(locked.id)
    await agrees(want)

    await deskA.db.deleteFrom('portal_accounts').where('client_id', '=', (await walk('invited'))[0]!.id).execute()
    await deskA.db.insertInto('clients').values({ first_name: 'Aaron', last_name: 'Aardvark', date_of_birth: '1980-01-01', status: 'inactive', created_at: at, updated_at: at }).execute()
    await agrees(await expected())
  })

  test('a lock that runs out moves its client from Locked to Portal on, with nothing written', async () => {
    const client = (await walk('portal_on'))[0]!
    const soon = Date.now() + 1_500
    await deskA.db.updateTable('portal_accounts').set({ locked_until: new Date(soon).toISOString() }).where('client_id', '=', client.id).execute()
    expect((await walk('locked')).map((c) => c.id)).toContain(client.id)
    await agrees(await expected())
    await expect.poll(async () => (await clientCounts(deskB.db, new Date())).byFilter.locked, { timeout: 15_000 }).toBe((await expected()).locked.length - 1)
    expect(Date.now()).toBeGreaterThanOrEqual(soon)
    await agrees(await expected())
  })

  test('a search is narrowed by the filter, and finds its matches however many others match first', async () => {
    // 100 Smiths; of the inactive ones, "smith" alone would show only those among its first 50.
    const many = await insertManyClients(deskA.db, Array.from({ length: 120 }, (_, i) => ({ firstName: `A${String(i).padStart(3, '0')}`, lastName: 'Smithers' })))
    await deskA.db.updateTable('clients').set({ status: 'inactive' }).where('id', '=', many.at(-1)!).execute()
    const found = await listClients(deskB.db, { query: 'smithers', limit: 10, filter: 'inactive' })
    expect(found.items.map((c) => c.id)).toEqual([many.at(-1)!])
    expect(found.hasMore).toBe(false)
    const inactiveSmiths = (await walk('inactive')).filter((c) => c.lastName === 'Smith')
    const smiths = await listClients(deskB.db, { query: 'smith', limit: 500, filter: 'inactive' })
    expect(new Set(smiths.items.map((c) => c.id))).toEqual(new Set([...inactiveSmiths.map((c) => c.id), many.at(-1)!]))
    const lockedUser = (await walk('locked')).find((c) => c.portalUsername)!
    expect((await listClients(deskB.db, { query: lockedUser.portalUsername!, limit: 10, filter: 'locked' })).items.map((c) => c.id)).toEqual([lockedUser.id])
    expect((await listClients(deskB.db, { query: lockedUser.portalUsername!, limit: 10, filter: 'portal_on' })).items).toEqual([])
  })
})
