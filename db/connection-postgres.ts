import { Kysely, type Migration, sql } from 'kysely'
import pg from 'pg'
import { auditGuardProblems } from './audit/append-only-guards'
import { AuditChainSeal, chainSealOf } from './audit/chain-seal'
import { DatabaseFromFutureError, MigrationFailedError, type OpenOptions, type OpenedDatabase, createdByThisRun, guardRefusal, migrationRefusal, migratorFor } from './connection'
import { ChangeNotices } from './dialect/change-notices'
import { ChangeNoticesTag, DialectTag } from './dialect/dialect'
import { PorticoPostgresDialect, type WriteCounter, pgTypes, postgresDialect } from './dialect/postgres'
import type { DatabaseStore } from './dialect/store'
import { describeTarget, parseDatabaseTarget } from './dialect/target'
import { WriteTurns } from './dialect/write-turns'
import { migrationsFor } from './migrations'
import type { Database } from './schema'

/** The oldest PostgreSQL Portico runs on. */
export const MIN_SERVER_VERSION = 14

/** The server database holds tables, but not Portico's: it is left exactly as it was. */
export class NotAPorticoDatabaseError extends Error {
  constructor(readonly location: string) {
    super(`The database ${location} already holds other tables and is not a Portico database. Nothing in it was changed. Use an empty database for the practice.`)
    this.name = 'NotAPorticoDatabaseError'
  }
}

/** The server is older than Portico supports. Nothing was changed. */
export class ServerTooOldError extends Error {
  constructor(readonly version: string) {
    super(`The practice's server runs PostgreSQL ${version}; Portico needs PostgreSQL ${MIN_SERVER_VERSION} or newer. Nothing was changed.`)
    this.name = 'ServerTooOldError'
  }
}

/** A practice kept on a PostgreSQL server, shared by every desk that names it. */
export class ServerStore implements DatabaseStore {
  readonly engine = 'postgres' as const
  readonly fileBackups = false
  constructor(
    readonly location: string,
    readonly db: Kysely<Database>,
    readonly writes: WriteCounter,
  ) {}
  writing(): boolean {
    return this.writes.open > 0
  }
  /** The server writes its own log into its files. */
  checkpoint(): void {}
  /** No file at this desk: the server keeps (and checks) its own storage. */
  async integrityCheck(): Promise<null> {
    return null
  }
  async version(): Promise<string> {
    const { rows } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(this.db)
    return `PostgreSQL ${rows[0]?.v ?? 'unknown'}`
  }
}

export interface ServerPoolOptions {
  /** How long a write waits for another desk's write lock before it fails as busy, in ms. */
  busyTimeoutMs?: number
  /** How long connecting may take before the server counts as unreachable, in ms. */
  connectTimeoutMs?: number
  /** Connections this desk keeps open at most. */
  max?: number
  /** Every transaction read-only (checks and tools that must not change anything). */
  readOnly?: boolean
}

/**
 * A pool of connections to the server. Lock waits end after the busy timeout (as SQLite's busy
 * timeout does), and a dropped connection, idle or in use, is reported, never thrown: an 'error'
 * event with no listener would end the process.
 */
export function createServerPool(url: string, options: ServerPoolOptions = {}, onError: (error: Error) => void = () => {}): pg.Pool {
  const busyMs = Math.max(1, Math.floor(options.busyTimeoutMs ?? 5000))
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 8,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'Portico',
    // A desk asks small questions: a parallel plan would only add start-up cost, and the search's
    // one statement relies on its UNION ALL running branch after branch (client-search-statements.ts).
    options: `-c lock_timeout=${busyMs} -c max_parallel_workers_per_gather=0${options.readOnly ? ' -c default_transaction_read_only=on' : ''}`,
    types: pgTypes,
  })
  pool.on('error', onError)
  // A connection in use when the server drops it (a restart, a cut cable) fails its query, which the
  // caller sees; then its client also emits 'error', which the pool listens for only while the
  // connection is idle. Unheard, that second report would end the desk's process.
  pool.on('connect', (client) => client.on('error', onError))
  return pool
}

