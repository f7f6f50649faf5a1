import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import fastifyStatic from '@fastify/static'
import Fastify from 'fastify'
import type { AuditTrailStores } from '../../db/audit/open-audit-trail'
import { seedDemoPractice } from '../../db/demo-practice'
import { findStaffByUsernameKey } from '../../db/repositories/staff.repository'
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp'
import { describeTarget, isServerUrl, parseDatabaseTarget } from '../../db/dialect/target'
import { startDesk } from '../../electron/main/desk-starter'
import { handlers } from '../../electron/main/handlers'
import { type DeskRuntime, createDeskRuntime } from '../../electron/main/runtime'
import { MAX_IMPORT_BYTES } from '../../shared/client-import'
import { CHANNELS } from '../../shared/channels'
import { usernameKey } from '../../shared/username'
import { DEMO_ADMIN, DEMO_FRONT_DESK, newDemoSecret, prepareDemoAdmin, prepareDemoFrontDesk } from './demo-staff'
import { RealDataRefusedError, isDemoAccount, realStaffAccounts } from './real-data'

export interface WebHostOptions {
  /** A SQLite file's path, or a postgres:// URL (a new empty server database gets the demo practice, as a new file does). */
  dbPath: string
  /** This desk's own folder (portal certificate; the audit key of a server database): the database's folder for a file. */
  deskDir?: string
  port: number
  /** Create the database without the demo practice. */
  empty?: boolean
  /**
   * Start even though the database has staff accounts other than the demo ones. The host hands its
   * token to any local process that asks, so it is never meant for a practice's real data.
   */
  allowRealData?: boolean
  rendererDir?: string
  /** Where the desk's portal listens: loopback by default; 0.0.0.0 serves the network, as the app does. */
  portalHost?: string
  busyTimeoutMs?: number
  /** Where the audit key and chain heads are kept; by default a key file beside the database and the per-user anchor folder. */
  audit?: AuditTrailStores
}

const ROOT = resolve(__dirname, '../..')

type DemoSignIn = { username: string; password: string; admin: { username: string; password: string } | null }

/**
 * Serves the built desk renderer to a browser, with `window.api` carried over HTTP to the real
 * dispatcher and handlers on a real database (a SQLite file or a PostgreSQL server). For development and tests only: it binds to
 * loopback, checks the Host header, and every call must carry this run's random token.
 */
