import fc from 'fast-check'
import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { type HandlerMap, dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { AppError } from '../../electron/main/app-error'
import { CHANNELS } from '../../shared/channels'
import { contract } from '../../shared/contract'
import { ERROR_CODES } from '../../shared/errors'
import { insertStaff } from '../../db/repositories/staff.repository'
import { tempDatabase, testContext } from '../support/temp-db'

let database: Awaited<ReturnType<typeof tempDatabase>>
let queries = 0
let auditQueries = 0
let roleQueries = 0
/** Counts every query, and separately those that touch only the audit trail or only the staff accounts (the role check). */
const counting: KyselyPlugin = {
  transformQuery: (args) => {
    const text = JSON.stringify(args.node)
    const tables = [...text.matchAll(/"kind":"IdentifierNode","name":"([a-z_]+)"/g)].map((m) => m[1])
    const others = (except: string) => tables.some((t) => t !== except && ['clients', 'portal_accounts', 'portal_invites', 'staff_accounts', 'settings', 'portal_sessions', 'portal_password_resets', 'audit_events'].includes(t!))
    if (tables.includes('audit_events') && !others('audit_events')) auditQueries++
    else if (args.node.kind === 'SelectQueryNode' && tables.includes('staff_accounts') && !others('staff_accounts')) roleQueries++
    else queries++
    return args.node
  },
  transformResult: async (args) => args.result,
}

beforeAll(async () => {
  database = await tempDatabase({ demo: true })
})
const countAudit = async () =>
  Number((await database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
afterAll(async () => database.close())

/** Values shaped like real input but with a wrong type, a missing key or an extra key somewhere. */
const nearMisses = fc.oneof(
  fc.anything(),
  fc.dictionary(fc.constantFrom('query', 'clientId', 'enabled', 'status', 'client', 'limit', 'username', '__proto__'), fc.anything()),
  fc.record({ clientId: fc.oneof(fc.double(), fc.integer({ max: 0 }), fc.string(), fc.constant(null)) }),
  fc.record({ query: fc.string({ minLength: 201, maxLength: 400 }) }),
)

describe('the dispatcher', () => {
  test.each(CHANNELS)('%s: 1,000 arbitrary invalid inputs each get a typed error, are audited, and never reach a handler or the data', async (channel) => {
    const spies = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(handlers[c])])) as unknown as HandlerMap
    const ctx = testContext(database.db.withPlugin(counting))
    await fc.assert(
      fc.asyncProperty(
        nearMisses.filter((input) => !contract[channel].input.safeParse(input).success),
        async (input) => {
          queries = 0
          auditQueries = 0
          roleQueries = 0
          const before = await countAudit()
          const result = await dispatch(spies, ctx, channel, input, { trusted: true })
          expect(result.ok).toBe(false)
          if (result.ok) return
          expect(result.error.code).toBe('INVALID_INPUT')
          expect(ERROR_CODES).toContain(result.error.code)
          expect(result.error.message.length).toBeGreaterThan(0)
          expect(queries).toBe(0)
          expect(roleQueries).toBeLessThanOrEqual(1) // the caller's own account, for the role check
          expect(auditQueries).toBeGreaterThan(0)
          expect(await countAudit()).toBe(before + 1)
          expect(spies[channel]).not.toHaveBeenCalled()
        },
      ),
      { numRuns: 1000 },
    )
  })

  test('a call from an untrusted sender is refused before its input is even read', async () => {
    const spy = vi.fn(handlers.listClients)
    const result = await dispatch({ ...handlers, listClients: spy }, testContext(database.db), 'listClients', { query: '' }, { trusted: false })
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } })
    expect(spy).not.toHaveBeenCalled()
  })

  test('staff channels refuse while nobody is signed in or the desk is locked, and admin channels refuse front-desk staff', async () => {
    const spy = vi.fn(handlers.listClients)
    const guarded = { ...handlers, listClients: spy }
    const signedOut = testContext(database.db, () => new Date(), null)
    expect(await dispatch(guarded, signedOut, 'listClients', { query: '' }, { trusted: true })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    const locked = testContext(database.db)
    locked.session.locked = true
    expect(await dispatch(guarded, locked, 'listClients', { query: '' }, { trusted: true })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } })
    expect(spy).not.toHaveBeenCalled()
    const deskId = await insertStaff(database.db, { username: 'robin', usernameKey: 'robin', displayName: 'Robin', role: 'front_desk', passwordHash: 'x', now: new Date().toISOString() })
    const frontDesk = testContext(database.db, () => new Date(), { id: deskId, username: 'robin', displayName: 'Robin', role: 'front_desk' })
    expect(await dispatch(handlers, frontDesk, 'listStaff', {}, { trusted: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await dispatch(handlers, frontDesk, 'listClients', { query: 'joefake' }, { trusted: true })).toMatchObject({ ok: true })
    expect(await dispatch(handlers, signedOut, 'getSession', {}, { trusted: true })).toMatchObject({ ok: true, value: { state: 'signed-out' } })

    // Main believes the account as it is now: a session claiming admin for a front-desk account gets the front desk's rights.
    const stale = testContext(database.db, () => new Date(), { id: deskId, username: 'robin', displayName: 'Robin', role: 'admin' })
    expect(await dispatch(handlers, stale, 'listStaff', {}, { trusted: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(stale.session.staff?.role).toBe('front_desk')
    await database.db.updateTable('staff_accounts').set({ active: 0 }).where('id', '=', deskId).execute()
    expect(await dispatch(handlers, frontDesk, 'listClients', { query: '' }, { trusted: true })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(frontDesk.session.staff).toBeNull()
  })

  test('front-desk staff get "only an admin" from an admin channel whatever they send, before any field is checked', async () => {
    const deskId = await insertStaff(database.db, { username: 'kiri', usernameKey: 'kiri', displayName: 'Kiri', role: 'front_desk', passwordHash: 'x', now: new Date().toISOString() })
    const frontDesk = testContext(database.db, () => new Date(), { id: deskId, username: 'kiri', displayName: 'Kiri', role: 'front_desk' })
    const adminChannels = CHANNELS.filter((c) => contract[c].access === 'admin')
    expect(adminChannels.length).toBeGreaterThan(3)
    for (const channel of adminChannels) {
      const before = await countAudit()
      for (const input of [{}, { bogus: 1 }, { staff: { username: 'x' } }, null, 'text']) {
        const result = await dispatch(handlers, frontDesk, channel, input, { trusted: true })
        expect(result, channel).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Only an admin can do this. Ask an admin at your practice.' } })
      }
      // A refused role is not a validation failure: nothing about the fields is recorded either.
      expect(await countAudit()).toBe(before)
    }
  })

  test('an unknown channel is an error, not a crash', async () => {
    const result = await dispatch(handlers, testContext(database.db), 'setUsername', { clientId: 2, username: 'x' }, { trusted: true })
    expect(result.ok).toBe(false)
  })

  test('a valid call returns the handler value checked against the output schema', async () => {
    queries = 0
    const result = await dispatch(handlers, testContext(database.db.withPlugin(counting)), 'listClients', { query: 'joefake' }, { trusted: true })
    expect(queries).toBeGreaterThan(0) // the counter the property runs rely on does see real queries
    expect(result.ok && result.value).toMatchObject({ total: 1, items: [{ firstName: 'Joe', lastName: 'Fake', portalUsername: 'joefake' }] })
  })

  test('an expected failure keeps its code and message; an unexpected one is logged without its details', async () => {
    const failing: HandlerMap = {
      ...handlers,
      getClient: async () => {
        throw new AppError('NOT_FOUND', 'That client no longer exists.')
      },
      listClients: async () => {
        throw new Error('secret detail: Joe Fake 1985-02-03')
      },
    }
    const ctx = testContext(database.db)
    expect(await dispatch(failing, ctx, 'getClient', { clientId: 1 }, { trusted: true })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That client no longer exists.' },
    })
    const lines: string[] = []
    const result = await dispatch(failing, ctx, 'listClients', { query: '' }, { trusted: true }, (l) => lines.push(l))
    expect(result.ok || result.error.code).toBe('INTERNAL')
    expect(JSON.stringify(result)).not.toContain('secret')
    expect(lines.join('\n')).not.toContain('Joe')
    expect(lines).toHaveLength(1)
  })

  test('output that does not match the contract never crosses the boundary', async () => {
    const leaky = { ...handlers, getClient: async () => ({ id: 1, first_name: 'Ava' }) } as unknown as HandlerMap
    const result = await dispatch(leaky, testContext(database.db), 'getClient', { clientId: 1 }, { trusted: true }, () => {})
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})
