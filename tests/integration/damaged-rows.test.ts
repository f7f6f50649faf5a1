import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CallOrigin, dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { HandlerContext } from '../../electron/main/context'
import { insertStaff } from '../../db/repositories/staff.repository'
import type { ClientDetail, ClientPage, SessionState, StaffIdentity } from '../../shared/dto'
import { DIALECTS, type TestDialect } from '../support/dialects'
import { asIntruder } from '../support/database'
import { insertManyClients } from '../support/many-clients'
import { tempDatabase, testContext } from '../support/temp-db'

/**
 * Issue 12, "One unreadable row must not fail a whole page": one client row with a garbled value
 * (a status outside the list, a date that is not a date) made the whole page of 100, any search
 * that found it and the profile fail with "restart Portico". The rows are garbled for real, past
 * the database's own checks: on SQLite with `ignore_check_constraints`, on PostgreSQL by dropping
 * the CHECK constraint as the database's owner, as someone with their own client on it would.
 */
const TRUSTED: CallOrigin = { trusted: true }
const FRONT_DESK: StaffIdentity = { id: 2, username: 'front.desk', displayName: 'Fran Desk', role: 'front_desk' }

/** A status no Portico writes, past the engine's CHECK constraint. */
function garbleStatus(dialect: TestDialect, id: number): string[] {
  if (dialect === 'sqlite') return ['pragma ignore_check_constraints = 1', `update clients set status = 'bogus' where id = ${String(id)}`]
  return [
    `do $$ declare c text; begin
       for c in select conname from pg_constraint where conrelid = 'clients'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%status%' loop
         execute format('alter table clients drop constraint %I', c);
       end loop; end $$`,
    `update clients set status = 'bogus' where id = ${String(id)}`,
  ]
}

describe.each(DIALECTS)('one damaged client row on %s', (dialect) => {
  let practice: Awaited<ReturnType<typeof tempDatabase>>
  let admin: HandlerContext
  let ids: number[]
  let garbled: number
  let badDate: number
  const call = async <T>(ctx: HandlerContext, channel: string, input: unknown) => dispatch(handlers, ctx, channel, input, TRUSTED, () => {}) as Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>

  beforeAll(async () => {
    practice = await tempDatabase({ dialect })
    await insertStaff(practice.db, { username: FRONT_DESK.username, usernameKey: FRONT_DESK.username, displayName: FRONT_DESK.displayName, role: 'front_desk', passwordHash: 'x', now: new Date().toISOString() })
    // Three Abbotts first in name order (so on the first page), then 147 others.
    const clients = [
      { firstName: 'Wren', lastName: 'Abbott' },
      { firstName: 'Dana', lastName: 'Abbott' },
      { firstName: 'Ivy', lastName: 'Abbott', email: 'ivy@example.org' },
      ...Array.from({ length: 147 }, (_, i) => ({ firstName: 'Sam', lastName: `Client${String(i).padStart(3, '0')}` })),
    ]
    ids = await insertManyClients(practice.db, clients)
    garbled = ids[0]!
    badDate = ids[1]!
    await asIntruder(practice.path, [...garbleStatus(dialect, garbled), `update clients set date_of_birth = 'last spring' where id = ${String(badDate)}`])
    admin = testContext(practice.db)
  })
  afterAll(async () => {
    await practice?.close()
  })

  test('a page of 100 shows the other 99 and names the damaged row by its id', async () => {
    const answer = await call<ClientPage>(admin, 'listClients', { query: '', limit: 100, at: 0 })
    expect(answer).toMatchObject({ ok: true })
    const page = (answer as { value: ClientPage }).value
    expect(page.items).toHaveLength(100)
    expect(page.total).toBe(150)
    const damaged = page.items.filter((c) => c.damaged)
    expect(damaged).toEqual([expect.objectContaining({ id: garbled, damaged: true, firstName: '', lastName: '' })])
    // The client with a bad date of birth is sound as a list row: only the profile needs the date.
    expect(page.items.find((c) => c.id === badDate)).toMatchObject({ firstName: 'Dana', lastName: 'Abbott', status: 'active', dateOfBirth: null })
    expect(page.items.filter((c) => !c.damaged).every((c) => c.status === 'active' && c.lastName !== '')).toBe(true)
  })

  test('a search that finds it shows the other matches and the damaged row', async () => {
    const answer = await call<ClientPage>(admin, 'listClients', { query: 'abbott', limit: 50 })
    expect(answer).toMatchObject({ ok: true })
    const items = (answer as { value: ClientPage }).value.items
    expect(items.map((c) => c.id).sort((a, b) => a - b)).toEqual(ids.slice(0, 3).sort((a, b) => a - b))
    expect(items.find((c) => c.id === garbled)).toMatchObject({ damaged: true })
    expect(items.find((c) => c.id === ids[2])).toMatchObject({ firstName: 'Ivy', email: 'ivy@example.org' })
  })

  test('the profile of a damaged client says so plainly, and the others open as usual', async () => {
    for (const id of [garbled, badDate]) {
      const answer = await call<ClientDetail>(admin, 'getClient', { clientId: id })
      expect(answer).toEqual({
        ok: false,
        error: { code: 'STORAGE_DAMAGED', message: expect.stringMatching(new RegExp(`^Client #${String(id)}: this client’s record is damaged, so Portico can’t show it\\. The other clients are fine\\. An admin can restore the newest good backup \\(Settings → Backups\\), or call support\\.$`)) },
      })
    }
    expect(await call<ClientDetail>(admin, 'getClient', { clientId: ids[2]! })).toMatchObject({ ok: true, value: { id: ids[2], firstName: 'Ivy' } })
  })

  test('admins are told which rows are damaged; front-desk staff are told nothing new', async () => {
    const session = await call<SessionState>(admin, 'getSession', {})
    expect(session).toMatchObject({ ok: true, value: { damageWarning: expect.stringMatching(new RegExp(`^2 damaged client rows were seen: #${String(Math.min(garbled, badDate))}, #${String(Math.max(garbled, badDate))}\\. They show in the list as damaged; the other clients are fine\\. Restore the newest good backup \\(Settings → Backups\\) or call support\\.$`)) } })
    const front = testContext(practice.db, () => new Date(), FRONT_DESK)
    expect(await call<ClientPage>(front, 'listClients', { query: '', limit: 100, at: 0 })).toMatchObject({ ok: true })
    expect(await call<SessionState>(front, 'getSession', {})).toMatchObject({ ok: true, value: { damageWarning: null } })
  })
})
