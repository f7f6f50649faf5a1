import { existsSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, expect, test } from 'vitest'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { type DeskRuntime, createDeskRuntime } from '../../electron/main/runtime'
import { practiceFileForDesk } from '../support/desk-on-file'
import { TEST_ADMIN, tempDir } from '../support/temp-db'

/**
 * Issue 12, with the file's write lock held by another program (a second connection in BEGIN
 * IMMEDIATE). Signing out failed on its audit event and left the previous person signed in, with
 * no message: the session now ends first, and the desk's screen (which re-reads the session) shows
 * sign-in. "Back up now" reported failure although the backup had been written: it now says the
 * backup is saved, and that its activity-log record could not be written.
 */
let folder: ReturnType<typeof tempDir>
let desk: DeskRuntime
let holder: SqliteDatabase.Database | undefined
afterEach(async () => {
  holder?.close()
  holder = undefined
  await desk.dispose()
  folder.cleanup()
})

async function deskWithLockHeldElsewhere() {
  folder = tempDir()
  const { path, rendererDir } = await practiceFileForDesk(folder.dir)
  desk = await createDeskRuntime({ dbPath: path, deskDir: join(folder.dir, 'desk'), workstation: 'test-desk', rendererDir, portalHost: '127.0.0.1', log: () => {}, open: { busyTimeoutMs: 200 } })
  desk.ctx.session.staff = TEST_ADMIN
  // Another program takes the write lock and keeps it.
  holder = new SqliteDatabase(path)
  holder.exec('begin immediate')
  return (channel: string, input: unknown) => dispatch(handlers, desk.ctx, channel, input, { trusted: true }, () => {})
}

test('signing out still signs the person out, says so, and its record waits until the database takes it', async () => {
  const call = await deskWithLockHeldElsewhere()
  const answer = await call('signOut', {})
  expect(answer).toMatchObject({ ok: true, value: { state: 'signed-out' } })
  expect(desk.ctx.session.staff).toBeNull()
  expect(await call('getSession', {})).toMatchObject({ ok: true, value: { state: 'signed-out' } })
  expect(desk.ctx.pendingAudits.size).toBe(1)
  holder?.exec('rollback')
  await desk.ctx.pendingAudits.flush()
  expect(desk.ctx.pendingAudits.size).toBe(0)
  const last = await desk.ctx.db.selectFrom('audit_events').select(['action', 'actor_name']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
  expect(last).toEqual({ action: 'staff.sign-out', actor_name: TEST_ADMIN.displayName })
})

test('"Back up now" reports the backup it wrote, and that its activity-log record could not be written', async () => {
  const call = await deskWithLockHeldElsewhere()
  const answer = await call('backupNow', {})
  expect(answer).toMatchObject({ ok: true, value: { name: expect.stringMatching(/^portico-.*\.sqlite3$/), notRecorded: expect.stringMatching(/could not record it in the activity log/) } })
  const name = (answer as { value: { name: string } }).value.name
  expect(existsSync(join(folder.dir, 'backups', name))).toBe(true)
  expect(await call('listBackups', {})).toMatchObject({ ok: true, value: [expect.objectContaining({ name })] })
})
