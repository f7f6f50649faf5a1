import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { chainSealOf } from '../../db/audit/chain-seal'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import { openDatabase } from '../../db/connection'
import { insertStaff } from '../../db/repositories/staff.repository'
import { PENDING_AUDITS_NAME } from '../../electron/main/audit/pending-audits-file'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { type DeskRuntime, createDeskRuntime } from '../../electron/main/runtime'
import { DIALECTS, type TestDialect } from '../support/dialects'
import { TEST_ADMIN, newDatabaseTarget, tempDir } from '../support/temp-db'
import { type WriteLockHolder, holdWriteLock } from '../support/write-lock-holder'

/**
 * Issue 12, "Reads keep working when writes can't": with the database's write lock held by another
 * program (a second process on the file; a second session on the server), opening a profile and
 * exporting the audit failed, because each writes an audit event. The read now shows its data and
 * its event waits, in order, with its own time, and is written once the lock is released; admins
 * are told how many wait. Closing Portico meanwhile keeps them for the next start.
 */
const FRONT_DESK = { id: 2, username: 'fran.desk', displayName: 'Fran Desk', role: 'front_desk' } as const
const WRITTEN_MS = 15_000

let folder: ReturnType<typeof tempDir>
let target: string
let drop: () => Promise<void>
let desk: DeskRuntime | null = null
let holder: WriteLockHolder | null = null
let clock = new Date('2025-03-04T09:00:00.000Z')

afterEach(async () => {
  await holder?.release()
  holder = null
  await desk?.dispose()
  desk = null
  await drop()
  folder.cleanup()
})

async function practiceOn(dialect: TestDialect): Promise<number> {
  folder = tempDir()
  mkdirSync(join(folder.dir, 'renderer', 'assets'), { recursive: true })
  writeFileSync(join(folder.dir, 'renderer', 'portal.html'), '<!doctype html><title>Client portal</title>')
  ;({ target, drop } = await newDatabaseTarget(dialect, folder.dir))
  const { db } = await openDatabase(target)
  await insertStaff(db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'x', now: clock.toISOString() })
  await db.destroy()
  await startDesk()
  const created = await call('createClient', { client: { firstName: 'Joe', lastName: 'Fake', preferredName: '', dateOfBirth: '1985-06-01', email: '', phone: '' } })
  return (created as { value: { id: number } }).value.id
}

async function startDesk(): Promise<DeskRuntime> {
  desk = await createDeskRuntime({
    dbPath: target,
    deskDir: join(folder.dir, 'desk'),
    workstation: 'test-desk',
    rendererDir: join(folder.dir, 'renderer'),
    portalHost: '127.0.0.1',
    log: () => {},
    now: () => clock,
    open: { busyTimeoutMs: 300 },
  })
  desk.ctx.session.staff = TEST_ADMIN
  return desk
}

const call = (channel: string, input: unknown) => dispatch(handlers, desk!.ctx, channel, input, { trusted: true }, () => {})
const session = async () => ((await call('getSession', {})) as { value: { pendingAuditWarning: string | null } }).value.pendingAuditWarning
const events = (action: string) =>
  desk!.ctx.db.selectFrom('audit_events').select(['id', 'occurred_at', 'action', 'client_id', 'actor_name', 'detail']).where('action', '=', action).orderBy('id').execute()
const chainHolds = async () => (await verifyAuditChain(desk!.ctx.db, { key: chainSealOf(desk!.ctx.db)?.key ?? null })).ok

describe.each(DIALECTS)('reads while another program holds the write lock (%s)', (dialect) => {
  test('opening a profile shows it; its event waits, admins see how many, and it is written in order with its own time once the lock is released', async () => {
    const clientId = await practiceOn(dialect)
    holder = await holdWriteLock(dialect, target)
    clock = new Date('2025-03-04T09:15:00.000Z')
    expect(await call('getClient', { clientId })).toMatchObject({ ok: true, value: { id: clientId, firstName: 'Joe', lastName: 'Fake' } })
    clock = new Date('2025-03-04T09:16:00.000Z')
    expect(await call('getClient', { clientId })).toMatchObject({ ok: true, value: { firstName: 'Joe' } })
    expect(await session()).toBe('2 audit events are waiting to be saved: Portico can’t write to the practice’s database right now. They’ll be saved when it can.')
    // Staff who aren't admins read as before, and aren't shown the count.
    desk!.ctx.session.staff = FRONT_DESK
    expect(await session()).toBeNull()
    desk!.ctx.session.staff = TEST_ADMIN
    expect(await events('client.view')).toEqual([])
    // A try already under way finds the lock still held and leaves them waiting.
    await desk!.ctx.pendingAudits.flush()
    expect(desk!.ctx.pendingAudits.size).toBe(2)

    await holder.release()
    holder = null
    // Written by the desk's own retry, with no other call to prompt it.
    await expect.poll(async () => (await events('client.view')).length, { timeout: WRITTEN_MS }).toBe(2)
    const views = await events('client.view')
    expect(views.map((v) => [v.occurred_at, v.client_id, v.actor_name])).toEqual([
      ['2025-03-04T09:15:00.000Z', clientId, TEST_ADMIN.displayName],
      ['2025-03-04T09:16:00.000Z', clientId, TEST_ADMIN.displayName],
    ])
    expect(JSON.parse(views[0]!.detail!)).toEqual({ delayed: true })
    expect(views[1]!.id).toBe(views[0]!.id + 1)
    expect(await session()).toBeNull()
    expect(await chainHolds()).toBe(true)
  })

  test('the audit export still downloads, and its event is written once it can be', async () => {
    await practiceOn(dialect)
    holder = await holdWriteLock(dialect, target)
    const exported = await call('exportAudit', { from: '2025-03-04', to: '2025-03-04' })
    expect(exported).toMatchObject({ ok: true, value: { filename: 'portico-audit-2025-03-04-to-2025-03-04.csv', csv: expect.stringContaining('client.create') } })
    expect(await session()).toMatch(/^1 audit event is waiting to be saved/)
    await holder.release()
    holder = null
    await expect.poll(async () => (await events('audit.export')).length, { timeout: WRITTEN_MS }).toBe(1)
    expect(JSON.parse((await events('audit.export'))[0]!.detail!)).toMatchObject({ from: '2025-03-04', to: '2025-03-04', delayed: true })
    expect(await chainHolds()).toBe(true)
  })

  test('events still waiting when Portico closes are kept in the desk’s folder and written first at the next start', async () => {
    const clientId = await practiceOn(dialect)
    holder = await holdWriteLock(dialect, target)
    clock = new Date('2025-03-04T09:30:00.000Z')
    expect(await call('getClient', { clientId })).toMatchObject({ ok: true })
    await desk!.dispose()
    desk = null
    const kept = join(folder.dir, 'desk', PENDING_AUDITS_NAME)
    expect(existsSync(kept)).toBe(true)
    await holder.release()
    holder = null

    clock = new Date('2025-03-04T10:00:00.000Z')
    await startDesk()
    expect((await events('client.view')).map((v) => [v.occurred_at, v.client_id])).toEqual([['2025-03-04T09:30:00.000Z', clientId]])
    expect(existsSync(kept)).toBe(false)
    expect(await session()).toBeNull()
    expect(await chainHolds()).toBe(true)
  })
})