export async function startWebHost(options: WebHostOptions) {
  // Before anything else: a practice's real database is never opened by this test tool. A file is
  // checked at once; a server once it answers (below, as the desk starts).
  const refuseRealData = async () => {
    if (options.allowRealData) return
    const real = await realStaffAccounts(options.dbPath)
    if (real > 0) throw new RealDataRefusedError(options.dbPath, real)
  }
  const onServer = isServerUrl(options.dbPath)
  if (!onServer) await refuseRealData()
  const rendererDir = options.rendererDir ?? join(ROOT, 'out/renderer')
  const indexPath = join(rendererDir, 'index.html')
  if (!existsSync(indexPath)) throw new Error(`No built renderer at ${rendererDir}. Run "npm run build" first.`)

  const workstation = hostname()
  let demoSignIn: DemoSignIn | null = null
  // A server that can't be reached waits, as the desk app does: the page shows the message, and this
  // runs again (check, runtime, demo accounts) until it answers.
  const desk = await startDesk({
    dbPath: options.dbPath,
    handlers,
    start: async () => {
      if (onServer) await refuseRealData()
      const runtime = await createDeskRuntime({
        dbPath: options.dbPath,
        workstation,
        rendererDir,
        portalHost: options.portalHost ?? '127.0.0.1',
        open: { busyTimeoutMs: options.busyTimeoutMs },
        ...(options.deskDir ? { deskDir: options.deskDir } : {}),
        ...(options.audit ? { audit: options.audit } : {}),
      })
      try {
        demoSignIn = await prepareDemo(runtime, workstation, options.empty ?? false)
      } catch (error) {
        await runtime.dispose().catch(() => undefined)
        throw error
      }
      return runtime
    },
  })

  const token = randomBytes(32).toString('hex')
  const html = readFileSync(indexPath, 'utf8').replace(
    '<head>',
    `<head>\n<meta name="portico-host-token" content="${token}">\n<meta name="portico-channels" content='${JSON.stringify(CHANNELS)}'>\n<script type="module" src="/__host/bridge.js"></script>`,
  )
  const bridge = readFileSync(join(__dirname, 'bridge.js'), 'utf8')

  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 })
  let allowedHosts: string[] = []
  app.addHook('onRequest', async (request, reply) => {
    // A page on another site cannot reach the host through DNS rebinding: the Host must be ours.
    if (!allowedHosts.includes(request.headers.host ?? '')) return reply.code(421).send('Misdirected request')
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    reply.header('X-Content-Type-Options', 'nosniff')
    reply.header('Referrer-Policy', 'no-referrer')
    reply.header('Cache-Control', 'no-store')
  })
  const sendIndex = (_req: unknown, reply: { type: (t: string) => { send: (b: string) => unknown } }) =>
    reply.type('text/html; charset=utf-8').send(html)
  app.get('/', sendIndex)
  app.get('/index.html', sendIndex)
  app.get('/__host/bridge.js', (_req, reply) => reply.type('text/javascript; charset=utf-8').send(bridge))
  // A call carries at most an import file (MAX_IMPORT_BYTES, sent as base64) besides its other fields.
  app.post<{ Params: { channel: string } }>('/api/:channel', { bodyLimit: Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 64 * 1024 }, async (request) => {
    const given = Buffer.from(String(request.headers['x-portico-host-token'] ?? ''))
    const trusted = given.length === token.length && timingSafeEqual(given, Buffer.from(token))
    return desk.call(request.params.channel, request.body, { trusted })
  })
  await app.register(fastifyStatic, { root: rendererDir, index: false, wildcard: true })

  let address: string
  try {
    address = await app.listen({ host: '127.0.0.1', port: options.port })
  } catch (error) {
    await desk.dispose().catch(() => undefined)
    throw error
  }
  const port = new URL(address).port
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
  const waitingFor = desk.runtime ? null : describeTarget(parseDatabaseTarget(options.dbPath))
  const started = desk.ready.then(() => demoSignIn)
  // Whoever started the host listens (index.ts exits with the message); a test that doesn't is not ended by it.
  started.catch(() => undefined)
  return {
    /** The demo front-desk sign-in; null without the demo practice, or while waiting for the server. */
    get demoSignIn() {
      return demoSignIn
    },
    /** The server this host is waiting for (host:port/database) when it couldn't be reached at start; else null. */
    waitingFor,
    /** Settles once the desk has started (at once, unless it waited): with the demo sign-in, or the error of a later try. */
    started,
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await app.close()
      await desk.dispose()
    },
  }
}

const demoSecrets = () => ({ frontDesk: newDemoSecret('front_desk'), admin: newDemoSecret('admin') })

/** Only a database this host made with the demo practice gets a demo user (or one that has it already). */
async function prepareDemo(runtime: DeskRuntime, workstation: string, empty: boolean): Promise<DemoSignIn | null> {
  const { db } = runtime.ctx
  // Both demo passwords are hashed side by side, and on a new practice while it is seeded: each
  // hash takes 0.3–1 s, most of a start-up.
  const early = runtime.created && !empty ? demoSecrets() : null
  if (runtime.created && !empty) await seedDemoPractice(db)
  const frontDesk = await findStaffByUsernameKey(db, usernameKey(DEMO_FRONT_DESK))
  const demoFrontDesk = frontDesk && isDemoAccount({ usernameKey: frontDesk.username_key, displayName: frontDesk.display_name, role: frontDesk.role })
  if (!((runtime.created && !empty) || demoFrontDesk)) return null
  const secrets = early ?? demoSecrets()
  const frontDeskSignIn = await prepareDemoFrontDesk(db, workstation, secrets.frontDesk)
  // The demo admin too, unless the practice has an admin of its own that isn't the demo's.
  const admin = await findStaffByUsernameKey(db, usernameKey(DEMO_ADMIN))
  const demoAdmin = !admin || isDemoAccount({ usernameKey: admin.username_key, displayName: admin.display_name, role: admin.role })
  return { ...frontDeskSignIn, admin: demoAdmin ? await prepareDemoAdmin(db, workstation, secrets.admin) : null }
}
