import { afterEach, describe, expect, test } from 'vitest'
import { PendingAudits } from '../../electron/main/audit/pending-audits'
import { DIALECTS } from '../support/dialects'
import { tempDatabase } from '../support/temp-db'
import { type WriteLockHolder, holdWriteLock } from '../support/write-lock-holder'

/**
 * Issue 12: reads' audit events wait while the database can't take them, but not without bound.
 * When the queue is full the read is refused with a message saying why, rather than an event being
 * dropped; nothing already waiting is lost. (The desk's limit is 10,000; here it is 2.)
 */
describe.each(DIALECTS)('a full queue of waiting audit events (%s)', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  let holder: WriteLockHolder | null = null
  afterEach(async () => {
    await holder?.release()
    holder = null
    await t.close()
  })

  test('refuses the next read plainly, keeps what waits, and writes it all once it can', async () => {
    t = await tempDatabase({ dialect, open: { busyTimeoutMs: 300 } })
    const queue = new PendingAudits({ current: () => ({ db: t.db, database: 'this one' }), limit: 2, log: () => {} })
    const view = (at: string) => ({ actor: { type: 'desk' as const, name: 'Tess Admin', workstation: 'test-desk', staffId: 1 }, at, action: 'client.view', clientId: null, outcome: 'success' as const })
    holder = await holdWriteLock(dialect, t.path)
    await queue.record(view('2025-03-04T09:00:00.000Z'))
    await queue.record(view('2025-03-04T09:01:00.000Z'))
    await expect(queue.record(view('2025-03-04T09:02:00.000Z'))).rejects.toMatchObject({
      code: 'STORAGE_BUSY',
      message: expect.stringMatching(/can’t write to the practice’s database, and 2 activity-log records are already waiting.*Nothing was changed/),
    })
    expect(queue.size).toBe(2)
    await holder.release()
    holder = null
    await queue.flush()
    await queue.close()
    const written = await t.db.selectFrom('audit_events').select('occurred_at').where('action', '=', 'client.view').orderBy('id').execute()
    expect(written.map((e) => e.occurred_at)).toEqual(['2025-03-04T09:00:00.000Z', '2025-03-04T09:01:00.000Z'])
  })
})
