import { rmSync, statfsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { chainSealOf } from '../../db/audit/chain-seal'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { type DeskRuntime, createDeskRuntime } from '../../electron/main/runtime'
import { practiceFileForDesk } from '../support/desk-on-file'
import { mountSmallDisk } from '../support/small-disk'
import { TEST_ADMIN, tempDir } from '../support/temp-db'

/**
 * Issue 12, "Reads keep working when writes can't", with the disk that holds the practice file
 * full (a 2 MiB tmpfs, filled up; the desk's own folder is elsewhere). Opening a profile failed on
 * its audit event; now every profile opens, the events wait, and they are all written, in order,
 * once there is room again. (SQLite only: a server's disk is the server's.)
 */
const disk = mountSmallDisk()
const skipped = typeof disk === 'string' ? disk : null

describe.skipIf(skipped !== null)(`reads on a full disk${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  const { dir, unmount } = disk as Exclude<typeof disk, string>
  const own = tempDir()
  let desk: DeskRuntime | undefined
  afterAll(async () => {
    await desk?.dispose()
    unmount()
    own.cleanup()
  })

  test('every profile opened while the disk is full shows, and each view is written in order once there is room', async () => {
    const { path, rendererDir } = await practiceFileForDesk(dir)
    desk = await createDeskRuntime({ dbPath: path, deskDir: own.dir, workstation: 'test-desk', rendererDir, portalHost: '127.0.0.1', log: () => {} })
    desk.ctx.session.staff = TEST_ADMIN
    const call = (channel: string, input: unknown) => dispatch(handlers, desk!.ctx, channel, input, { trusted: true }, () => {})
    const created = await call('createClient', { client: { firstName: 'Joe', lastName: 'Fake', preferredName: '', dateOfBirth: '1985-06-01', email: '', phone: '' } })
    const clientId = (created as { value: { id: number } }).value.id

    const { bavail, bsize } = statfsSync(dir)
    const filler = join(dir, 'filler')
    writeFileSync(filler, Buffer.alloc(bavail * bsize))
    // Each view is a small write: some may still fit in pages the file already has; the disk runs out soon.
    let opened = 0
    for (; opened < 2_000 && desk.ctx.pendingAudits.size === 0; opened++) {
      expect(await call('getClient', { clientId })).toMatchObject({ ok: true, value: { firstName: 'Joe' } })
    }
    expect(desk.ctx.pendingAudits.size).toBe(1)
    expect(await call('getClient', { clientId })).toMatchObject({ ok: true, value: { firstName: 'Joe' } })
    opened += 1
    expect(await call('getSession', {})).toMatchObject({ ok: true, value: { pendingAuditWarning: expect.stringMatching(/^2 audit events are waiting to be saved/) } })

    rmSync(filler)
    await expect.poll(() => desk!.ctx.pendingAudits.size, { timeout: 15_000 }).toBe(0)
    const views = await desk.ctx.db.selectFrom('audit_events').select(['id', 'detail']).where('action', '=', 'client.view').orderBy('id').execute()
    expect(views).toHaveLength(opened)
    expect(views.slice(-2).map((v) => JSON.parse(v.detail ?? '{}'))).toEqual([{ delayed: true }, { delayed: true }])
    expect((await verifyAuditChain(desk.ctx.db, { key: chainSealOf(desk.ctx.db)?.key ?? null })).ok).toBe(true)
  })
})
