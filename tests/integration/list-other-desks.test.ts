import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type OpenedDatabase, openDatabase } from '../../db/connection'
import { clientListVersion } from '../../db/repositories/client-list-positions'
import { type ListCursor, listClients, setClientStatus, updateClientFields } from '../../db/repositories/clients.repository'
import type { ClientSummary } from '../../shared/dto'
import { DIALECTS } from '../support/dialects'
import { insertManyClients } from '../support/many-clients'
import { tempDatabase } from '../support/temp-db'

/**
 * Two desks on one practice database, each with its own Kysely (as two computers have). Desk B
 * remembers the list's total and positions; desk A's changes must show in B's very next answer.
 * In real life desk A is another process, so its writes go straight to the database here: nothing
 * in this process's memory hears of them.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let deskA: Awaited<ReturnType<typeof tempDatabase>>
  let deskB: OpenedDatabase
  const now = '2026-02-01T09:00:00.000Z'

  beforeAll(async () => {
    deskA = await tempDatabase({ dialect })
    const names = ['Nguyen', 'Smith', 'Lee', 'Brown', 'Okafor', 'Jones']
    await insertManyClients(deskA.db, Array.from({ length: 700 }, (_, i) => ({ firstName: `F${String(i % 37)}`, lastName: names[i % names.length]! })))
    deskB = await openDatabase(deskA.path)
  })
  afterAll(async () => {
    await deskB.db.destroy()
    await deskA.close()
  })

  /** Desk B's whole list by keyset cursor: read fresh every time, nothing remembered. */
  async function walkAtB(): Promise<ClientSummary[]> {
    const all: ClientSummary[] = []
    let after: ListCursor | undefined
    for (;;) {
      const page = await listClients(deskB.db, { query: '', limit: 500, ...(after ? { after } : {}) })
      all.push(...page.items)
      const last = page.items.at(-1)
      if (!page.hasMore || !last) return all
      after = { lastName: last.lastName, firstName: last.firstName, id: last.id }
    }
  }
  const idsAtB = async (at: number, limit = 10) => (await listClients(deskB.db, { query: '', limit, at })).items.map((c) => c.id)

  test('a client added at desk A is in desk B’s total and in its place on B’s very next call', async () => {
    const before = await listClients(deskB.db, { query: '', limit: 10, at: 500 })
    expect(before.total).toBe(700)
    const walkedBefore = await walkAtB()

    const { id } = await deskA.db
      .insertInto('clients')
      .values({ first_name: 'Aaron', last_name: 'Aardvark', date_of_birth: '1980-01-01', status: 'active', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()

    const after = await listClients(deskB.db, { query: '', limit: 10, at: 500 })
    expect(after.total).toBe(701)
    // Everyone moved down one place: position 500 now holds who was at 499.
    expect(after.items.map((c) => c.id)).toEqual(walkedBefore.slice(499, 509).map((c) => c.id))
    expect(await idsAtB(0, 1)).toEqual([id])
    expect((await listClients(deskB.db, { query: '', limit: 5 })).total).toBe(701)
  })

  test('a client renamed at desk A moves in desk B’s list on B’s very next call', async () => {
    expect(await idsAtB(640)).toEqual((await walkAtB()).slice(640, 650).map((c) => c.id))
    const aaron = (await listClients(deskB.db, { query: '', limit: 1, at: 0 })).items[0]!
    await deskA.db.updateTable('clients').set({ last_name: 'Zzyzx', updated_at: now }).where('id', '=', aaron.id).execute()

    const walked = await walkAtB()
    expect(walked.at(-1)!.id).toBe(aaron.id)
    expect(await idsAtB(640)).toEqual(walked.slice(640, 650).map((c) => c.id))
    expect(await idsAtB(700)).toEqual([aaron.id])
  })
})

describe.each(DIALECTS)('the list version, kept by the database, on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeAll(async () => {
    t = await tempDatabase({ dialect })
  })
  afterAll(async () => t.close())

  const fields = { firstName: 'Rua', lastName: 'Tane', preferredName: null, dateOfBirth: '1990-01-01', email: null, phone: null }

  test('moves when clients are added or renamed, and stays for changes that keep their place', async () => {
    const start = await clientListVersion(t.db)
    const [id] = await insertManyClients(t.db, [{ firstName: 'Rua', lastName: 'Tane' }, { firstName: 'Ana', lastName: 'Tane' }])
    const added = await clientListVersion(t.db)
    expect(added).toBeGreaterThan(start)

    await updateClientFields(t.db, id!, { ...fields, email: 'rua@example.test', phone: '555 0100' }, '2026-02-01T09:00:00.000Z')
    await setClientStatus(t.db, id!, 'inactive', '2026-02-01T09:00:00.000Z')
    // Setting a name to what it already was is no rename.
    await t.db.updateTable('clients').set({ first_name: 'Rua' }).where('id', '=', id!).execute()
    expect(await clientListVersion(t.db)).toBe(added)

    await updateClientFields(t.db, id!, { ...fields, firstName: 'Ruia' }, '2026-02-01T09:00:00.000Z')
    const renamed = await clientListVersion(t.db)
    expect(renamed).toBeGreaterThan(added)
    await updateClientFields(t.db, id!, { ...fields, firstName: 'Ruia', lastName: 'Tāne' }, '2026-02-01T09:00:00.000Z')
    expect(await clientListVersion(t.db)).toBeGreaterThan(renamed)
  })
})