/**
 * Kysely over a server pool, with the audit chain's seal, the PostgreSQL dialect and the server's
 * change notices (heard on a connection of their own, from the first question on; closed with it).
 */
export function createServerKysely(pool: pg.Pool, writes: WriteCounter = { open: 0 }): Kysely<Database> {
  const notices = new ChangeNotices(pool.options)
  // The desk's writes take turns with its own long write (an import, see writeApart).
  const turns = new WriteTurns()
  return new Kysely<Database>({
    dialect: new PorticoPostgresDialect({ pool }, writes, notices, turns),
    plugins: [new AuditChainSeal(), new DialectTag(postgresDialect), new ChangeNoticesTag(notices), turns],
  })
}

/** The server's major version, e.g. 17. */
async function serverMajor(db: Kysely<Database>): Promise<{ major: number; text: string }> {
  const { rows } = await sql<{ num: string; text: string }>`select current_setting('server_version_num') as num, current_setting('server_version') as text`.execute(db)
  return { major: Math.floor(Number(rows[0]!.num) / 10000), text: rows[0]!.text }
}

/** Tables in the schema Portico uses, and the migrations recorded there. */
async function whatIsThere(db: Kysely<Database>): Promise<{ tables: string[]; applied: string[] }> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() order by table_name`.execute(db)
  const tables = rows.map((r) => r.name)
  if (!tables.includes('kysely_migration')) return { tables, applied: [] }
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)
  return { tables, applied: applied.rows.map((r) => r.name) }
}

/**
 * Opens the practice's database on a PostgreSQL server and brings it to the latest schema.
 *
 * Nothing is written until the server is new enough and the database is empty or Portico's, and
 * not from a newer Portico. Every pending migration runs in one transaction under Kysely's
 * migration lock, so two desks starting a new version at once migrate exactly once; the second
 * finds nothing pending. `created` is true only for the desk whose run created the schema.
 *
 * @throws ServerTooOldError, NotAPorticoDatabaseError, DatabaseFromFutureError (nothing changed);
 *   MigrationFailedError; or the driver's error when the server can't be reached or refuses the sign-in.
 */
export async function openServerDatabase(url: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const target = parseDatabaseTarget(url)
  const location = describeTarget(target)
  const list: Record<string, Migration> = options.migrations ?? migrationsFor('postgres')
  const writes: WriteCounter = { open: 0 }
  const pool = createServerPool(url, { busyTimeoutMs: options.busyTimeoutMs })
  const db = createServerKysely(pool, writes)
  const store = new ServerStore(location, db, writes)
  try {
    const version = await serverMajor(db)
    if (version.major < MIN_SERVER_VERSION) throw new ServerTooOldError(version.text)
    const before = await whatIsThere(db)
    if (before.applied.length === 0 && before.tables.some((t) => t !== 'kysely_migration' && t !== 'kysely_migration_lock')) throw new NotAPorticoDatabaseError(location)
    const unknown = before.applied.filter((name) => !(name in list))
    if (unknown.length > 0) throw new DatabaseFromFutureError(unknown)
    const pending = Object.keys(list).filter((name) => !before.applied.includes(name)).sort()
    if (pending.length > 0 && before.applied.length > 0) await options.beforeMigrate?.({ pending, store })
    const { error, results } = await migratorFor(db, list).migrateToLatest()
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? null
      const after = await whatIsThere(db).catch(() => null)
      throw migrationRefusal(after?.applied ?? null, list, new MigrationFailedError(failed, pending, after?.applied.join() === before.applied.join(), error))
    }
    const guards = await auditGuardProblems(db)
    if (guards.length > 0) chainSealOf(db)!.refusal = guardRefusal(guards)
    return { db, store, created: createdByThisRun(results, list), auditGuardProblems: guards }
  } catch (error) {
    await db.destroy().catch(() => undefined)
    throw error
  }
}

/** Whether a server database holds a Portico practice; null when it can't be asked (openDatabase then says why). */
export async function serverHoldsPractice(url: string): Promise<boolean | null> {
  const db = createServerKysely(createServerPool(url, { max: 1, readOnly: true }))
  try {
    return (await whatIsThere(db)).applied.length > 0
  } catch {
    return null
  } finally {
    await db.destroy()
  }
}
