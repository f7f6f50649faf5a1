import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createKysely, migrateTo } from '../../db/connection'
import { migrations } from '../../db/migrations'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { createDeskRuntime } from '../../electron/main/runtime'
import { TEST_ADMIN, tempDir } from '../support/temp-db'

let folder: ReturnType<typeof tempDir>
let rendererDir: string
beforeEach(() => {
  folder = tempDir()
  rendererDir = join(folder.dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
})
afterEach(() => folder.cleanup())

const start = (dbPath: string) => createDeskRuntime({ dbPath, workstation: 'test-desk', rendererDir, portalHost: '127.0.0.1', log: () => {} })

describe('the desk at start-up', () => {
  test('takes a backup before upgrading an older database', async () => {
    const dbPath = join(folder.dir, 'portico.sqlite3')
    const names = Object.keys(migrations)
    const old = createKysely(new SqliteDatabase(dbPath))
    await migrateTo(old, names[names.length - 2]!)
    await old.destroy()

    const runtime = await start(dbPath)
    try {
      const backups = readdirSync(join(folder.dir, 'backups')).filter((n) => n.endsWith('.sqlite3'))
      expect(backups).toHaveLength(1)
      const backup = new SqliteDatabase(join(folder.dir, 'backups', backups[0]!), { readonly: true })
      // The backup holds the database as it was before the upgrade.
      expect(backup.prepare('select count(*) n from kysely_migration').get()).toEqual({ n: names.length - 1 })
      backup.close()
    } finally {
      await runtime.dispose()
    }
  })

  test('checks the audit chain and warns admins (only admins) when it is broken', async () => {
    const dbPath = join(folder.dir, 'portico.sqlite3')
    const first = await start(dbPath)
    await insertStaff(first.ctx.db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'x', now: new Date().toISOString() })
    first.ctx.session.staff = TEST_ADMIN
    await dispatch(handlers, first.ctx, 'lock', {}, { trusted: true })
    await dispatch(handlers, first.ctx, 'signOut', {}, { trusted: true })
    await first.dispose()

    const rogue = new SqliteDatabase(dbPath)
    rogue.exec(`drop trigger audit_events_no_delete; delete from audit_events where id = (select min(id) from audit_events)`)
    rogue.close()

    const second = await start(dbPath)
    try {
      second.ctx.session.staff = TEST_ADMIN
      const admin = await dispatch(handlers, second.ctx, 'getSession', {}, { trusted: true })
      expect(admin).toMatchObject({ ok: true, value: { auditWarning: expect.stringMatching(/audit trail failed its integrity check at event #\d+/) } })
      second.ctx.session.staff = { ...TEST_ADMIN, role: 'front_desk' }
      expect(await dispatch(handlers, second.ctx, 'getSession', {}, { trusted: true })).toMatchObject({ ok: true, value: { auditWarning: null } })
    } finally {
      await second.dispose()
    }
  })
})
