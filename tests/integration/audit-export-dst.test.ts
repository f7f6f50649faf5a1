import { parse } from 'csv-parse/sync'
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { appendAudit } from '../../db/repositories/audit.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { ChannelOutput } from '../../shared/contract'
import { DIALECTS } from '../support/dialects'
import { tempDatabase, testContext } from '../support/temp-db'

// Before any date is computed: this file's process runs where the desk is, in London, whose clocks
// go forward on 29 March 2026 (a 23-hour day) and back on 25 October 2026 (a 25-hour day).
vi.hoisted(() => {
  process.env['TZ'] = 'Europe/London'
})

/** Events near each day's edges, by the day a London desk puts them in. */
const EVENTS: { at: string; day: string; label: string }[] = [
  { at: '2026-03-28T23:59:59.999Z', day: '2026-03-28', label: 'sat-last-moment' },
  { at: '2026-03-29T00:00:00.000Z', day: '2026-03-29', label: 'spring-midnight' },
  { at: '2026-03-29T22:59:59.999Z', day: '2026-03-29', label: 'spring-last-moment' },
  { at: '2026-03-29T23:00:00.000Z', day: '2026-03-30', label: 'mon-midnight-bst' },
  { at: '2026-03-29T23:30:00.000Z', day: '2026-03-30', label: 'mon-half-past-midnight' },
  { at: '2026-10-24T22:59:59.999Z', day: '2026-10-24', label: 'autumn-eve-last-moment' },
  { at: '2026-10-24T23:00:00.000Z', day: '2026-10-25', label: 'autumn-midnight-bst' },
  { at: '2026-10-25T00:30:00.000Z', day: '2026-10-25', label: 'first-one-thirty' },
  { at: '2026-10-25T01:30:00.000Z', day: '2026-10-25', label: 'second-one-thirty' },
  { at: '2026-10-25T23:30:00.000Z', day: '2026-10-25', label: 'autumn-half-past-eleven' },
  { at: '2026-10-26T00:00:00.000Z', day: '2026-10-26', label: 'mon-midnight-gmt' },
]
const DAYS = [...new Set(EVENTS.map((e) => e.day))]

describe.each(DIALECTS)('on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  // The export records itself in December, outside every day exported here.
  const ctx = () => testContext(t.db, () => new Date('2026-12-01T12:00:00Z'))

  beforeAll(() => {
    expect(new Date('2026-07-01T12:00:00Z').getTimezoneOffset(), 'TZ=Europe/London is in effect').toBe(-60)
  })
  beforeEach(async () => {
    t = await tempDatabase({ dialect })
    for (const event of EVENTS) {
      await appendAudit(t.db, { actor: { type: 'system', name: 'Portico', workstation: null }, at: event.at, action: 'test.edge', clientId: null, outcome: 'success', detail: { label: event.label } })
    }
  })
  afterEach(async () => t.close())

  async function exported(from: string, to: string): Promise<string[]> {
    const result = await dispatch(handlers, ctx(), 'exportAudit', { from, to }, { trusted: true }, () => {})
    if (!result.ok) throw new Error(`exportAudit: ${result.error.code} ${result.error.message}`)
    const { csv, rows: count } = result.value as ChannelOutput<'exportAudit'>
    const rows = parse(csv, { columns: true }) as { action: string; detail: string }[]
    expect(rows).toHaveLength(count)
    return rows.filter((r) => r.action === 'test.edge').map((r) => (JSON.parse(r.detail) as { label: string }).label)
  }

  test.each([
    ['2026-03-29', 'the clocks go forward: its last event is at 22:59 UTC'],
    ['2026-10-25', 'the clocks go back: it runs until midnight UTC'],
  ])('the export for %s (%s) holds exactly that local day’s events', async (day) => {
    expect(await exported(day, day)).toEqual(EVENTS.filter((e) => e.day === day).map((e) => e.label))
  })

  test('across the clock changes, each event is in exactly one day’s export, and a range holds them all once', async () => {
    const perDay: string[] = []
    for (const day of DAYS) {
      const labels = await exported(day, day)
      expect(labels, day).toEqual(EVENTS.filter((e) => e.day === day).map((e) => e.label))
      perDay.push(...labels)
    }
    expect(perDay.sort()).toEqual(EVENTS.map((e) => e.label).sort())
    expect(await exported('2026-10-24', '2026-10-26')).toEqual(EVENTS.filter((e) => e.day >= '2026-10-24').map((e) => e.label))
  })
})
