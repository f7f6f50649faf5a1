import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { openDatabase } from '../../db/connection'
import { describeTarget, parseDatabaseTarget } from '../../db/dialect/target'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { type DeskRuntime, createDeskRuntime } from '../../electron/main/runtime'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { DIALECTS } from '../support/dialects'
import { TEST_ADMIN, newDatabaseTarget, tempDir } from '../support/temp-db'

let folder: ReturnType<typeof tempDir>
let desk: DeskRuntime
let drop: () => Promise<void>
let target: string

async function startOn(dialect: (typeof DIALECTS)[number]): Promise<void> {
  folder = tempDir()
  const rendererDir = join(folder.dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  ;({ target, drop } = await newDatabaseTarget(dialect, folder.dir))
  const { db } = await openDatabase(target)
  await insertStaff(db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'x', now: new Date().toISOString() })
  await db.destroy()
  desk = await createDeskRuntime({ dbPath: target, deskDir: join(folder.dir, 'desk'), workstation: 'test-desk', rendererDir, portalHost: '127.0.0.1', log: () => {} })
  desk.ctx.session.staff = TEST_ADMIN
}

afterEach(async () => {
  await desk.dispose()
  await drop()
  folder.cleanup()
})

const call = <K extends ChannelName>(channel: K, input: ChannelInput<K>) => dispatch(handlers, desk.ctx, channel, input, { trusted: true }, () => {}) as Promise<Result<ChannelOutput<K>>>
const NEW_CLIENT = { firstName: 'Held', lastName: 'Back', preferredName: '', dateOfBirth: '1990-01-01', email: '', phone: '' }

describe.each(DIALECTS)('the desk’s database on %s', (dialect) => {
  beforeEach(() => startOn(dialect))

  test('Settings → Practice database says where the practice is and whether this desk backs it up into files', async () => {
    const location = describeTarget(parseDatabaseTarget(target))
    expect(await call('getPracticeDatabase', {})).toEqual({
      ok: true,
      value: { kind: dialect === 'sqlite' ? 'built-in' : 'server', location, fileBackups: dialect === 'sqlite', server: dialect === 'sqlite' ? null : expect.objectContaining({ passwordSaved: true }), moving: null, notices: [] },
    })
  })

  test('while the practice is held (being copied elsewhere) nothing is written, audit events included; the desk still locks; afterwards it carries on', async () => {
    const events = async () => Number((await desk.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await events()
    const release = await desk.ctx.data!.hold('Portico is moving this practice to the server.')
    expect(await call('createClient', { client: NEW_CLIENT })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'Portico is moving this practice to the server.' } })
    expect(await call('lock', {})).toMatchObject({ ok: true, value: { state: 'locked' } })
    expect(await events()).toBe(before)
    await release()
    desk.ctx.session.locked = false
    expect(await call('createClient', { client: NEW_CLIENT })).toMatchObject({ ok: true })
  })
})

describe.skipIf(!DIALECTS.includes('postgres'))('a desk on a server', () => {
  beforeEach(() => startOn('postgres'))

  test('Back up now, the list of backups and Restore are refused with what to do instead (the server’s pg_dump)', async () => {
    const statement = `This practice’s data is on the server ${describeTarget(parseDatabaseTarget(target))}. Back it up on the server with pg_dump — see the README, ‘Several desks’.`
    for (const [channel, input] of [['backupNow', {}], ['listBackups', {}], ['restoreBackup', { name: 'portico-20250101-120000.sqlite3' }]] as const) {
      expect(await call(channel, input as never)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: statement } })
    }
  })

  test('the lock minutes can be saved without a backup folder, which a server does not need', async () => {
    expect(await call('getDeskSettings', {})).toEqual({ ok: true, value: { idleLockMinutes: 10, backupFolder: '' } })
    expect(await call('updateDeskSettings', { settings: { idleLockMinutes: 4, backupFolder: '' } })).toEqual({ ok: true, value: { idleLockMinutes: 4, backupFolder: '' } })
  })
})
