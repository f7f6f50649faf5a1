import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import { DIALECTS } from '../support/dialects'
import { type Desk, atOnce, desksOn } from '../support/desks'
import { tempDatabase } from '../support/temp-db'

/**
 * Issue 11, "Correct under concurrency": every desk appends to one audit chain. Each event links to
 * the one before it, so two desks reading the same last event and both appending after it would
 * fork the chain, and the start-up check would report tampering that never happened.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  let desks: Desk[]
  beforeEach(async () => {
    t = await tempDatabase({ dialect })
    desks = await desksOn(dialect, t.path)
    await atOnce(desks, 'open', () => ({ migrations: 'all' }))
  })
  afterEach(async () => {
    await Promise.all(desks.map((d) => d.close()))
    await t.close()
  })

  test('two desks appending 200 events each at once make one unbroken chain: every event saved, none sharing a previous hash', { timeout: 60_000 }, async () => {
    const before = await t.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const answers = await atOnce(desks, 'appendAudits', (i) => ({ count: 200, workstation: `desk-${i + 1}` }))
    expect(answers).toEqual([
      { appended: 200, failed: [] },
      { appended: 200, failed: [] },
    ])

    const events = await t.db.selectFrom('audit_events').select(['id', 'prev_hash']).orderBy('id').execute()
    expect(events).toHaveLength(Number(before.n) + 400)
    expect(new Set(events.map((e) => e.prev_hash)).size).toBe(events.length)

    const report = await verifyAuditChain(t.db, { key: null })
    expect(report.firstBroken).toBeNull()
    expect(report).toMatchObject({ ok: true, events: events.length })
  })
})
