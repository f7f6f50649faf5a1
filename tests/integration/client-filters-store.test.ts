import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createDeskStore } from '../../renderer/src/store/desk-store'
import { DIALECTS } from '../support/dialects'
import { inProcessApi } from '../support/in-process-api'
import { tempDatabase, testContext } from '../support/temp-db'

describe.each(DIALECTS)('the desk store’s filters on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeEach(async () => {
    t = await tempDatabase({ dialect, demo: true })
  })
  afterEach(async () => t.close())

  const deskStore = () => createDeskStore(inProcessApi(testContext(t.db)), { searchDelayMs: 0 })

  test('a filter narrows the list to its count, and a client marked inactive moves the counts at once', async () => {
    const store = deskStore()
    await store.getState().loadClients()
    await expect.poll(() => store.getState().counts).not.toBeNull()
    const before = store.getState().counts!.byFilter
    await store.getState().setFilter('inactive')
    expect(store.getState()).toMatchObject({ filter: 'inactive', total: before.inactive, browsing: true })
    expect(store.getState().pages[0]!.every((c) => c.status === 'inactive')).toBe(true)

    await store.getState().setFilter('all')
    await store.getState().setQuery('joefake')
    await store.getState().selectClient(store.getState().clients[0]!.id)
    await store.getState().setClientStatus('inactive', { turnOffPortal: true })
    await expect.poll(() => store.getState().counts?.byFilter.inactive).toBe(before.inactive + 1)
    expect(store.getState().counts!.byFilter).toMatchObject({ active: before.active - 1, portal_on: before.portal_on - 1 })
  })

  test('the bulk action runs to its end, shows where it got to, and the counts follow', async () => {
    const store = deskStore()
    await store.getState().setFilter('inactive')
    await expect.poll(() => store.getState().counts).not.toBeNull()
    const pending = store.getState().counts!.inactivePortalOn
    expect(pending).toBeGreaterThan(0)
    await store.getState().turnOffInactivePortals(pending)
    expect(store.getState().inactivePortalsRun).toEqual({ done: pending, total: pending, finished: true, error: null })
    await expect.poll(() => store.getState().counts?.inactivePortalOn).toBe(0)
  })
})
