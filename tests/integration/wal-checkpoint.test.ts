import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { type DeskRuntime, createDeskRuntime } from '../../electron/main/runtime'
import { practiceFileForDesk } from '../support/desk-on-file'
import { TEST_ADMIN, tempDir } from '../support/temp-db'

/**
 * Issue 12: a lost -wal (a copy tool that takes only the .sqlite3, a crash that loses it) must
 * cost seconds of work at most, not the practice. While the desk runs, what is committed reaches
 * the database's main file within seconds, and at once when someone signs out or locks the desk.
 * Each test copies the main file alone, as a lost -wal would leave it, and reads the copy.
 */
describe('the database file is never far behind its write-ahead log', () => {
  let folder: ReturnType<typeof tempDir>
  let desk: DeskRuntime
  let path: string
  afterEach(async () => {
    await desk.dispose()
    folder.cleanup()
  })

  async function start() {
    folder = tempDir()
    const practice = await practiceFileForDesk(folder.dir)
    path = practice.path
    const rendererDir = practice.rendererDir
    desk = await createDeskRuntime({ dbPath: path, deskDir: join(folder.dir, 'desk'), workstation: 'test-desk', rendererDir, portalHost: '127.0.0.1', log: () => {} })
    desk.ctx.session.staff = TEST_ADMIN
  }
  const call = (channel: string, input: unknown) => dispatch(handlers, desk.ctx, channel, input, { trusted: true }, () => {})
  const addClient = async (lastName: string) =>
    expect(await call('createClient', { client: { firstName: 'Kept', lastName, preferredName: '', dateOfBirth: '1990-01-01', email: '', phone: '' } })).toMatchObject({ ok: true })

  let copies = 0
  /** The last names in a copy of the main file alone (no -wal beside it). */
  function lastNamesInMainFile(): string[] {
    const copy = join(folder.dir, `main-only-${String((copies += 1))}.sqlite3`)
    copyFileSync(path, copy)
    const reader = new SqliteDatabase(copy)
    try {
      return reader.prepare('select last_name from clients order by id').pluck().all() as string[]
    } finally {
      reader.close()
    }
  }

  test('a client saved while the desk sits idle is in the main file within seconds', async () => {
    await start()
    await addClient('Idle')
    // The check itself: without a checkpoint, SQLite copies the log only every thousand pages.
    await expect.poll(() => lastNamesInMainFile(), { timeout: 10_000, interval: 250 }).toContain('Idle')
  })

  test('signing out and locking put what was saved into the main file at once', async () => {
    await start()
    await addClient('BeforeLock')
    expect(await call('lock', {})).toMatchObject({ ok: true })
    expect(lastNamesInMainFile()).toContain('BeforeLock')
    desk.ctx.session.locked = false
    await addClient('BeforeSignOut')
    expect(await call('signOut', {})).toMatchObject({ ok: true, value: { state: 'signed-out' } })
    expect(lastNamesInMainFile()).toContain('BeforeSignOut')
  })
})
