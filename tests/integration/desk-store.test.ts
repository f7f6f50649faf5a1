import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createDeskStore } from '../../renderer/src/store/desk-store'
import { anotherDeskWriting } from '../support/database'
import { inProcessApi } from '../support/in-process-api'
import { tempDatabase, testContext } from '../support/temp-db'
import { DIALECTS } from '../support/dialects'

describe.each(DIALECTS)('on %s', (dialect) => {

  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeEach(async () => {
    t = await tempDatabase({ dialect, demo: true, open: { busyTimeoutMs: 100 } })
  })
  afterEach(async () => t.close())

  function deskStore(clipboard?: { writeText: (text: string) => Promise<void> }) {
    return createDeskStore(inProcessApi(testContext(t.db)), { searchDelayMs: 5, ...(clipboard ? { clipboard } : {}) })
  }

  async function open(store: ReturnType<typeof deskStore>, query: string) {
    await store.getState().setQuery(query)
    const id = store.getState().clients[0]!.id
    await store.getState().selectClient(id)
    return id
  }

  describe('the desk store', () => {
    test('type-ahead keeps only the newest search', async () => {
      const store = deskStore()
      const first = store.getState().setQuery('a')
      const second = store.getState().setQuery('ava')
      const last = store.getState().setQuery('ava nguyen')
      expect(store.getState().listLoading).toBe(true)
      await Promise.all([first, second, last])
      expect(store.getState().clients.map((c) => `${c.firstName} ${c.lastName}`)).toEqual(['Ava Nguyen'])
      expect(store.getState()).toMatchObject({ total: 1, listLoading: false, query: 'ava nguyen' })
    })

    test('selecting a client loads their profile and portal access', async () => {
      const store = deskStore()
      await open(store, 'joefake')
      expect(store.getState().profile).toMatchObject({ firstName: 'Joe', portal: { username: 'joefake', enabled: true } })
    })

    test('the switch moves at once, and stays moved once saved', async () => {
      const store = deskStore()
      const id = await open(store, 'samrivera')
      const saving = store.getState().setPortalAccess(true)
      expect(store.getState().profile?.portal.enabled).toBe(true)
      await saving
      expect(store.getState()).toMatchObject({ portalSaving: false, portalError: null })
      expect(store.getState().clients.find((c) => c.id === id)?.portalEnabled).toBe(true)
      const fresh = deskStore()
      await open(fresh, 'samrivera')
      expect(fresh.getState().profile?.portal.enabled).toBe(true)
    })

    test('the list row’s portal words follow the panel: off, then on once the switch is saved, and Invited after an invite', async () => {
      const store = deskStore()
      const id = await open(store, 'samrivera')
      const row = () => store.getState().clients.find((c) => c.id === id)
      expect(row()).toMatchObject({ portalState: 'off' })
      await store.getState().setPortalAccess(true)
      expect(row()).toMatchObject({ portalState: 'on' })
      const ava = await open(store, 'ava nguyen')
      expect(store.getState().clients.find((c) => c.id === ava)).toMatchObject({ portalState: 'none' })
      await store.getState().sendPortalInvite()
      expect(store.getState().clients.find((c) => c.id === ava)).toMatchObject({ portalState: 'invited' })
    })

    test('when the save fails the switch moves back and the panel says why', async () => {
      const store = deskStore()
      await open(store, 'joefake')
      const release = await anotherDeskWriting(t.path)
      try {
        await store.getState().setPortalAccess(false)
      } finally {
        await release()
      }
      expect(store.getState().profile?.portal.enabled).toBe(true)
      expect(store.getState().portalError).toMatch(/Portal access was not changed.*busy/)
    })

    test('bad client details stay in the form with a message per field and nothing is saved', async () => {
      const store = deskStore()
      store.getState().startNewClient()
      const saved = await store.getState().saveClient({ firstName: 'Kiri', lastName: '', preferredName: '', dateOfBirth: '1990-02-30', email: 'x', phone: '' })
      expect(saved).toBe(false)
      expect(store.getState().fieldErrors).toMatchObject({ lastName: 'Enter a last name.', email: expect.stringMatching(/email address/) })
      expect(store.getState().fieldErrors.dateOfBirth).toMatch(/real date/)
      expect(store.getState().mode).toBe('new')
      expect((await t.db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(200)
    })

    test('a new client is saved, selected and shown', async () => {
      const store = deskStore()
      store.getState().startNewClient()
      expect(await store.getState().saveClient({ firstName: 'Kiri', lastName: 'Waititi', preferredName: '', dateOfBirth: '1990-02-28', email: '', phone: '' })).toBe(true)
      expect(store.getState()).toMatchObject({ mode: 'view', profile: { firstName: 'Kiri', lastName: 'Waititi', portal: { state: 'none' } } })
      expect(store.getState().selectedId).toBe(store.getState().profile?.id)
    })

    test('an invite code is held only until the dialog closes', async () => {
      const store = deskStore()
      await open(store, 'ava nguyen')
      await store.getState().sendPortalInvite()
      expect(store.getState().issuedInvite?.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)
      expect(store.getState().profile?.portal).toMatchObject({ state: 'invited', enabled: true })
      store.getState().dismissInvite()
      expect(store.getState().issuedInvite).toBeNull()
      expect(JSON.stringify(store.getState())).not.toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/)
    })

    test('copy username puts exactly the username on the clipboard', async () => {
      const copied: string[] = []
      const store = deskStore({ writeText: async (text) => void copied.push(text) })
      await open(store, 'joefake')
      await store.getState().copyUsername()
      expect(copied).toEqual(['joefake'])
      expect(store.getState().copyState).toBe('copied')
    })
  })
})
