import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, inject, test } from 'vitest'
import { openDatabase } from '../../db/connection'
import { seedDemoPractice } from '../../db/demo-practice'
import { insertStaff } from '../../db/repositories/staff.repository'
import { type DeskRuntime, createDeskRuntime } from '../../electron/main/runtime'
import { createDeskStore } from '../../renderer/src/store/desk-store'
import type { PracticeServerValues } from '../../renderer/src/store/practice-database.slice'
import type { PorticoApi } from '../../shared/api'
import { DIALECTS } from '../support/dialects'
import { inProcessApi } from '../support/in-process-api'
import { databasesOn } from '../support/postgres-server'
import { TEST_ADMIN, tempDir } from '../support/temp-db'

let folder: ReturnType<typeof tempDir>
let runtime: DeskRuntime
const databases: string[] = []
/** Channels the store called, in order: what reached main. */
let called: string[]

beforeEach(() => {
  folder = tempDir()
  called = []
})
afterEach(async () => {
  await runtime.dispose()
  for (const url of databases.splice(0)) await databasesOn(inject('postgresAdminUrl')).drop(url)
  folder.cleanup()
})

async function deskOn(target: string, demo = false) {
  const { db } = await openDatabase(target)
  await insertStaff(db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'x', now: new Date().toISOString() })
  if (demo) await seedDemoPractice(db)
  await db.destroy()
  const rendererDir = join(folder.dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  runtime = await createDeskRuntime({ dbPath: target, deskDir: join(folder.dir, 'desk'), workstation: 'test-desk', rendererDir, portalHost: '127.0.0.1', log: () => {} })
  runtime.ctx.session.staff = TEST_ADMIN
  const api = inProcessApi(runtime.ctx)
  const counted = new Proxy(api, {
    get: (target, channel: string) => (input: unknown) => {
      called.push(channel)
      return (target as unknown as Record<string, (i: unknown) => unknown>)[channel]!(input)
    },
  }) as PorticoApi
  const store = createDeskStore(counted)
  await store.getState().loadSession()
  return store
}

async function serverDatabase(): Promise<string> {
  const url = await databasesOn(inject('postgresAdminUrl')).create()
  databases.push(url)
  return url
}

const typed = (url: string): PracticeServerValues => {
  const u = new URL(url)
  return { host: u.hostname, port: u.port, database: u.pathname.slice(1), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), tls: 'off', caFile: '' }
}

describe('the desk store’s Settings → Practice database', () => {
  test('what is typed wrong is told beside its field before anything reaches main', async () => {
    const store = await deskOn(join(folder.dir, 'portico.sqlite3'))
    called = []
    const { outcome, result } = await store.getState().checkPracticeServer({ host: '', port: 'abc', database: 'portico', user: 'desk', password: '', tls: 'verify', caFile: 'relative.pem' }, 'join')
    expect(result).toBeNull()
    expect(outcome).toEqual({
      ok: false,
      message: null,
      fieldErrors: {
        host: 'Enter the server’s name or address, for example db.office.local or 192.168.1.20.',
        port: 'Enter the port as a number, usually 5432.',
        caFile: expect.stringMatching(/^Give the full path of the CA certificate file/),
      },
    })
    expect(called).toEqual([])
  })

  test.skipIf(!DIALECTS.includes('postgres'))('on a server, Settings → Security saves the lock minutes without a backup folder', async () => {
    const store = await deskOn(await serverDatabase())
    await store.getState().loadPracticeDatabase()
    expect(store.getState().practiceDatabase).toMatchObject({ kind: 'server', fileBackups: false })
    expect(await store.getState().saveDeskSettings({ idleLockMinutes: '5', backupFolder: '' })).toEqual({ ok: true })
  })

  test.skipIf(!DIALECTS.includes('postgres'))('a move shows its counts and keeps the admin signed in; going back to built-in signs out and the sign-in screen says why', async () => {
    const store = await deskOn(join(folder.dir, 'portico.sqlite3'), true)
    const url = await serverDatabase()
    expect(await store.getState().movePracticeToServer(typed(url))).toEqual({ ok: true })
    expect(store.getState().practiceDatabaseChange?.counts?.after.clients).toBe(200)
    expect(store.getState()).toMatchObject({ practiceDatabase: { kind: 'server' }, session: { state: 'signed-in' }, total: 200 })

    expect(await store.getState().useBuiltInDatabase()).toEqual({ ok: true })
    expect(store.getState().session).toMatchObject({ state: 'signed-out' })
    expect(store.getState().signInNotice).toMatch(/^This desk now uses the database built into this computer/)
  })
})
