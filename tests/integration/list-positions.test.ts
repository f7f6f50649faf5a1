import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ListCursor, insertClient, listClients, updateClientFields } from '../../db/repositories/clients.repository'
import { contract } from '../../shared/contract'
import type { ClientSummary } from '../../shared/dto'
import { DIALECTS } from '../support/dialects'
import { insertManyClients } from '../support/many-clients'
import { tempDatabase } from '../support/temp-db'

/**
 * The scrolling list asks for "the clients from position N". Main answers from an index of every
 * 64th client's place in name order plus a short keyset read, never OFFSET. These tests compare
 * every answer with the list walked page by page with the keyset cursor.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  const LAST = ['Smith', 'smith', 'Nguyen', 'García', 'O’Brien', 'van Dijk', 'Abe', 'Zhou', 'Lee', 'Brown']
  const FIRST = ['Ava', 'ava', 'Joe', 'Mary-Jane', 'Sam', 'Li', 'Zoë', 'Omar']

  async function walkAll(): Promise<ClientSummary[]> {
    const all: ClientSummary[] = []
    let after: ListCursor | undefined
    for (;;) {
      const page = await listClients(t.db, { query: '', limit: 500, ...(after ? { after } : {}) })
      all.push(...page.items)
      const last = page.items.at(-1)
      if (!page.hasMore || !last) return all
      after = { lastName: last.lastName, firstName: last.firstName, id: last.id }
    }
  }

  beforeAll(async () => {
    t = await tempDatabase({ dialect })
    // 2,100 clients: many share a name, so the id decides their order.
    await insertManyClients(t.db, Array.from({ length: 2_100 }, (_, i) => ({ firstName: FIRST[(i * 7) % FIRST.length]!, lastName: LAST[(i * 3) % LAST.length]! })))
  })
  afterAll(async () => t.close())

  describe('the whole list from a position', () => {
    test('every position answers the same rows as walking the list with the keyset cursor', async () => {
      const all = await walkAll()
      expect(all).toHaveLength(2_100)
      for (const at of [0, 1, 63, 64, 65, 127, 128, 255, 256, 257, 1000, 1999, 2047, 2048, 2049, 2050, 2099]) {
        const page = await listClients(t.db, { query: '', limit: 50, at })
        expect(page.items.map((c) => c.id), `at ${String(at)}`).toEqual(all.slice(at, at + 50).map((c) => c.id))
        expect(page.total).toBe(2_100)
        expect(page.hasMore).toBe(at + 50 < 2_100)
      }
    })

    test('past the end is an empty page, not an error', async () => {
      const page = await listClients(t.db, { query: '', limit: 50, at: 5_000 })
      expect(page.items).toEqual([])
      expect(page.hasMore).toBe(false)
    })

    test('a new or renamed client is in its place in the very next answer', async () => {
      const now = new Date().toISOString()
      const id = await insertClient(t.db, { firstName: 'Aaron', lastName: 'Aardvark', preferredName: null, dateOfBirth: '1980-01-01', email: null, phone: null }, now)
      // The very next answer already has the new client in its place (no row skipped or repeated).
      expect((await listClients(t.db, { query: '', limit: 10, at: 300 })).items.map((c) => c.id)).toEqual((await walkAll()).slice(300, 310).map((c) => c.id))
      expect((await listClients(t.db, { query: '', limit: 1, at: 0 })).items[0]!.id).toBe(id)
      const total = (await walkAll()).length
      expect((await listClients(t.db, { query: '', limit: 5, at: total - 1 })).items).toHaveLength(1)

      await updateClientFields(t.db, id, { firstName: 'Aaron', lastName: 'Zzyzx', preferredName: null, dateOfBirth: '1980-01-01', email: null, phone: null }, now)
      expect((await listClients(t.db, { query: '', limit: 10, at: 1_000 })).items.map((c) => c.id)).toEqual((await walkAll()).slice(1_000, 1_010).map((c) => c.id))
      const all = await walkAll()
      expect(all.at(-1)!.id).toBe(id)
      expect((await listClients(t.db, { query: '', limit: 5, at: all.length - 1 })).items.map((c) => c.id)).toEqual([id])
    })
  })
})

describe('the contract for positions', () => {
  const input = contract.listClients.input
  test('a position is a whole number from 0', () => {
    expect(input.safeParse({ query: '', at: 10 }).success).toBe(true)
    expect(input.safeParse({ query: '', at: -1 }).success).toBe(false)
    expect(input.safeParse({ query: '', at: 1.5 }).success).toBe(false)
  })
  test('a position is only for the whole list, and never with a cursor', () => {
    const search = input.safeParse({ query: 'smi', at: 0 })
    expect(search.success).toBe(false)
    expect(search.error?.issues[0]?.message).toBe('A position is only for the whole list, not a search.')
    expect(input.safeParse({ query: '', at: 0, after: { lastName: 'A', firstName: 'B', id: 1 } }).success).toBe(false)
  })
})
