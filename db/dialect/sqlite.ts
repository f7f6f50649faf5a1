import type SqliteDatabase from 'better-sqlite3'
import { CompiledQuery, type DatabaseConnection, type DialectAdapter, type Driver, type QueryResult, type RawBuilder, SqliteAdapter, SqliteDialect, SqliteDriver, sql } from 'kysely'
import { type PorticoDialect, asciiLower, likeLiteral } from './dialect'
import { type WriteTurns, busyWithWriteApart, writeTurnsOf } from './write-turns'

/** SQLite runs DDL inside transactions, so each migration commits whole or not at all. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}
/** How long one attempt waits for a lock inside SQLite, blocking the thread (main's, in the desk). */
export const BUSY_SLICE_MS = 20
/** Pause between attempts, during which main's loop answers everything else. */
const BUSY_PAUSE_MS = 15

const isBusy = (error: unknown) => {
  const code = typeof error === 'object' && error && 'code' in error ? String((error as { code: unknown }).code) : ''
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')
}

/**
 * Runs `attempt` until it stops finding the database busy, or until `waitMs` have passed (then
 * the busy error stands). SQLite's own wait blocks the thread for at most BUSY_SLICE_MS at a time;
 * `pause` runs between attempts, giving up this process's connection meanwhile, so a search or a
 * page asked while a write waits for another program's lock is answered at once.
 */
async function untilNotBusy<T>(waitMs: number, pause: () => Promise<void>, attempt: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + waitMs
  for (;;) {
    try {
      return await attempt()
    } catch (error) {
      if (!isBusy(error) || Date.now() >= giveUpAt) throw error
      await pause()
    }
  }
}

const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode'])
/** Whether a statement may write: Kysely's writes, and any raw statement but a plain read. */
const mayWrite = (query: CompiledQuery) => WRITES.has(query.query.kind) || (query.query.kind === 'RawNode' && !/^\s*(select|with|explain)\b/i.test(query.sql))

/**
 * The driver's connection: a statement outside a transaction that finds the database busy is tried
 * again without blocking; one that may write waits first while a write apart holds the turn.
 */
class WaitingConnection implements DatabaseConnection {
  inTransaction = false
  constructor(
    readonly inner: DatabaseConnection,
    private readonly waitMs: number,
    private readonly pause: () => Promise<void>,
    private readonly waitTurn: () => Promise<void>,
  ) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Inside a transaction a statement is not repeated: the transaction already holds the write lock.
    if (this.inTransaction) return this.inner.executeQuery<R>(query)
    if (mayWrite(query)) await this.waitTurn()
    return untilNotBusy(this.waitMs, this.pause, () => this.inner.executeQuery<R>(query))
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize)
  }
}
const innerOf = (connection: DatabaseConnection) => (connection instanceof WaitingConnection ? connection.inner : connection)

/**
 * Every transaction here writes, so it takes the write lock up front (BEGIN IMMEDIATE). A deferred
 * BEGIN that reads first and then writes fails at once with SQLITE_BUSY when another desk or the
 * portal is writing; IMMEDIATE waits instead, for up to `waitMs`, without blocking the thread.
 * Kysely gives the one connection to one caller at a time; while a write waits for the lock, the
 * connection goes back for others between attempts (no transaction is open on it then).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly waitMs: number,
    private readonly turns: WriteTurns | null,
  ) {
    super(config)
  }
  /** Lets others use the connection for a moment, then takes it back. */
  readonly #pause = async () => {
    await super.releaseConnection()
    await new Promise((resolve) => setTimeout(resolve, BUSY_PAUSE_MS))
    await super.acquireConnection()
  }
  /** While a write apart holds the turn, gives the connection back to readers until it ends. */
  readonly #waitTurn = async () => {
    while (this.turns?.apart) {
      await super.releaseConnection()
      await this.turns.waitTurn()
      await super.acquireConnection()
    }
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    return new WaitingConnection(await super.acquireConnection(), this.waitMs, this.#pause, this.#waitTurn)
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#waitTurn()
    await untilNotBusy(this.waitMs, this.#pause, () => innerOf(connection).executeQuery(CompiledQuery.raw('begin immediate')))
    if (connection instanceof WaitingConnection) connection.inTransaction = true
  }
  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.commitTransaction(innerOf(connection))
    } finally {
      if (connection instanceof WaitingConnection) connection.inTransaction = false
    }
  }
  /**
   * On a full disk or an I/O error SQLite may end the transaction itself. Rolling back again then
   * fails with "no transaction is active", and Kysely would throw that instead of the error that
   * says what went wrong: there is nothing left to roll back, so the first error stands.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(innerOf(connection))
    } catch (error) {
      if (error instanceof Error && /no transaction is active/i.test(error.message)) return
      throw error
    } finally {
      if (connection instanceof WaitingConnection) connection.inTransaction = false
    }
  }
}
export class PorticoSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0]
  /** How long a write waits for another connection's lock, in all (see `untilNotBusy`). */
  readonly #waitMs: number
  /** The desk's turns, when writes apart may happen beside this connection (see `writeApart`). */
  readonly #turns: WriteTurns | null
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0], waitMs = 5_000, turns: WriteTurns | null = null) {
    super(config)
    this.#config = config
    this.#waitMs = waitMs
    this.#turns = turns
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter()
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#waitMs, this.#turns)
  }
}

