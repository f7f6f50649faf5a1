import { existsSync, readFileSync } from 'node:fs'
import { type AddressInfo, isIP } from 'node:net'
import { join } from 'node:path'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { ActivateBody, ChangeUsernameBody, ResetPasswordBody, SignInBody, UsernameQuery } from '../../../shared/portal-api'
import { practiceIdentity } from '../../../db/repositories/practice-identity'
import { AppError } from '../app-error'
import { throttleKey } from '../services/sign-in-throttle'
import { PORTAL_ATTEMPT_LIMITS, PORTAL_RULES, type PortalAttemptLimits, SESSION_COOKIE } from './portal-config'
import { parseWith, sendError } from './portal-http'
import * as accounts from './portal-accounts.service'
import type { PortalContext } from './portal-accounts.service'
import { portalPageFor } from './portal-page'
import { checkSession, endSession, startSession } from './sessions'
import { renewCsrfSecret } from './portal-csrf'
import { MISDIRECTED, createHostCheck } from './portal-hosts'
import { type PortalLimits, createPortalNodeServer, portalLimits } from './portal-network'
import { HSTS_HEADER, type PortalTls } from './portal-tls'

/** Why a request's session no longer counts, in the words the client sees. */
function sessionEnded(reason: 'missing' | 'idle' | 'expired' | 'disabled'): AppError {
  if (reason === 'disabled') return new AppError('ACCESS_DISABLED', 'Your portal access has been turned off. Please contact the practice.')
  return new AppError('UNAUTHENTICATED', reason === 'missing' ? 'Please sign in.' : 'You were signed out after a period of inactivity. Please sign in again.')
}

export interface PortalServerOptions extends PortalContext {
  /** The built renderer folder holding portal.html and assets/. */
  rendererDir: string
  log?: (line: string) => void
  /** Serve HTTPS with this certificate and key (already checked with checkTlsPair). */
  tls?: PortalTls | undefined
  /**
   * A reverse proxy's address (or a comma-separated list, CIDR allowed) whose X-Forwarded-For,
   * -Proto and -Host are believed: the client's address for rate limits, https for Secure cookies.
   */
  trustProxy?: string | undefined
  /** The address given to clients, when they reach the portal by a name or port of its own (a DNS name, a proxy). */
  publicUrl?: string | undefined
  /** Further names clients use on the portal's own port (the --host name, the certificate's names). */
  hostNames?: readonly string[] | undefined
  /** Timeouts and connection caps; the defaults (PORTAL_LIMITS) suit an office. */
  limits?: Partial<PortalLimits> | undefined
  /** Other attempt budgets than PORTAL_ATTEMPT_LIMITS (tests that must send more than a device's budget). */
  attemptLimits?: Partial<PortalAttemptLimits> | undefined
}

/** Pages the portal answers with its single-page app. */
export const PORTAL_PAGES = ['/', '/sign-in', '/activate', '/reset-password', '/forgot-username', '/profile'] as const

const CHECK_LIMIT = { max: 60, timeWindow: '1 minute' }
const MINUTE_MS = 60_000

const DEVICE_LIMITED = 'Too many attempts from this device. Wait a minute and try again.'
const PORTAL_BUSY = 'The portal is getting too many attempts right now. Wait a minute and try again.'
const CHECK_LIMITED = 'We’ll check this username when you save.'
const NO_CHANGE_IN_PROGRESS = 'The username check works only while you are changing your username. Open Edit username, then try again.'

type Budget = (request: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number }>

/** Takes one from a budget: null while it lasts, else the seconds until it refills. */
async function overBudget(budget: Budget, request: FastifyRequest): Promise<number | null> {
  const taken = await budget(request)
  return !taken.isAllowed && taken.isExceeded ? taken.ttlInSeconds : null
}

/** A refusal by a rate limit, with the standard Retry-After header. */
function rateLimited(reply: FastifyReply, seconds: number, message: string): AppError {
  reply.header('Retry-After', String(Math.max(1, seconds)))
  return new AppError('RATE_LIMITED', message)
}

/**
 * The client portal: Fastify with its cookie, CSRF, helmet, rate-limit and static plugins. Built,
 * not started, so the Electron main process, `npm run portal` and the tests all use the same app.
 */
