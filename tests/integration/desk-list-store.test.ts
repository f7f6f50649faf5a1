import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listClients } from '../../db/repositories/clients.repository'
import { MAX_PAGES, PAGE_SIZE, clientAtRow } from '../../renderer/src/store/clients.slice'
import { createDeskStore } from '../../renderer/src/store/desk-store'
import { inProcessApi } from '../support/in-process-api'
import { tempDatabase, testContext } from '../support/temp-db'
import { DIALECTS } from '../support/dialects'

describe.each(DIALECTS)('on %s', (dialect) => {

  /**
   * The scrolling list's store over the real dispatcher and a real database (each engine) with 4,600 clients
   * (the demo practice's 200 and 4,400 more): pages read as rows come on screen, older answers
   * dropped, far pages forgotten.
   */
  let t: Awaited<ReturnType<typeof tempDatabase>>
  const EXTRA = 4_400
  beforeAll(async () => {
    t = await tempDatabase({ demo: true, dialect })
    const rows = Array.from({ length: EXTRA }, (_, i) => ({
      first_name: `Row${String(i).padStart(5, '0')}`,
      last_name: `Zz${String(i % 97).padStart(3, '0')}`,
      date_of_birth: '1990-01-01',
      status: 'active' as const,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    }))
    await t.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500) await trx.insertInto('clients').values(rows.slice(i, i + 500)).execute()
    })
  })
  afterAll(async () => t.close())

  const store = () => createDeskStore(inProcessApi(testContext(t.db)))

  /** The same API, but page reads past the first page can be held back and released, to order answers. */
  function heldStore() {
    const api = inProcessApi(testContext(t.db))
    const held: (() => void)[] = []
    let holding = true
    const listClients: typeof api.listClients = async (input) => {
      if (holding && (input.at ?? 0) >= PAGE_SIZE) await new Promise<void>((resolve) => held.push(resolve))
      return api.listClients(input)
    }
    return {
      s: createDeskStore({ ...api, listClients }),
      release: () => {
        holding = false
        for (const go of held.splice(0)) go()
      },
    }
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50))
  const idsAt = (s: ReturnType<typeof store>, from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => clientAtRow(s.getState(), from + i)?.id)

  describe('browsing the whole list', () => {
    test('an empty search shows the top of the list and the whole count', async () => {
      const s = store()
      await s.getState().loadClients()
      expect(s.getState()).toMatchObject({ browsing: true, total: 200 + EXTRA, listLoading: false })
      expect(Object.keys(s.getState().pages)).toEqual(['0'])
      const top = await listClients(t.db, { query: '', limit: PAGE_SIZE })
      expect(idsAt(s, 0, PAGE_SIZE)).toEqual(top.items.map((c) => c.id))
    })

    test('rows coming on screen are read from main, and match the list in name order', async () => {
      const s = store()
      await s.getState().loadClients()
      s.getState().showRows(2_310, 2_330)
      expect(clientAtRow(s.getState(), 2_310)).toBeUndefined()
      await settle()
      const expected = await listClients(t.db, { query: '', limit: 20, at: 2_310 })
      expect(idsAt(s, 2_310, 2_330)).toEqual(expected.items.map((c) => c.id))
    })

    test('a search replaces the list, and a page read for the old list that answers later is dropped', async () => {
      const { s, release } = heldStore()
      await s.getState().loadClients()
      s.getState().showRows(1_000, 1_020)
      await s.getState().setQuery('joefake')
      release()
      await settle()
      expect(s.getState()).toMatchObject({ browsing: false, pages: {}, total: 1 })
      expect(s.getState().clients.map((c) => c.portalUsername)).toEqual(['joefake'])
    })

    test('a whole-list page asked for while a search is on its way never lands in the search results', async () => {
      const { s, release } = heldStore()
      await s.getState().loadClients()
      const searching = s.getState().setQuery('joefake')
      // The list still shows the whole practice until the search answers, and may ask for rows.
      s.getState().showRows(2_000, 2_010)
      await searching
      release()
      await settle()
      expect(s.getState()).toMatchObject({ browsing: false, pages: {}, total: 1 })
    })

    test('reads for an older list never take the rows the newer list has queued', async () => {
      const { s, release } = heldStore()
      await s.getState().loadClients()
      // Five pages on screen: three reads go out, two wait.
      s.getState().showRows(3_000, 3_450)
      await s.getState().loadClients({ keepPosition: true })
      release()
      const expected = await listClients(t.db, { query: '', limit: 451, at: 3_000 })
      // Waits for the reads themselves (two fixed 50 ms pauses were too short on a busy server).
      await expect.poll(() => idsAt(s, 3_000, 3_451), { timeout: 10_000 }).toEqual(expected.items.map((c) => c.id))
    })

    test(`at most ${String(MAX_PAGES)} pages are kept: the farthest from the screen go first`, async () => {
      const s = store()
      await s.getState().loadClients()
      for (let page = 0; page < 46; page++) {
        s.getState().showRows(page * PAGE_SIZE, page * PAGE_SIZE + 10)
        await settle()
      }
      const kept = Object.keys(s.getState().pages).map(Number)
      expect(kept).toHaveLength(MAX_PAGES)
      expect(kept).toContain(45)
      expect(kept).not.toContain(0)
    })

    test('a change to a client shows in the page that holds it', async () => {
      const s = store()
      await s.getState().loadClients()
      const first = clientAtRow(s.getState(), 0)!
      s.getState().patchClientInList(first.id, { portalEnabled: !first.portalEnabled })
      expect(clientAtRow(s.getState(), 0)?.portalEnabled).toBe(!first.portalEnabled)
    })

    test('clearing the desk (lock, sign-out) drops a page read still on its way', async () => {
      const s = store()
      await s.getState().loadClients()
      s.getState().showRows(3_000, 3_010)
      s.getState().clearClientData()
      await settle()
      expect(s.getState().pages).toEqual({})
    })

    test('a refresh after a save keeps the place: the rows on screen are read again, and the list is not sent back to its top', async () => {
      const s = store()
      await s.getState().loadClients()
      const reset = s.getState().listReset
      s.getState().showRows(3_000, 3_010)
      await settle()
      await s.getState().loadClients({ keepPosition: true })
      await settle()
      expect(s.getState().listReset).toBe(reset)
      const expected = await listClients(t.db, { query: '', limit: 10, at: 3_000 })
      expect(idsAt(s, 3_000, 3_010)).toEqual(expected.items.map((c) => c.id))
      // A new search does go back to the top.
      await s.getState().setQuery('')
      expect(s.getState().listReset).toBe(reset + 1)
    })
  })
})