/** How many distinct statements stay prepared. Portico's queries are a few hundred shapes at most. */
const STATEMENT_CACHE_SIZE = 256
/**
 * Kysely prepares every query afresh; preparing costs more than running most of Portico's indexed
 * queries. Statements are kept by their SQL text (least recently used dropped first) and reused
 * unless one is still busy (an unfinished iteration), when a fresh one is prepared. A statement
 * outlives schema changes: SQLite re-prepares it itself.
 */
export function withStatementCache(sqlite: SqliteDatabase.Database, max = STATEMENT_CACHE_SIZE) {
  const cache = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(text: string): SqliteDatabase.Statement {
      const cached = cache.get(text)
      if (cached && !cached.busy) {
        cache.delete(text)
        cache.set(text, cached)
        return cached
      }
      const statement = sqlite.prepare(text)
      if (cached) return statement
      cache.set(text, statement)
      if (cache.size > max) cache.delete(cache.keys().next().value!)
      return statement
    },
  }
}

/** `keys` are later than `values` in their order: the first is greater, or equal and the rest later. */
function laterThan(keys: readonly RawBuilder<unknown>[], values: readonly unknown[]): RawBuilder<boolean> {
  const [key, ...restKeys] = keys
  const [value, ...restValues] = values
  if (restKeys.length === 0) return sql<boolean>`${key} > ${value}`
  return sql<boolean>`${key} > ${value} or (${key} = ${value} and (${laterThan(restKeys, restValues)}))`
}

/** SQLite: NOCASE folds ASCII letters; LIKE is caseless for ASCII; GLOB is byte for byte. */
export const sqliteDialect: PorticoDialect = {
  engine: 'sqlite',
  caseless: (column) => sql<string>`${column} collate nocase`,
  startsWithCaseless: (column, prefix) => sql<boolean>`${column} like ${`${likeLiteral(prefix)}%`} escape '\\'`,
  // GLOB's own wildcards are *, ? and [; a prefix that holds one can't use the index, so it is matched exactly.
  startsWith: (column, prefix) =>
    /[*?[]/.test(prefix) ? sql<boolean>`substr(${column}, 1, ${prefix.length}) = ${prefix}` : sql<boolean>`${column} glob ${`${prefix}*`}`,
  bytewise: (column) => sql<string>`${column}`,
  after: (keys, values) => sql<boolean>`${keys[0]} >= ${values[0]} and (${laterThan(keys, values)})`,
  caselessValue: (text) => asciiLower(text),
  lastChars: (text, n) => sql<string>`substr(${text}, ${-n})`,
  searchInOneStatement: false,
  plannedOnce: (statement) => statement,
  /**
   * The event is committed to the write-ahead log at once, so closing or killing Portico never
   * loses it; only a power cut or an OS crash before the next write or checkpoint could. The
   * connection is held for the whole call, so no other query runs with the relaxed setting.
   * While an import is written apart it is refused as busy at once, not kept waiting: the read
   * answers now and its event waits its turn (see PendingAudits).
   */
  async withRelaxedDurability(db, write) {
    if (writeTurnsOf(db)?.apart) throw busyWithWriteApart()
    return db.connection().execute(async (conn) => {
      await sql`pragma synchronous = normal`.execute(conn)
      try {
        return await conn.transaction().execute(write)
      } finally {
        await sql`pragma synchronous = full`.execute(conn)
      }
    })
  },
}
