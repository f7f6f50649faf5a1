import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import SqliteDatabase from 'better-sqlite3'
import { createKysely, migrateTo } from '../../db/connection'
import { seedDemoPractice } from '../../db/demo-practice'
import { migrations } from '../../db/migrations'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { createDeskRuntime } from '../../electron/main/runtime'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { TEST_ADMIN, tempDir } from '../support/temp-db'
import { sqliteHandle } from '../../db/dialect/store'

let folder: ReturnType<typeof tempDir>
let runtime: Awaited<ReturnType<typeof createDeskRuntime>>
beforeEach(async () => {
  folder = tempDir()
  const rendererDir = join(folder.dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  runtime = await createDeskRuntime({ dbPath: join(folder.dir, 'portico.sqlite3'), workstation: 'test-desk', rendererDir, portalHost: '127.0.0.1', log: () => {} })
  await insertStaff(runtime.ctx.db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'x', now: new Date().toISOString() })
  await seedDemoPractice(runtime.ctx.db)
  runtime.ctx.session.staff = TEST_ADMIN
})
afterEach(async () => {
  await runtime.dispose()
  folder.cleanup()
})

async function ok<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const result = (await dispatch(handlers, runtime.ctx, channel, input, { trusted: true }, () => {})) as Result<ChannelOutput<K>>
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
  return result.value
}

describe('backups at the desk', () => {
  test('Back up now writes a checked backup; Restore brings it back, keeps the current database aside, and says what it restored', async () => {
    const backup = await ok('backupNow', {})
    expect(backup.name).toMatch(/^portico-\d{8}-\d{6}(-\d+)?\.sqlite3$/)
    expect(await ok('listBackups', {})).toEqual([backup])

    const created = await ok('createClient', { client: { firstName: 'After', lastName: 'Backup', preferredName: '', dateOfBirth: '1990-01-01', email: '', phone: '' } })
    expect((await ok('listClients', { query: '' })).total).toBe(201)

    const restored = await ok('restoreBackup', { name: backup.name })
    expect(restored).toMatchObject({ takenAt: backup.takenAt, clients: 200 })
    expect(existsSync(join(folder.dir, restored.keptAside))).toBe(true)
    // The data layer now runs on the restored file: the client added after the backup is gone.
    expect((await ok('listClients', { query: '' })).total).toBe(200)
    expect((await ok('listClients', { query: 'After Backup' })).items.map((c) => c.id)).not.toContain(created.id)
    const events = await runtime.ctx.db.selectFrom('audit_events').select(['action', 'outcome']).where('action', '=', 'backup.restore').execute()
    expect(events).toEqual([{ action: 'backup.restore', outcome: 'success' }])
  })

  test('an older backup whose chosen backup folder is gone still restores, upgrades, and the desk keeps working', async () => {
    const names = Object.keys(migrations)
    const folderPath = join(folder.dir, 'backups')
    mkdirSync(folderPath, { recursive: true })
    const oldPath = join(folderPath, 'portico-20250101-120000.sqlite3')
    const old = createKysely(new SqliteDatabase(oldPath))
    await migrateTo(old, names[names.length - 2]!)
    await old.insertInto('settings').values({ key: 'backup.folder', value: '/nonexistent/unplugged-drive' }).execute()
    await old.destroy()

    const restored = await ok('restoreBackup', { name: 'portico-20250101-120000.sqlite3' })
    expect(restored.clients).toBe(0)
    // Nobody from the current practice exists in that old file, so nobody stays signed in…
    expect(await ok('getSession', {})).toMatchObject({ state: 'setup', staff: null })
    // …but the data layer is open on the restored, upgraded file.
    const applied = sqliteHandle(runtime.ctx.data!.store).prepare('select count(*) n from kysely_migration').get()
    expect(applied).toEqual({ n: names.length })
  })

  test('a backup name from outside the backup folder is refused', async () => {
    const result = await dispatch(handlers, runtime.ctx, 'restoreBackup', { name: '../portico.sqlite3' }, { trusted: true }, () => {})
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  test('the backup folder setting must be a folder Portico can write to', async () => {
    const result = await dispatch(handlers, runtime.ctx, 'updateDeskSettings', { settings: { idleLockMinutes: 5, backupFolder: 'relative/path' } }, { trusted: true }, () => {})
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ field: 'backupFolder' }] } })
    const elsewhere = join(folder.dir, 'elsewhere')
    expect(await ok('updateDeskSettings', { settings: { idleLockMinutes: 5, backupFolder: elsewhere } })).toEqual({ idleLockMinutes: 5, backupFolder: elsewhere })
    const backup = await ok('backupNow', {})
    expect(existsSync(join(elsewhere, backup.name))).toBe(true)
    expect(await ok('getSession', {})).toMatchObject({ idleLockMinutes: 5 })
  })
})