export async function createPortalServer(options: PortalServerOptions) {
  const ctx: PortalContext = { db: options.db, now: options.now }
  const attempts: PortalAttemptLimits = { ...PORTAL_ATTEMPT_LIMITS, ...options.attemptLimits }
  // Made now, not on a first failed attempt: serving never writes settings while it answers.
  await throttleKey(options.db)
  const log = options.log ?? ((line: string) => console.error(line))
  const pagePath = join(options.rendererDir, 'portal.html')
  if (!existsSync(pagePath)) throw new Error(`No built portal at ${options.rendererDir}. Run "npm run build" first.`)
  const page = readFileSync(pagePath, 'utf8')

  const limits = portalLimits(options.limits)
  const app = Fastify({
    logger: false,
    bodyLimit: 16 * 1024,
    trustProxy: options.trustProxy ?? false,
    // Turning the portal off ends every connection at once, a stalled one too.
    forceCloseConnections: true,
    serverFactory: (handler) => createPortalNodeServer(handler, limits, { tls: options.tls, perAddress: !options.trustProxy }),
  })

  // First of all hooks: a Host the portal is not configured for gets 421 before any route or plugin runs.
  const hostAllowed = createHostCheck({
    scheme: () => (options.tls ? 'https' : 'http'),
    address: () => app.server.address(),
    publicUrl: options.publicUrl,
    names: options.hostNames,
  })
  app.addHook('onRequest', async (request, reply) => {
    if (!hostAllowed(request.host)) return reply.code(421).type('text/plain; charset=utf-8').header('Cache-Control', 'no-store').send(MISDIRECTED)
    // HSTS only where the browser reached us over https (our TLS, or a trusted proxy's); over http it would mean nothing.
    if (request.protocol === 'https') reply.header('Strict-Transport-Security', HSTS_HEADER)
  })

  await app.register(fastifyHelmet, {
    // Sent by the hook above, only over https: a portal on plain http must not be pinned to https.
    hsts: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  })
  await app.register(fastifyCookie)
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/cookie', cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: 'auto' } })
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: () => ({
      statusCode: 429,
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'Too many attempts from this device. Wait a minute and try again.' },
    }),
  })

  // One budget per device shared by every form that checks a secret, then one for the whole portal.
  // The device's is taken first, so one device's flood can't use up everyone else's ceiling.
  const deviceBudget = app.createRateLimit({ max: attempts.devicePerMinute, timeWindow: MINUTE_MS })
  const portalBudget = app.createRateLimit({ max: attempts.portalPerMinute, timeWindow: MINUTE_MS, keyGenerator: () => 'portal' })
  const attemptBudget = async (request: FastifyRequest, reply: FastifyReply) => {
    const deviceWait = await overBudget(deviceBudget, request)
    if (deviceWait !== null) throw rateLimited(reply, deviceWait, DEVICE_LIMITED)
    const portalWait = await overBudget(portalBudget, request)
    if (portalWait !== null) throw rateLimited(reply, portalWait, PORTAL_BUSY)
  }
  // The live username check, per client account (any device, any session).
  const checkingClient = new WeakMap<FastifyRequest, number>()
  const checkBudget = app.createRateLimit({
    max: attempts.usernameChecksPerMinute,
    timeWindow: MINUTE_MS,
    keyGenerator: (request) => `client:${checkingClient.get(request) ?? 0}`,
  })
  const attempt = { onRequest: [app.csrfProtection, attemptBudget] }

  // The page's files go out as the build compressed them (brotli or gzip, as the browser takes),
  // hashed names cached for good. Nothing else is compressed: answers of the API carry tokens and
  // personal data (BREACH), and are never cached either.
  await app.register(fastifyStatic, { root: join(options.rendererDir, 'assets'), prefix: '/assets/', index: false, preCompressed: true, maxAge: '365d', immutable: true })
  for (const path of PORTAL_PAGES) {
    app.get(path, async (_request, reply) => reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(await portalPageFor(page, ctx.db)))
  }

  app.setErrorHandler((error, _request, reply) => {
    if ((error as { statusCode?: number }).statusCode === 429) return reply.code(429).send(error)
    if ((error as { code?: string }).code?.startsWith('FST_CSRF')) {
      return sendError(reply, new AppError('FORBIDDEN', 'This page has expired. Reload it and try again.'), log)
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500
    if (status === 413) {
      return reply.code(413).send({ ok: false, error: { code: 'INVALID_INPUT', message: 'That is more text than this form takes. Shorten it and try again.' } })
    }
    if (status >= 400 && status < 500) {
      return sendError(reply, new AppError('INVALID_INPUT', 'That request could not be read.'), log)
    }
    return sendError(reply, error, log)
  })
  app.setNotFoundHandler((_request, reply) => reply.code(404).type('text/plain').send('Not found'))

  const sessionCookie = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: 'auto' as const, maxAge: PORTAL_RULES.sessionAbsoluteMs / 1000 }
  const ok = (reply: FastifyReply, value: unknown) => reply.header('Cache-Control', 'no-store').send({ ok: true, value })

  /** The signed-in client's session, or a 401 that tells the page why (signed out, timed out, access turned off). */
  async function requireSession(request: FastifyRequest, reply: FastifyReply) {
    const check = await checkSession(ctx.db, request.cookies[SESSION_COOKIE], ctx.now())
    if (check.ok) return check
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    throw sessionEnded(check.reason)
  }

  /**
   * Ends the session this browser holds, if any (its row and its cookie). Reset and activation call
   * it before anything else, whatever they go on to answer, so a shared tablet is never left signed
   * in as the client who used it before; neither route signs anyone in.
   */
  async function endBrowserSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = request.cookies[SESSION_COOKIE]
    if (token === undefined) return
    await endSession(ctx.db, token)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
  }

  // Which practice this portal serves, so a desk can tell its own portal from another's on the same address.
  app.get('/api/practice', async (_request, reply) => ok(reply, { practice: await practiceIdentity(ctx.db) }))
  app.get('/api/csrf', (_request, reply) => ok(reply, { token: reply.generateCsrf() }))

  app.post('/api/activate', attempt, async (request, reply) => {
    await endBrowserSession(request, reply)
    await accounts.activate(ctx, parseWith(ActivateBody, request.body))
    return ok(reply, { activated: true, signedOut: true })
  })

  app.post('/api/sign-in', attempt, async (request, reply) => {
    const { clientId } = await accounts.signIn(ctx, parseWith(SignInBody, request.body))
    // A new session at every sign-in; any session the browser held before is ended.
    await endSession(ctx.db, request.cookies[SESSION_COOKIE])
    reply.setCookie(SESSION_COOKIE, await startSession(ctx.db, clientId, ctx.now()), sessionCookie)
    renewCsrfSecret(request, reply)
    return ok(reply, await accounts.me(ctx, clientId))
  })

  app.post('/api/sign-out', { onRequest: app.csrfProtection }, async (request, reply) => {
    await endSession(ctx.db, request.cookies[SESSION_COOKIE])
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return ok(reply, { signedOut: true })
  })

  app.post('/api/reset-password', attempt, async (request, reply) => {
    await endBrowserSession(request, reply)
    await accounts.resetPassword(ctx, parseWith(ResetPasswordBody, request.body))
    return ok(reply, { reset: true, signedOut: true })
  })

  app.get('/api/me', async (request, reply) => ok(reply, await accounts.me(ctx, (await requireSession(request, reply)).clientId)))

  /**
   * What a page asks first: whether this browser is signed in. A visitor without a session is the
   * normal case, so it is a 200 (no 401 in every visitor's console); a session that just ended
   * says why, for the sign-in page to show.
   */
  app.get('/api/session', async (request, reply) => {
    const check = await checkSession(ctx.db, request.cookies[SESSION_COOKIE], ctx.now())
    if (check.ok) return ok(reply, { signedIn: true, me: await accounts.me(ctx, check.clientId) })
    if (check.reason !== 'missing') reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return ok(reply, { signedIn: false, notice: check.reason === 'missing' ? null : sessionEnded(check.reason).message })
  })

  /** Edit username opened: the live check answers this session for the next 10 minutes. */
  app.post('/api/profile/username/start', { onRequest: app.csrfProtection }, async (request, reply) => {
    const session = await requireSession(request, reply)
    return ok(reply, await accounts.startUsernameChange(ctx, session.sessionId, new Date(ctx.now().getTime() + attempts.usernameChangeMs)))
  })

  /**
   * Whether a username is free tells whether someone is a client of the practice, so it answers
   * only a client changing their own username, a few times a minute per account.
   */
  app.get('/api/username-available', { config: { rateLimit: CHECK_LIMIT } }, async (request, reply) => {
    const session = await requireSession(request, reply)
    const { username } = parseWith(UsernameQuery, request.query)
    if (!session.usernameChangeUntil || new Date(session.usernameChangeUntil) <= ctx.now()) throw new AppError('CONFLICT', NO_CHANGE_IN_PROGRESS)
    checkingClient.set(request, session.clientId)
    const checkWait = await overBudget(checkBudget, request)
    if (checkWait !== null) throw rateLimited(reply, checkWait, CHECK_LIMITED)
    return ok(reply, await accounts.checkUsername(ctx, session.clientId, username))
  })

  app.post('/api/profile/username', attempt, async (request, reply) => {
    const session = await requireSession(request, reply)
    return ok(reply, await accounts.changeUsername(ctx, session, parseWith(ChangeUsernameBody, request.body)))
  })

  return app
}

export interface RunningPortal {
  url: string
  host: string
  port: number
  /** True when it serves HTTPS itself. */
  https: boolean
  close: () => Promise<void>
}

/** Starts the portal. It listens on loopback unless a wider host is asked for. */
export async function startPortalServer(options: PortalServerOptions & { host?: string; port?: number }): Promise<RunningPortal> {
  const host = options.host ?? '127.0.0.1'
  // A name given as the host (say portal.local) is one clients use, so it is answered to as well.
  const hostNames = isIP(host) ? options.hostNames : [...(options.hostNames ?? []), host]
  const app = await createPortalServer({ ...options, hostNames })
  await app.listen({ host, port: options.port ?? 5181 })
  const { port } = app.server.address() as AddressInfo
  const scheme = options.tls ? 'https' : 'http'
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : isIP(host) === 6 ? `[${host}]` : host
  return { url: `${scheme}://${shown}:${port}/`, host, port, https: Boolean(options.tls), close: () => app.close() }
}
