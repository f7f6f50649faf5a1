import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startWebHost } from '../../build/web-host/server'
import { CHANNELS } from '../../shared/channels'
import { insertStaff } from '../../db/repositories/staff.repository'
import { tempDatabase, tempDir } from '../support/temp-db'

let host: Awaited<ReturnType<typeof startWebHost>>
let token = ''
const folder = tempDir()

beforeAll(async () => {
  // A stand-in page: these tests are about the host, not the renderer (the E2E suite covers that).
  const rendererDir = join(folder.dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>Portico</title></head><body></body></html>')
  host = await startWebHost({ dbPath: join(folder.dir, 'desk.sqlite3'), port: 0, rendererDir })
  const html = await (await fetch(host.url)).text()
  token = /name="portico-host-token" content="([0-9a-f]{64})"/.exec(html)?.[1] ?? ''
  // The host signs nobody in by itself: sign in as its demo front-desk user, as a person would.
  await post('signIn', { username: host.demoSignIn!.username, password: host.demoSignIn!.password })
})
afterAll(async () => {
  await host.close()
  folder.cleanup()
})

const post = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-portico-host-token': token, ...headers },
    body: JSON.stringify(body),
  })

describe('the browser host', () => {
  test('listens on loopback only, and serves the page with its token, channel list and bridge', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(token).toHaveLength(64)
    const page = await fetch(host.url)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await page.text()
    expect(html).toContain(JSON.stringify(CHANNELS))
    expect(html).toContain('<script type="module" src="/__host/bridge.js">')
    expect(await (await fetch(`${host.url}__host/bridge.js`)).text()).toContain('window.api')
  })

  test('makes a demo front-desk user with a random password and signs nobody in by itself', async () => {
    expect(host.demoSignIn).toMatchObject({ username: 'frontdesk', password: expect.stringMatching(/^desk-[A-Za-z0-9_-]{12}$/) })
    const fresh = await startWebHost({ dbPath: join(folder.dir, 'desk.sqlite3'), port: 0, rendererDir: join(folder.dir, 'renderer') })
    try {
      const page = await (await fetch(fresh.url)).text()
      const freshToken = /name="portico-host-token" content="([0-9a-f]{64})"/.exec(page)?.[1] ?? ''
      const session = await fetch(`${fresh.url}api/getSession`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-portico-host-token': freshToken }, body: '{}' })
      expect(await session.json()).toMatchObject({ ok: true, value: { state: 'signed-out', staff: null } })
      expect(fresh.demoSignIn!.password).not.toBe(host.demoSignIn!.password)
    } finally {
      await fresh.close()
    }
  })

  test('runs the real dispatcher on the real database, with the demo practice on first run', async () => {
    const body = await (await post('listClients', { query: 'joefake' })).json()
    expect(body).toMatchObject({ ok: true, value: { total: 1, items: [{ firstName: 'Joe', portalUsername: 'joefake' }] } })
  })

  test('a call without this run’s token is refused', async () => {
    expect(await (await post('listClients', { query: '' }, { 'x-portico-host-token': 'f'.repeat(64) })).json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const noToken = await fetch(`${host.url}api/listClients`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":""}' })
    expect(await noToken.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  test('a request for another host name (DNS rebinding) is refused', async () => {
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${host.url}api/listClients`, { method: 'POST', headers: { host: 'evil.example:80', 'x-portico-host-token': token } }, (res) => resolve(res.statusCode ?? 0))
      req.on('error', reject)
      req.end('{"query":""}')
    })
    expect(status).toBe(421)
  })

  test('invalid input over HTTP gets the same typed error as over IPC', async () => {
    expect(await (await post('setPortalAccess', { clientId: 'two', enabled: 'yes' })).json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  test('refuses a database with real staff accounts unless told --allow-real-data, and leaves the file untouched', async () => {
    const real = await tempDatabase({ demo: true }) // TEST_ADMIN is a real (non-demo) account
    // A real account that happens to be called "frontdesk" is not the host's demo user either.
    await insertStaff(real.db, { username: 'frontdesk', usernameKey: 'frontdesk', displayName: 'Morgan Reception', role: 'front_desk', passwordHash: 'x', now: new Date().toISOString() })
    await real.db.destroy()
    const fingerprint = () => createHash('sha256').update(readFileSync(real.path)).digest('hex')
    const before = fingerprint()
    const rendererDir = join(folder.dir, 'renderer')
    await expect(startWebHost({ dbPath: real.path, port: 0, rendererDir })).rejects.toThrow(/2 real staff accounts.*development and test tool.*--allow-real-data/s)
    expect(fingerprint()).toBe(before)

    const cli = await promisify(execFile)(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'build/web-host/index.ts', '--port', '0', '--db', real.path], { cwd: resolve('.') }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    )
    expect(cli.code).toBe(1)
    expect(cli.stderr).toMatch(/looks like a practice's real database/)
    expect(fingerprint()).toBe(before)

    const allowed = await startWebHost({ dbPath: real.path, port: 0, rendererDir, allowRealData: true })
    try {
      // Allowed, it still never resets a real account's password: no demo sign-in is offered.
      expect(allowed.demoSignIn).toBeNull()
    } finally {
      await allowed.close()
      rmSync(real.dir, { recursive: true, force: true })
    }
  }, 60_000)

  test('makes a demo admin too (issue 13), whose sign-in reaches admin channels, with a new password at every start', async () => {
    expect(host.demoSignIn?.admin).toMatchObject({ username: 'demo.admin', password: expect.stringMatching(/^admin-[A-Za-z0-9_-]{12}$/) })
    const fresh = await startWebHost({ dbPath: join(folder.dir, 'desk.sqlite3'), port: 0, rendererDir: join(folder.dir, 'renderer') })
    try {
      const page = await (await fetch(fresh.url)).text()
      const freshToken = /name="portico-host-token" content="([0-9a-f]{64})"/.exec(page)?.[1] ?? ''
      const call = (channel: string, body: unknown) =>
        fetch(`${fresh.url}api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-portico-host-token': freshToken }, body: JSON.stringify(body) }).then((r) => r.json())
      expect(fresh.demoSignIn!.admin!.password).not.toBe(host.demoSignIn!.admin!.password)
      expect(await call('signIn', fresh.demoSignIn!.admin)).toMatchObject({ ok: true })
      expect(await call('listStaff', {})).toMatchObject({ ok: true })
      await call('signOut', {})
      // The password printed at the start before no longer works.
      expect(await call('signIn', { username: 'demo.admin', password: host.demoSignIn!.admin!.password })).toMatchObject({ ok: false })
    } finally {
      await fresh.close()
    }
  })

  test('a database holding only the demo accounts starts as before', async () => {
    const again = await startWebHost({ dbPath: join(folder.dir, 'desk.sqlite3'), port: 0, rendererDir: join(folder.dir, 'renderer') })
    await again.close()
  })
})
