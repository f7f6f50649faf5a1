import type { Kysely } from 'kysely'
import { openDatabase } from '../../db/connection'
import { dialectOf } from '../../db/dialect/dialect'
import { databaseFault } from '../../db/dialect/faults'
import { migrationsFor } from '../../db/migrations'
import { appendAudit } from '../../db/repositories/audit.repository'
import type { Database } from '../../db/schema'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { AppError } from '../../electron/main/app-error'
import * as portal from '../../electron/main/portal/portal-accounts.service'
import type { StaffIdentity } from '../../shared/dto'
import type { Result } from '../../shared/errors'
import { testContext } from './temp-db'

/**
 * What one desk does in the concurrency tests, the same whether the desk runs in the test's own
 * process (PostgreSQL) or in a process of its own (SQLite: better-sqlite3 waits for another
 * writer's lock by blocking its thread, so two desks on one file must be two processes, as they
 * are in a practice). Arguments and answers are plain JSON.
 */
export interface DeskState {
  target: string
  db: Kysely<Database> | null
}

/** One channel call at a desk, as `staff` (null: nobody signed in yet). */
export interface DeskCall {
  channel: string
  input: unknown
  staff: StaffIdentity | null
}

/** One request to the client portal's service at this desk. */
export interface PortalCall {
  action: 'activate' | 'signIn' | 'resetPassword'
  body: Record<string, string>
}

export type PortalAnswer = { ok: true } | { ok: false; code: string; message: string; fields?: { field: string; message: string }[] }

const clock = (at: string | undefined) => () => (at ? new Date(at) : new Date())

function opened(desk: DeskState): Kysely<Database> {
  if (!desk.db) throw new Error('This desk has not opened the database yet.')
  return desk.db
}

/** The shipped migrations, or all but the newest (a desk one version older). */
function migrationList(desk: DeskState, which: 'all' | 'older') {
  const engine = desk.target.startsWith('postgres') ? 'postgres' : 'sqlite'
  const all = migrationsFor(engine)
  return which === 'all' ? all : Object.fromEntries(Object.entries(all).slice(0, -1))
}

export const scenarios = {
  /** Opens the database as a desk starting up does, with this version's migrations (or an older desk's). */
  async open(desk: DeskState, args: { migrations: 'all' | 'older' }) {
    try {
      const result = await openDatabase(desk.target, { migrations: migrationList(desk, args.migrations) })
      desk.db = result.db
      return { ok: true as const, created: result.created, engine: dialectOf(result.db).engine }
    } catch (error) {
      const e = error as Error
      return { ok: false as const, name: e.name, message: e.message }
    }
  },

  /** `count` audit events appended at once, each in a transaction of its own. */
  async appendAudits(desk: DeskState, args: { count: number; workstation: string }) {
    const db = opened(desk)
    const settled = await Promise.allSettled(
      Array.from({ length: args.count }, (_, n) =>
        appendAudit(db, { actor: { type: 'desk', name: 'desk', workstation: args.workstation }, at: new Date().toISOString(), action: 'concurrency.append', clientId: null, outcome: 'success', detail: { n } }),
      ),
    )
    const failed = settled.flatMap((s) => (s.status === 'rejected' ? [databaseFault(s.reason) ?? String((s.reason as Error)?.message ?? s.reason)] : []))
    return { appended: args.count - failed.length, failed }
  },

  /** Channel calls made at once through the dispatcher, each with a session of its own, at time `at`. */
  async dispatch(desk: DeskState, args: { calls: DeskCall[]; at?: string }): Promise<Result<unknown>[]> {
    const db = opened(desk)
    return Promise.all(args.calls.map((c) => dispatch(handlers, testContext(db, clock(args.at), c.staff), c.channel, c.input, { trusted: true }, () => {})))
  },

  /** Portal requests made at once, as the portal server makes them, at time `at`. */
  async portal(desk: DeskState, args: { calls: PortalCall[]; at?: string }): Promise<PortalAnswer[]> {
    const ctx = { db: opened(desk), now: clock(args.at) }
    return Promise.all(
      args.calls.map(async (c): Promise<PortalAnswer> => {
        try {
          if (c.action === 'activate') await portal.activate(ctx, c.body as never)
          else if (c.action === 'signIn') await portal.signIn(ctx, c.body as never)
          else await portal.resetPassword(ctx, c.body as never)
          return { ok: true }
        } catch (error) {
          if (error instanceof AppError) return { ok: false, code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) }
          return { ok: false, code: `fault:${databaseFault(error) ?? 'none'}`, message: (error as Error).message }
        }
      }),
    )
  },

  async close(desk: DeskState, _args: Record<string, never> = {}) {
    await desk.db?.destroy()
    desk.db = null
    return { ok: true as const }
  },
}

export type Scenarios = typeof scenarios
export type ScenarioName = keyof Scenarios
export type ScenarioArgs<K extends ScenarioName> = Parameters<Scenarios[K]>[1]
export type ScenarioAnswer<K extends ScenarioName> = Awaited<ReturnType<Scenarios[K]>>
