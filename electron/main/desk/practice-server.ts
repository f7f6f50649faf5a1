import type { ServerCheck, ServerProblem } from '../../../db/server-check'
import type { ServerSettings } from '../../../db/server-settings'
import { isServerUrl, parseDatabaseTarget } from '../../../db/dialect/target'
import type { PracticeDatabaseStatus, PracticeServerInput, SavedServer, ServerCheckResult, ServerTls } from '../../../shared/practice-database'
import { AppError } from '../app-error'
import type { DataLayer, HandlerContext } from '../context'

/** The field a problem is told beside (Host for an unreachable server, Password for a refused one). */
const FIELD_OF: Record<ServerProblem, string | null> = {
  unreachable: 'host',
  'wrong-password': 'password',
  'no-database': 'database',
  'too-old': null,
  'tls-required': 'tls',
  'tls-failed': 'tls',
  'not-portico': 'database',
  'holds-practice': 'database',
  empty: 'database',
  'no-permission': 'user',
  'newer-portico': null,
}

type Endpoint = Pick<ServerSettings, 'host' | 'port' | 'database' | 'user'>
const sameEndpoint = (a: Endpoint, b: Endpoint) => a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port && a.database === b.database && a.user === b.user

/** The data layer, which only the app and the browser host have (not bare handler tests). */
export function dataOf(ctx: HandlerContext): DataLayer {
  if (!ctx.data) throw new AppError('INTERNAL', 'The practice database can’t be changed here.')
  return ctx.data
}

/** TLS as a postgres:// URL names it (the browser host's --db), for the form. */
function tlsOfUrl(url: string): ServerTls {
  const mode = new URL(url).searchParams.get('sslmode') ?? ''
  return mode.startsWith('verify') ? 'verify' : ['require', 'prefer'].includes(mode) ? 'require' : 'off'
}

/** The server this desk is on right now, from its URL (the password stays in memory, never shown). */
function currentServer(data: DataLayer): (Endpoint & { password: string; tls: ServerTls }) | null {
  if (!isServerUrl(data.path)) return null
  const target = parseDatabaseTarget(data.path)
  if (target.engine !== 'postgres') return null
  return { host: target.host, port: target.port, database: target.database, user: target.user, password: decodeURIComponent(new URL(data.path).password), tls: tlsOfUrl(data.path) }
}

/**
 * The server as typed, with its password: the one typed, or, when the field was left empty, the
 * one this desk already has for the very same server, database and account (never sent to
 * another server).
 */
export function resolveServer(input: PracticeServerInput, ctx: HandlerContext): ServerSettings {
  const base = { host: input.host, port: input.port, database: input.database, user: input.user, tls: input.tls, ...(input.tls === 'verify' && input.caFile ? { caFile: input.caFile } : {}) }
  if (input.password !== undefined && input.password !== '') return { ...base, password: input.password }
  const current = ctx.data ? currentServer(ctx.data) : null
  if (current && sameEndpoint(current, base)) return { ...base, password: current.password }
  const saved = ctx.deskConfig.server()
  if (saved && !saved.passwordProblem && sameEndpoint(saved.settings, base)) return { ...base, password: saved.settings.password }
  const message = 'Enter the password of this account on the server.'
  throw new AppError('INVALID_INPUT', message, [{ field: 'password', message }])
}

/** Whether `settings` name the server this desk already uses. */
export function isCurrentServer(ctx: HandlerContext, settings: Endpoint): boolean {
  const current = ctx.data ? currentServer(ctx.data) : null
  return current !== null && sameEndpoint(current, settings)
}

/** What Test connection found, in words the admin can act on. */
export function checkResult(check: ServerCheck, purpose: 'join' | 'move'): ServerCheckResult {
  if (!check.ok) return { ok: false, problem: check.problem, message: check.message, field: FIELD_OF[check.problem] }
  const clients = check.clients === null ? '' : ` with ${check.clients} ${check.clients === 1 ? 'client' : 'clients'}`
  const message =
    purpose === 'join'
      ? `Connected to PostgreSQL ${check.version}. The database holds a Portico practice${clients}. Choose “Use this server” to have this desk use it.`
      : `Connected to PostgreSQL ${check.version}. The database is empty and ready. Choose “Move this practice to the server” to copy this practice into it.`
  return { ok: true, version: check.version, holdsPractice: check.holdsPractice, clients: check.clients, message }
}

/** A failed check as a refusal beside its field; nothing typed is lost (the form keeps it). */
export function refusalOf(check: Extract<ServerCheck, { ok: false }>): AppError {
  const field = FIELD_OF[check.problem]
  return new AppError('INVALID_INPUT', check.message, field ? [{ field, message: check.message }] : undefined)
}

/** Which database this desk uses, as Settings → Practice database and Settings → Backups show it. */
export function practiceDatabaseStatus(ctx: HandlerContext, moving: { done: number; total: number } | null): PracticeDatabaseStatus {
  const data = dataOf(ctx)
  const current = currentServer(data)
  const config = ctx.deskConfig.get()
  const saved = config.database?.engine === 'postgres' ? config.database : config.lastServer
  let server: SavedServer | null = null
  if (saved) {
    const { engine: _engine, passwordKept, caFile, ...rest } = saved
    server = { ...rest, caFile: caFile ?? null, passwordSaved: passwordKept || (current !== null && sameEndpoint(current, saved)) }
  } else if (current) {
    server = { host: current.host, port: current.port, database: current.database, user: current.user, tls: current.tls, caFile: null, passwordSaved: true }
  }
  const notices = [ctx.deskConfig.problem, data.startNotice].filter((notice): notice is string => notice !== null)
  return { kind: current ? 'server' : 'built-in', location: data.store.location, fileBackups: data.store.fileBackups, server, moving, notices }
}
