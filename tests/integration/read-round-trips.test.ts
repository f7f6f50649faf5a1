import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { ChannelName } from '../../shared/channels'
import type { ClientPage } from '../../shared/dto'
import { DIALECTS } from '../support/dialects'
import { StatementLog } from '../support/statement-log'
import { tempDatabase, testContext } from '../support/temp-db'

const ownStaffRow = (e: string) => e.endsWith('select staff_accounts')

/**
 * Issue 11, performance: on a practice server every statement asked after another's answer is one
 * more round trip's wait. A list page needs the list's stamp (what its remembered total and
 * positions are checked against) and its rows: they are asked together, and a filter's counters
 * are read in one statement.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeEach(async () => {
    t = await tempDatabase({ dialect, demo: true })
    const now = new Date().toISOString()
    // Enough clients for positions past the first mark (one every 64 clients).
    const rows = Array.from({ length: 300 }, (_, i) => ({ first_name: `Given${String(i).padStart(3, '0')}`, last_name: `Family${String(i % 37).padStart(2, '0')}`, date_of_birth: '1980-01-01', status: i % 5 === 0 ? ('inactive' as const) : ('active' as const), created_at: now, updated_at: now }))
    await t.db.insertInto('clients').values(rows).execute()
  })
  afterEach(async () => {
    await t.close()
  })

  /** The statements of one call (after two warm-up calls), with the caller's own staff row aside. */
  async function eventsOf(channel: ChannelName, input: unknown) {
    const log = new StatementLog()
    const ctx = testContext(t.db.withPlugin(log))
    const call = () => dispatch(handlers, ctx, channel, input, { trusted: true }, () => {})
    await call()
    await call()
    log.clear()
    const answer = await call()
    expect(answer.ok).toBe(true)
    return { answer, events: log.events.filter((e) => !ownStaffRow(e)) }
  }

  test('a page after a cursor asks for the stamp and the rows together', async () => {
    const { events, answer } = await eventsOf('listClients', { query: '', limit: 20, after: { lastName: 'Family10', firstName: '', id: 1 } })
    expect(events.slice(0, 2).sort()).toEqual(['ask select client_list_version', 'ask select clients,portal_accounts'])
    expect(events).toHaveLength(4)
    const { n } = await t.db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(answer).toMatchObject({ ok: true, value: { total: Number(n), hasMore: true } })
  })

  test('a page from a deep position, its marks remembered, is the stamp and the rows asked together', async () => {
    const { events, answer } = await eventsOf('listClients', { query: '', limit: 10, at: 150 })
    expect(events.slice(0, 2).sort()).toEqual(['ask select client_list_version', 'ask select clients,portal_accounts'])
    expect(events).toHaveLength(4)
    // The same rows as the list read from the top.
    const whole = await dispatch(handlers, testContext(t.db), 'listClients', { query: '', limit: 200, at: 0 }, { trusted: true }, () => {})
    const ids = (r: typeof answer) => (r.ok ? (r.value as ClientPage).items.map((c) => c.id) : [])
    expect(ids(answer)).toEqual(ids(whole).slice(150, 160))
    expect(ids(answer)).toHaveLength(10)
  })

  test('a filter’s counters (the list’s and the states’) are one statement, asked with the rows', async () => {
    const { events, answer } = await eventsOf('listClients', { query: '', limit: 20, filter: 'inactive' })
    expect(events.slice(0, 2).sort()).toEqual(['ask select client_list_version,client_state_version', 'ask select clients,portal_accounts'])
    expect(events).toHaveLength(4)
    const { n } = await t.db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'inactive').executeTakeFirstOrThrow()
    expect(Number(n)).toBeGreaterThanOrEqual(60)
    expect(answer).toMatchObject({ ok: true, value: { total: Number(n) } })
  })

  test('the portal filters read the soonest lock to end in that same statement', async () => {
    const { events } = await eventsOf('listClients', { query: '', limit: 20, filter: 'locked' })
    expect(events.slice(0, 2).sort()).toEqual(['ask select client_list_version,client_state_version,portal_accounts', 'ask select clients,portal_accounts'])
    expect(events).toHaveLength(4)
  })
})
