import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { ClientFormValues } from '../../shared/client-input'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { HandlerContext } from '../../electron/main/context'
import { createDeskStore } from '../../renderer/src/store/desk-store'
import { DIALECTS } from '../support/dialects'
import { inProcessApi } from '../support/in-process-api'
import { tempDatabase, testContext } from '../support/temp-db'

/** Two desks of one practice: each its own session and store, over the same database. */
describe.each(DIALECTS)('on %s, an open profile follows other desks', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  let deskA: HandlerContext
  let deskB: HandlerContext
  beforeEach(async () => {
    t = await tempDatabase({ dialect, demo: true })
    deskA = testContext(t.db)
    deskB = testContext(t.db)
  })
  afterEach(async () => t.close())

  const storeAt = (ctx: HandlerContext) => createDeskStore(inProcessApi(ctx))
  async function open(store: ReturnType<typeof storeAt>, query: string) {
    await store.getState().setQuery(query)
    await store.getState().selectClient(store.getState().clients[0]!.id)
    return store.getState().profile!
  }
  const views = async () => Number((await t.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'client.view').executeTakeFirstOrThrow()).n)
  const formValues = (store: ReturnType<typeof storeAt>, change: Partial<ClientFormValues>): ClientFormValues => {
    const p = store.getState().profile!
    return { firstName: p.firstName, lastName: p.lastName, preferredName: p.preferredName ?? '', dateOfBirth: p.dateOfBirth, email: p.email ?? '', phone: p.phone ?? '', ...change }
  }

  test('a rename, a portal switch and an invite at desk A show at desk B on its next refresh, with no new view recorded', async () => {
    const a = storeAt(deskA)
    const b = storeAt(deskB)
    await open(b, 'joefake')
    await open(a, 'joefake')
    const viewsBefore = await views()

    a.getState().startEditClient()
    expect(await a.getState().saveClient(formValues(a, { firstName: 'Joseph' }))).toBe(true)
    await a.getState().setPortalAccess(false)
    await b.getState().refreshProfile()
    expect(b.getState().profile).toMatchObject({ firstName: 'Joseph', portal: { enabled: false, username: 'joefake' } })
    expect(b.getState().clients.find((c) => c.id === b.getState().profile!.id)).toMatchObject({ firstName: 'Joseph', portalEnabled: false })

    const ava = await open(b, 'ava nguyen')
    expect(ava.portal.state).toBe('none')
    await open(a, 'ava nguyen')
    await a.getState().sendPortalInvite()
    await b.getState().refreshProfile()
    expect(b.getState().profile?.portal).toMatchObject({ state: 'invited', enabled: true, invite: { expired: false } })

    // Two opens at B and one at A were recorded; B's refreshes were part of its open views.
    await b.getState().refreshProfile()
    expect(await views()).toBe(viewsBefore + 2)
  })

  test('an open Edit form keeps what was typed: it says another desk changed the details, and Cancel shows theirs', async () => {
    const a = storeAt(deskA)
    const b = storeAt(deskB)
    const joe = await open(b, 'joefake')
    b.getState().startEditClient()
    await open(a, 'joefake')

    // A portal change alone doesn't touch the details being edited: no notice.
    await a.getState().setPortalAccess(false)
    await b.getState().refreshProfile()
    expect(b.getState()).toMatchObject({ mode: 'edit', editedElsewhere: false, profile: { portal: { enabled: true } }, newerProfile: { portal: { enabled: false } } })

    a.getState().startEditClient()
    expect(await a.getState().saveClient(formValues(a, { phone: '021 555 0101' }))).toBe(true)
    await b.getState().refreshProfile()
    expect(b.getState()).toMatchObject({ mode: 'edit', editedElsewhere: true, profile: { phone: joe.phone } })

    b.getState().cancelEdit()
    expect(b.getState()).toMatchObject({ mode: 'view', editedElsewhere: false, newerProfile: null, profile: { phone: '021 555 0101', portal: { enabled: false } } })
  })

  test('a refresh reads only the profile this desk has open, for the staff member who opened it', async () => {
    const b = storeAt(deskB)
    const joe = await open(b, 'joefake')
    await b.getState().setQuery('ava nguyen')
    const ava = b.getState().clients[0]!
    const refresh = (clientId: number) => dispatch(handlers, deskB, 'refreshClient', { clientId }, { trusted: true }, () => {})

    expect(await refresh(joe.id)).toMatchObject({ ok: true, value: { id: joe.id } })
    expect(await refresh(ava.id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Another desk's open profile is its own.
    expect(await dispatch(handlers, deskA, 'refreshClient', { clientId: joe.id }, { trusted: true }, () => {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Someone else signing in at the same desk doesn't inherit it.
    const id = await insertStaff(t.db, { username: 'robin.desk', usernameKey: 'robin.desk', displayName: 'Robin Desk', role: 'front_desk', passwordHash: 'x', now: new Date().toISOString() })
    deskB.session.staff = { id, username: 'robin.desk', displayName: 'Robin Desk', role: 'front_desk' }
    expect(await refresh(joe.id)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  test('a refresh that answers after this desk changed the profile does not undo the change', async () => {
    // B's refresh reads Sam (renamed at A, access off), and its answer is slow on the way back:
    // meanwhile B turns access on. The late answer must not turn it back off on screen.
    const api = inProcessApi(deskB)
    let read!: () => void
    const hasRead = new Promise<void>((resolve) => (read = resolve))
    let deliver!: () => void
    const delivered = new Promise<void>((resolve) => (deliver = resolve))
    const b = createDeskStore({
      ...api,
      refreshClient: async (input) => {
        const answer = await api.refreshClient(input)
        read()
        await delivered
        return answer
      },
    })
    await open(b, 'samrivera')
    // Desk A renames Sam, so the refresh brings something new.
    const a = storeAt(deskA)
    await open(a, 'samrivera')
    a.getState().startEditClient()
    expect(await a.getState().saveClient(formValues(a, { firstName: 'Samuel' }))).toBe(true)
    const refreshing = b.getState().refreshProfile()
    await hasRead
    await b.getState().setPortalAccess(true)
    deliver()
    await refreshing
    expect(b.getState().profile?.portal.enabled).toBe(true)
    // The rename shows on the next refresh.
    await b.getState().refreshProfile()
    expect(b.getState().profile).toMatchObject({ firstName: 'Samuel', portal: { enabled: true } })
  })
})
