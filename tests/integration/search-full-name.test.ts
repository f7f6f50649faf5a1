import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { insertClient, listClients } from '../../db/repositories/clients.repository'
import { DIALECTS } from '../support/dialects'
import { insertManyClients } from '../support/many-clients'
import { tempDatabase } from '../support/temp-db'

/**
 * A full name typed in the search box finds that client even when the first name is common: 3,000
 * clients are called Mary (with last names that sort before Jones), and 5 of them are Mary Jones.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeAll(async () => {
    t = await tempDatabase({ dialect })
    await insertManyClients(t.db, [
      ...Array.from({ length: 3_000 }, (_, i) => ({ firstName: 'Mary', lastName: `A${String(i).padStart(4, '0')}` })),
      // Others whose *preferred* name is Mary, or whose email starts with mary: not Mary Jones.
      ...Array.from({ length: 600 }, (_, i) => ({ firstName: 'Thomas', lastName: 'Jones', preferredName: 'Mary', email: `mary.${String(i)}@example.org` })),
      ...Array.from({ length: 5 }, () => ({ firstName: 'Mary', lastName: 'Jones' })),
      { firstName: 'Maryam', lastName: 'Jonsson' },
    ])
  })
  afterAll(async () => t.close())

  const names = async (query: string, limit = 50) => {
    const page = await listClients(t.db, { query, limit })
    return { names: page.items.map((c) => `${c.firstName} ${c.lastName}`), hasMore: page.hasMore }
  }

  describe('searching by full name', () => {
    test('"mary jones" finds all five Mary Joneses first, in either order of the words', async () => {
      for (const query of ['mary jones', 'Jones Mary', '  MARY   jones ']) {
        const { names: found } = await names(query)
        expect(found.slice(0, 5), query).toEqual(Array(5).fill('Mary Jones'))
      }
    })

    test('prefixes of both names work too, and say when there are more than shown', async () => {
      const { names: found, hasMore } = await names('mar jon', 3)
      expect(found).toEqual(['Mary Jones', 'Mary Jones', 'Mary Jones'])
      expect(hasMore).toBe(true)
      expect((await names('maryam jon')).names).toEqual(['Maryam Jonsson'])
    })

    test('a phone typed as the desk shows it, with spaces or brackets, is one phone number', async () => {
      await insertClient(t.db, { firstName: 'Pat', lastName: 'Phone', preferredName: null, dateOfBirth: '1980-01-01', email: null, phone: '(555) 236-4843' }, new Date().toISOString())
      for (const query of ['(555) 236-4843', '555 236 4843', '555-236-4843', '5552364843', '236 4843']) {
        expect((await names(query)).names, query).toEqual(['Pat Phone'])
      }
    })

    test('no match is an empty list that does not claim there are more', async () => {
      expect(await names('mary zzzq')).toEqual({ names: [], hasMore: false })
    })
  })
})
