import { mkdirSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { CookieJar } from 'tough-cookie'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { type PortalServerOptions, createPortalServer } from '../../electron/main/portal/server'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { TestDialect } from './dialects'
import { tempDatabase, testContext } from './temp-db'

/**
 * A real portal server on 127.0.0.1 over a real database (a SQLite file, or a PostgreSQL database
 * with `dialect: 'postgres'`) with the demo practice, a clock the test
 * can move forward (or stop), the desk's own handlers on the same database, and browser-like
 * clients. `limits` replaces the portal's rate limits, for tests that must send more than them.
 */
export async function portalHarness(options: Partial<Omit<PortalServerOptions, 'db' | 'now'>> & { host?: string; dialect?: TestDialect } = {}) {
  const { dialect = 'sqlite', rendererDir: builtRenderer, ...rest } = options
  const database = await tempDatabase({ demo: true, dialect })
  let offsetMs = 0
  let stoppedAt: number | null = null
  const now = () => new Date((stoppedAt ?? Date.now()) + offsetMs)
  // A stand-in page unless the test serves the real build: these tests are about the server; the
  // E2E suite drives the real portal UI.
  const rendererDir = builtRenderer ?? join(database.dir, 'renderer')
  if (!builtRenderer) {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true })
    writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  }
  const { host = '127.0.0.1', ...serverOptions } = rest
  const app = await createPortalServer({ db: database.db, now, rendererDir, log: () => {}, ...serverOptions })
  await app.listen({ host, port: 0 })
  const { port } = app.server.address() as AddressInfo
  const base = `${serverOptions.tls ? 'https' : 'http'}://127.0.0.1:${port}/`
  const deskCtx = testContext(database.db, now)

  async function desk<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const result = await dispatch(handlers, deskCtx, channel, input, { trusted: true }, () => {})
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value as ChannelOutput<K>
  }

  async function clientId(query: string): Promise<number> {
    return (await desk('listClients', { query })).items[0]!.id
  }

  return {
    base,
    port,
    dir: database.dir,
    /** The Fastify app, for a look at its Node server. */
    app,
    db: database.db,
    desk,
    clientId,
    /** The server's clock. */
    now,
    /** Moves the server's clock forward. */
    advance: (ms: number) => {
      offsetMs += ms
    },
    /** Stops the server's clock where it is (advance still moves it), so answers made at different moments can be equal. */
    stopClock: () => {
      stoppedAt ??= Date.now()
    },
    browser: (browserOptions: { localAddress?: string } = {}) => portalBrowser(base, browserOptions),
    async close() {
      await app.close()
      await database.close()
    },
  }
}

export interface PortalResponse {
  status: number
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string; fields?: { field: string; message: string }[]; retryAt?: string } }
  setCookie: string[]
  headers: Record<string, string>
}

interface RawResponse {
  status: number
  headers: Record<string, string>
  setCookie: string[]
  text: string
}

/** fetch, or node:http when the request must leave from another loopback address (another "device"). */
async function send(url: string, init: { method: string; headers: Record<string, string>; body?: string }, localAddress?: string): Promise<RawResponse> {
  if (!localAddress) {
    const response = await fetch(url, init)
    return { status: response.status, headers: Object.fromEntries(response.headers), setCookie: response.headers.getSetCookie(), text: await response.text() }
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method, headers: init.headers, localAddress }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const headers = Object.fromEntries(Object.entries(res.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])))
        resolve({ status: res.statusCode ?? 0, headers, setCookie: res.headers['set-cookie'] ?? [], text: Buffer.concat(chunks).toString('utf8') })
      })
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

/**
 * One browser: its own cookie jar (tough-cookie) and CSRF token, like the portal page keeps. With
 * `localAddress` (such as 127.0.0.7) it connects from that address, so the portal sees another device.
 */
export function portalBrowser(base: string, connection: { localAddress?: string } = {}) {
  const jar = new CookieJar()
  let csrf = ''

  async function request(method: 'GET' | 'POST', path: string, body?: unknown, options: { csrf?: boolean } = {}): Promise<PortalResponse> {
    const url = new URL(path, base).href
    const headers: Record<string, string> = {}
    if (method === 'POST') {
      headers['content-type'] = 'application/json'
      if (options.csrf !== false) {
        if (!csrf) csrf = ((await request('GET', '/api/csrf')).body.value as { token: string }).token
        headers['x-csrf-token'] = csrf
      }
    }
    headers['cookie'] = await jar.getCookieString(url)
    const response = await send(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, connection.localAddress)
    for (const cookie of response.setCookie) await jar.setCookie(cookie, url)
    // Sign-in renews the CSRF secret; like the portal page, fetch a new token for the next change.
    if (path === '/api/sign-in' && response.status === 200) csrf = ''
    return { status: response.status, body: JSON.parse(response.text) as PortalResponse['body'], setCookie: response.setCookie, headers: response.headers }
  }

  return {
    jar,
    get: (path: string) => request('GET', path),
    post: (path: string, body: unknown, options?: { csrf?: boolean }) => request('POST', path, body, options),
    signIn: (username: string, password: string) => request('POST', '/api/sign-in', { username, password }),
  }
}
