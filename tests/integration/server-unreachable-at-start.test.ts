import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { startWebHost } from '../../build/web-host/server'
import { DatabaseFromFutureError } from '../../db/connection'
import { type DeskStarter, startDesk } from '../../electron/main/desk-starter'
import { handlers } from '../../electron/main/handlers'
import { createDeskRuntime } from '../../electron/main/runtime'
import { buildApi } from '../../electron/preload/build-api'
import { createDeskStore } from '../../renderer/src/store/desk-store'
import { type TestPostgresServer, startTestPostgres } from '../support/postgres-server'
import { tempDir } from '../support/temp-db'

// A server of this file's own: these tests start desks while it is stopped, which the suite's shared one must never be.
let server: TestPostgresServer
let running = true
beforeAll(async () => {
  server = await startTestPostgres()
}, 60_000)
afterAll(async () => server.destroy())
const stopServer = async () => {
  await server.stop()
  running = false
}
const startServer = async () => {
  await server.start()
  running = true
}

let folder: ReturnType<typeof tempDir>
let url: string
let rendererDir: string
let logged: string[]
let starters: DeskStarter[]
beforeEach(async () => {
  folder = tempDir()
  rendererDir = join(folder.dir, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>Portico</title></head><body></body></html>')
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  url = await server.createDatabase()
  logged = []
  starters = []
})
afterEach(async () => {
  // A test that failed with the server stopped still leaves it running for the next.
  if (!running) await startServer()
  for (const starter of starters) await starter.dispose()
  await server.dropDatabase(url)
  folder.cleanup()
})

const password = () => decodeURIComponent(new URL(url).password)
const location = () => `127.0.0.1:${server.port}/${new URL(url).pathname.slice(1)}`

/** The desk app's start (Electron's and the browser host's): the runtime, behind the starter. */
async function startDeskOn(dbPath: string, retryMs: number): Promise<{ desk: DeskStarter; tries: () => number }> {
  let tries = 0
  const desk = await startDesk({
    dbPath,
    handlers,
    retryMs,
    log: (line) => logged.push(line),
    start: () => {
      tries += 1
      return createDeskRuntime({ dbPath, deskDir: join(folder.dir, 'desk'), workstation: 'desk-a', rendererDir, portalHost: '127.0.0.1', log: (line) => logged.push(line) })
    },
  })
  starters.push(desk)
  return { desk, tries: () => tries }
}

const NEW_PRACTICE = { mode: 'new', practiceName: 'Harbour Physio', username: 'aroha.admin', displayName: 'Aroha Admin', password: 'granite-orchard-lantern-42' }

describe('a desk started while its practice server can’t be reached', () => {
  test('waits, saying where the server is; refuses every call but the status without running a handler; keeps trying by itself, and starts once the server answers', async () => {
    await stopServer()
    const { desk, tries } = await startDeskOn(url, 200)
    const call = (channel: string, input: unknown = {}) => desk.call(channel, input, { trusted: true })

    expect(desk.runtime).toBeNull()
    expect(await call('getDatabaseStatus')).toEqual({ ok: true, value: { reachable: false, location: location() } })
    for (const [channel, input] of [['getSession', {}], ['setupPractice', { setup: NEW_PRACTICE }], ['listClients', { query: '' }]] as const) {
      expect(await call(channel, input)).toMatchObject({ ok: false, error: { code: 'STORAGE_UNREACHABLE', message: expect.stringMatching(/Nothing was changed/) } })
    }
    expect(await desk.call('getDatabaseStatus', {}, { trusted: false })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    // Nobody asks: the desk tries again by itself.
    await vi.waitFor(() => expect(tries()).toBeGreaterThanOrEqual(4), { timeout: 15_000, interval: 50 })
    expect(desk.runtime).toBeNull()

    await startServer()
    const runtime = await desk.ready
    expect(desk.runtime).toBe(runtime)
    // It finished starting: a brand-new database got its schema, and the real handlers answer.
    expect(runtime.created).toBe(true)
    expect(await call('getDatabaseStatus')).toEqual({ ok: true, value: { reachable: true, location: location() } })
    expect(await call('getSession')).toMatchObject({ ok: true, value: { state: 'setup' } })
    expect(await call('setupPractice', { setup: NEW_PRACTICE })).toMatchObject({ ok: true })
    expect(await call('listClients', { query: '' })).toMatchObject({ ok: true })

    expect(logged.some((line) => line.includes(`can’t reach the practice database at ${location()}`))).toBe(true)
    for (const line of logged) expect(line).not.toContain(password())
  })

  test('Retry: asking for the status tries at once, and the desk carries on when the server is back', async () => {
    await stopServer()
    const { desk, tries } = await startDeskOn(url, 600_000)
    await startServer()
    expect(tries()).toBe(1)
    expect(await desk.call('getDatabaseStatus', {}, { trusted: true })).toEqual({ ok: true, value: { reachable: true, location: location() } })
    expect(desk.runtime).not.toBeNull()
  })

  test('the desk’s screens, before anyone has signed in, show the message and carry on to first-run setup by themselves', async () => {
    await stopServer()
    const { desk } = await startDeskOn(url, 200)
    const api = buildApi((channel, input) => desk.call(channel.replace(/^portico:/, ''), structuredClone(input), { trusted: true }))
    const store = createDeskStore(api)
    await store.getState().loadSession()
    expect(store.getState().session).toBeNull()
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ databaseDown: true, databaseLocation: location() }))

    await startServer()
    // Nobody presses Retry: the screen's own tries find the desk started.
    await vi.waitFor(() => expect(store.getState()).toMatchObject({ databaseDown: false, session: { state: 'setup' }, sessionError: null }), { timeout: 15_000, interval: 100 })
  })

  test('a database from a newer Portico, found once the server answers, is refused as it is at start, and nothing is retried', async () => {
    await server.dropDatabase(url)
    url = await server.createDatabase()
    const first = await createDeskRuntime({ dbPath: url, deskDir: join(folder.dir, 'desk'), workstation: 'desk-a', rendererDir, portalHost: '127.0.0.1', log: () => {} })
    await first.ctx.db.insertInto('kysely_migration' as never).values({ name: '9999_from_the_future', timestamp: new Date().toISOString() } as never).execute()
    await first.dispose()
    await stopServer()
    const { desk, tries } = await startDeskOn(url, 200)
    await startServer()
    await expect(desk.ready).rejects.toBeInstanceOf(DatabaseFromFutureError)
    const after = tries()
    expect(await desk.call('listClients', { query: '' }, { trusted: true })).toMatchObject({ ok: false, error: { code: 'STORAGE_UNREACHABLE' } })
    expect(await desk.call('getDatabaseStatus', {}, { trusted: true })).toMatchObject({ ok: true, value: { reachable: false } })
    expect(tries()).toBe(after)
  })

  test('a wrong password is no reason to wait: the start fails at once, as it does today', async () => {
    const wrong = new URL(url)
    wrong.password = 'not-the-password'
    await expect(startDeskOn(wrong.toString(), 200)).rejects.toThrow(/password authentication failed/)
  })

  test('the browser host serves the page while it waits, and prints its demo sign-in once the server answers', async () => {
    await stopServer()
    const host = await startWebHost({ dbPath: url, deskDir: join(folder.dir, 'desk'), port: 0, rendererDir })
    try {
      expect(host.waitingFor).toBe(location())
      expect(host.demoSignIn).toBeNull()
      const html = await (await fetch(host.url)).text()
      const token = /name="portico-host-token" content="([0-9a-f]{64})"/.exec(html)?.[1] ?? ''
      const post = async (channel: string, body: unknown) =>
        (await fetch(`${host.url}api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-portico-host-token': token }, body: JSON.stringify(body) })).json()
      expect(await post('getDatabaseStatus', {})).toEqual({ ok: true, value: { reachable: false, location: location() } })
      expect(await post('getSession', {})).toMatchObject({ ok: false, error: { code: 'STORAGE_UNREACHABLE' } })

      await startServer()
      const demo = await host.started
      expect(demo).toMatchObject({ username: 'frontdesk' })
      expect(await post('signIn', { username: demo!.username, password: demo!.password })).toMatchObject({ ok: true, value: { state: 'signed-in' } })
      expect(await post('listClients', { query: 'Joe' })).toMatchObject({ ok: true })
    } finally {
      await host.close()
    }
  })
})
