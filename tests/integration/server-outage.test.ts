import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, onTestFinished, test, vi } from 'vitest'
import { openDatabase } from '../../db/connection'
import { PING_TIMEOUT_MS, databaseReachable } from '../../db/dialect/reachable'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { type DeskRuntime, createDeskRuntime } from '../../electron/main/runtime'
import { SAVE_AGAIN_MESSAGE } from '../../renderer/src/store/profile.slice'
import { createDeskStore } from '../../renderer/src/store/desk-store'
import { inProcessApi } from '../support/in-process-api'
import { cuttableLink } from '../support/cuttable-link'
import { type TestPostgresServer, startTestPostgres } from '../support/postgres-server'
import { TEST_ADMIN, tempDir } from '../support/temp-db'

// A server of this file's own: these tests stop it and start it again, which the suite's shared one must never see.
let server: TestPostgresServer
let stopped = false
beforeAll(async () => {
  server = await startTestPostgres()
}, 60_000)
afterAll(async () => server.destroy())
const stopServer = async () => {
  await server.stop()
  stopped = true
}
const startServer = async () => {
  await server.start()
  stopped = false
}

let folder: ReturnType<typeof tempDir>
let url: string
let runtime: DeskRuntime
beforeEach(async () => {
  folder = tempDir()
  const rendererDir = join(folder.dir, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  url = await server.createDatabase()
  runtime = await createDeskRuntime({ dbPath: url, deskDir: join(folder.dir, 'desk'), workstation: 'desk-a', rendererDir, portalHost: '127.0.0.1', log: () => {} })
  await insertStaff(runtime.ctx.db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'x', now: new Date().toISOString() })
  runtime.ctx.session.staff = TEST_ADMIN
})
afterEach(async () => {
  // A test that failed with the server stopped still leaves it running for the next.
  if (stopped) await startServer()
  await runtime.dispose()
  await server.dropDatabase(url)
  folder.cleanup()
})

const call = (channel: string, input: unknown = {}) => dispatch(handlers, runtime.ctx, channel, input, { trusted: true }, () => {})
const KIRI = { firstName: 'Kiri', lastName: 'Outage', preferredName: '', dateOfBirth: '1990-02-03', email: '', phone: '' }
const countKiri = async () => Number((await runtime.ctx.db.selectFrom('clients').select((eb) => eb.fn.countAll().as('n')).where('last_name', '=', 'Outage').executeTakeFirstOrThrow()).n)

describe('a desk whose practice server goes away', () => {
  test('is told the server can’t be reached, and where it is (never with the password), until it answers again', async () => {
    const location = `127.0.0.1:${server.port}/${new URL(url).pathname.slice(1)}`
    const reachable = await call('getDatabaseStatus')
    expect(reachable).toEqual({ ok: true, value: { reachable: true, location } })
    expect(JSON.stringify(reachable)).not.toContain(decodeURIComponent(new URL(url).password))

    await stopServer()
    expect(await call('getDatabaseStatus')).toEqual({ ok: true, value: { reachable: false, location } })
    expect(await call('listClients', { query: '' })).toMatchObject({ ok: false, error: { code: 'STORAGE_UNREACHABLE', message: expect.stringMatching(/Nothing was changed/) } })

    await startServer()
    expect(await call('getDatabaseStatus')).toEqual({ ok: true, value: { reachable: true, location } })
    expect(await call('listClients', { query: '' })).toMatchObject({ ok: true })
  })

  test('a new client is either saved and shown, or not saved at all, when the server stops in the middle of saving; the desk’s process carries on', async () => {
    // A connection dropped while in use must not end the process (the desk, or the browser host).
    const uncaught: unknown[] = []
    const note = (error: unknown) => uncaught.push(error)
    process.on('uncaughtException', note)
    onTestFinished(() => {
      process.off('uncaughtException', note)
    })
    // Another session holds the portal tables, so the save stops at its last read of the client's
    // portal access; the server is stopped right there.
    const holder = new pg.Client({ connectionString: url })
    holder.on('error', () => undefined)
    await holder.connect()
    await holder.query('begin')
    await holder.query('lock table portal_accounts, portal_invites in access exclusive mode')
    const saving = call('createClient', { client: KIRI })
    const watcher = new pg.Client({ connectionString: url })
    watcher.on('error', () => undefined)
    await watcher.connect()
    await vi.waitFor(async () => {
      const { rows } = await watcher.query(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`)
      expect(rows[0].n).toBeGreaterThan(0)
    })
    await watcher.end()
    await stopServer()
    const answer = await saving
    await startServer()

    expect(answer).toMatchObject({ ok: false, error: { code: 'STORAGE_UNREACHABLE', message: expect.stringMatching(/Nothing was changed/) } })
    // The desk was told nothing was saved: so nothing was (a second Save would otherwise add Kiri twice).
    expect(await countKiri()).toBe(0)
    expect(uncaught).toEqual([])
  })

  test('the desk shows the message, keeps the failed Save’s values unsaved, and carries on by itself when the server is back', async () => {
    const store = createDeskStore(inProcessApi(runtime.ctx))
    await store.getState().loadSession()
    expect(store.getState().session?.state).toBe('signed-in')
    store.getState().startNewClient()

    await stopServer()
    expect(await store.getState().saveClient(KIRI)).toBe(false)
    expect(store.getState()).toMatchObject({ mode: 'new', formOffline: true, formError: expect.stringMatching(/can’t reach the practice database.*Nothing was changed/) })
    await vi.waitFor(() => expect(store.getState().databaseDown).toBe(true))
    expect(store.getState().databaseLocation).toBe(`127.0.0.1:${server.port}/${new URL(url).pathname.slice(1)}`)

    await startServer()
    // Nobody presses Retry: the desk's own tries (1, 2, 3 s apart) find the server.
    await vi.waitFor(() => expect(store.getState().databaseDown).toBe(false), { timeout: 8000, interval: 100 })
    expect(store.getState()).toMatchObject({ mode: 'new', formError: SAVE_AGAIN_MESSAGE, formOffline: false })
    expect(await countKiri()).toBe(0)
    expect(await store.getState().saveClient(KIRI)).toBe(true)
    expect(await countKiri()).toBe(1)
  })

  test('Retry asks at once', async () => {
    const store = createDeskStore(inProcessApi(runtime.ctx))
    await store.getState().loadSession()
    await stopServer()
    expect(await store.getState().checkDatabase()).toBe(false)
    expect(store.getState().databaseDown).toBe(true)
    await startServer()
    const asked = Date.now()
    expect(await store.getState().retryDatabaseNow()).toBe(true)
    expect(Date.now() - asked).toBeLessThan(900)
    expect(store.getState().databaseDown).toBe(false)
  })

  test('a server that stops answering without refusing (a cut cable) counts as out of reach within seconds, and as back once it answers', async () => {
    const link = await cuttableLink(server.port)
    const through = new URL(url)
    through.port = String(link.port)
    const { db } = await openDatabase(through.toString())
    try {
      // The desk's pool holds a connection that worked a moment ago.
      expect(await databaseReachable(db)).toBe(true)
      link.cut()
      const asked = Date.now()
      expect(await databaseReachable(db)).toBe(false)
      expect(Date.now() - asked).toBeLessThan(PING_TIMEOUT_MS + 2000)
      link.mend()
      expect(await databaseReachable(db)).toBe(true)
    } finally {
      link.mend()
      await db.destroy()
      await link.close()
    }
  })
})
