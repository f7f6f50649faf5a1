import { CompiledQuery, type DatabaseConnection, type Driver, PostgresDialect, PostgresDriver, type PostgresDialectConfig, type QueryResult, type RawBuilder, type TransactionSettings, sql } from 'kysely'
import { createHash } from 'node:crypto'
import pg from 'pg'
import type { ChangeNotices } from './change-notices'
import { type PorticoDialect, asciiLower } from './dialect'
import { type WriteTurns, busyWithWriteApart, writeTurnsOf } from './write-turns'

/**
 * The advisory lock every write transaction takes first, so writes on PostgreSQL are serialised as
 * SQLite's BEGIN IMMEDIATE serialises them: code that reads and then writes (the audit chain's last
 * hash, "is this the last admin?", a single-use code) sees no other desk's write in between.
 * Released by the transaction's own commit or rollback. ("Po", "rt" as two 16-bit halves, and 1.)
 */
/** SQLSTATE lock_not_available: the lock wait ran past the busy timeout (lock_timeout). */
const LOCK_NOT_AVAILABLE = '55P03'
const WRITE_LOCK = CompiledQuery.raw(`select pg_advisory_xact_lock(${0x506f7274}, 1)`)
/** BEGIN and the lock in one round trip: a query without parameters may hold several statements. */
const BEGIN_AND_LOCK = CompiledQuery.raw(`begin; ${WRITE_LOCK.sql}`)

/** Open write transactions, for the update gate (never install while one is open). */
export interface WriteCounter {
  open: number
}

/** How a statement asks to be planned once per connection (see `PlannedOnce`); the text's first bytes. */
const PLANNED_ONCE = '/* planned once */ '

/**
 * Statements planned once per connection and then run with each call's values (a generic plan),
 * on a few connections of their own where the server is told to plan so. Planning the search's
 * one statement (a branch per field, each weighing every index) costs the server more than running
 * it; its keys are ranges of parameters, which a generic plan seeks indexes with. Every other
 * statement stays planned for its values, on the main pool: a LIKE or a skewed value needs that.
 * A connection is closed after `maxUses` calls, so its prepared statements never pile up.
 */
class PlannedOnce {
  #pool: pg.Pool | null = null
  constructor(private readonly main: pg.Pool) {}
  get pool(): pg.Pool {
    if (this.#pool) return this.#pool
    const config = this.main.options
    const pool = new pg.Pool({ ...config, max: 2, maxUses: 5_000, options: `${config.options ?? ''} -c plan_cache_mode=force_generic_plan`.trim() })
    // Reported as the main pool reports its own, never thrown (an 'error' with no listener ends the process).
    const report = (error: Error) => void this.main.listeners('error').forEach((listener) => listener(error))
    pool.on('error', report)
    pool.on('connect', (client) => client.on('error', report))
    this.#pool = pool
    return pool
  }
  async run<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const client = await this.pool.connect()
    let failed: Error | undefined
    try {
      const name = `portico_${createHash('sha256').update(query.sql).digest('hex').slice(0, 24)}`
      const result = await client.query({ name, text: query.sql, values: [...query.parameters] })
      return { rows: result.rows as R[] }
    } catch (error) {
      failed = error as Error
      throw error
    } finally {
      // A connection whose statement failed is closed rather than reused, with its prepared plans.
      client.release(failed)
    }
  }
  async end(): Promise<void> {
    await this.#pool?.end()
  }
}

/** A statement that changes nothing: a SELECT, as built or as written. */
const readsOnly = (query: CompiledQuery) => query.query.kind === 'SelectQueryNode' || /^\s*(\/\*[^*]*\*\/\s*)?select\b/i.test(query.sql)

/** The pool's connection, which sends statements marked `PLANNED_ONCE` to `PlannedOnce` outside a transaction. */
class PorticoConnection implements DatabaseConnection {
  inTransaction = false
  constructor(
    readonly inner: DatabaseConnection,
    private readonly plannedOnce: PlannedOnce,
    private readonly notices: ChangeNotices | null,
  ) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction || !query.sql.startsWith(PLANNED_ONCE)) {
      try {
        return await this.inner.executeQuery<R>(query)
      } finally {
        if (!readsOnly(query)) this.notices?.wroteHere(query.sql)
      }
    }
    try {
      return await this.plannedOnce.run<R>(query)
    } catch (error) {
      // "cached plan must not change result type": another desk's migration changed a table the
      // prepared statement reads. Planned afresh, as any other statement is.
      if ((error as { code?: unknown }).code === '0A000') return this.inner.executeQuery<R>(query)
      throw error
    }
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize)
  }
}

type PoolConnection = Parameters<PostgresDriver['releaseConnection']>[0]
const innerOf = (connection: DatabaseConnection) => (connection as PorticoConnection).inner as PoolConnection

class SerialisedPostgresDriver extends PostgresDriver {
  readonly plannedOnce: PlannedOnce
  constructor(
    config: PostgresDialectConfig & { pool: pg.Pool },
    readonly writes: WriteCounter,
    readonly notices: ChangeNotices | null,
    readonly turns: WriteTurns | null,
  ) {
    super(config)
    this.plannedOnce = new PlannedOnce(config.pool)
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    return new PorticoConnection(await super.acquireConnection(), this.plannedOnce, this.notices)
  }
  // Kysely's own steps get the pool's connection itself, which they may mark to be discarded.
  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await super.releaseConnection(innerOf(connection))
  }
  /**
   * A write that found the lock held past the busy timeout by this desk's own long write (an
   * import, see `writeApart`) is not refused: it waits for that write to end, then begins again.
   */
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    for (;;) {
      try {
        return await this.#begin(connection, settings)
      } catch (error) {
        if (!this.turns?.apart || (error as { code?: unknown } | null)?.code !== LOCK_NOT_AVAILABLE) throw error
        await this.turns.waitTurn()
      }
    }
  }
  async #begin(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    ;(connection as PorticoConnection).inTransaction = true
    this.writes.open += 1
    try {
      if (settings.isolationLevel || settings.accessMode) {
        await super.beginTransaction(innerOf(connection), settings)
        await connection.executeQuery(WRITE_LOCK)
      } else {
        await connection.executeQuery(BEGIN_AND_LOCK)
      }
    } catch (error) {
      this.writes.open -= 1
      ;(connection as PorticoConnection).inTransaction = false
      // Kysely rolls back only a transaction whose begin succeeded: without this, the connection
      // would go back to the pool inside an aborted transaction and fail every later query (25P02).
      await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined)
      throw error
    }
  }
  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.commitTransaction(innerOf(connection))
    } finally {
      ;(connection as PorticoConnection).inTransaction = false
      this.writes.open -= 1
    }
  }
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(innerOf(connection))
    } finally {
      ;(connection as PorticoConnection).inTransaction = false
      this.writes.open -= 1
    }
  }
  override async destroy(): Promise<void> {
    await Promise.all([super.destroy(), this.plannedOnce.end(), this.notices?.close()])
  }
}

export class PorticoPostgresDialect extends PostgresDialect {
  constructor(
    readonly config: PostgresDialectConfig & { pool: pg.Pool },
    readonly writes: WriteCounter,
    readonly notices: ChangeNotices | null = null,
    /** The desk's turns with its own long writes (see `writeApart`). */
    readonly turns: WriteTurns | null = null,
  ) {
    super(config)
  }
  override createDriver(): Driver {
    return new SerialisedPostgresDriver(this.config, this.writes, this.notices, this.turns)
  }
}

/**
 * The pg driver's type parsers for Portico: counts (bigint) and sums (numeric) come back as
 * numbers, as SQLite gives them; every other type as pg reads it.
 */
export const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format as 'text')
  }) as typeof pg.types.getTypeParser,
}

/**
 * The least text after every text that starts with `prefix`, in code point order (which is the
 * "C" collation's byte order for UTF-8): the prefix with its last character raised by one, or null
 * when no text is after them all. Raising skips the surrogate block, which holds no characters.
 */
export function prefixUpperBound(prefix: string): string | null {
  const chars = [...prefix]
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!
    if (last < 0x10ffff) return chars.join('') + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1)
  }
  return null
}

/**
 * `key` starts with `prefix`, as a range of a "C"-collated key: `prefix` ≤ key < the bound after it.
 * Unlike `LIKE 'prefix%'`, a range of parameters is something a plan made once for any prefix (a
 * generic plan, see connection-postgres.ts) can still seek an index with.
 */
function startsWithRange(key: RawBuilder<string>, prefix: string): RawBuilder<boolean> {
  const bound = prefixUpperBound(prefix)
  return bound === null ? sql<boolean>`${key} >= ${prefix}` : sql<boolean>`${key} >= ${prefix} and ${key} < ${bound}`
}

/**
 * PostgreSQL: caseless keys are lower() under the "C" collation, which folds ASCII letters only
 * (as SQLite's NOCASE) and sorts byte for byte, and lets a btree index on the same expression serve
 * a prefix, asked as a range of keys.
 */
export const postgresDialect: PorticoDialect = {
  engine: 'postgres',
  caseless: (column) => sql<string>`lower(${column} collate "C")`,
  startsWithCaseless: (column, prefix) => startsWithRange(sql<string>`lower(${column} collate "C")`, asciiLower(prefix)),
  startsWith: (column, prefix) => startsWithRange(sql<string>`(${column} collate "C")`, prefix),
  bytewise: (column) => sql<string>`(${column} collate "C")`,
  after: (keys, values) => sql<boolean>`(${sql.join(keys)}) > (${sql.join(values)})`,
  caselessValue: (text) => asciiLower(text),
  lastChars: (text, n) => sql<string>`right(${text}, ${sql.lit(n)})`,
  searchInOneStatement: true,
  plannedOnce: (statement) => sql`${sql.raw(PLANNED_ONCE)}${statement}`,
  /**
   * The commit returns before the server flushes it to disk; a server crash in that moment could
   * lose it. While this desk's import holds the write lock it is refused as busy at once: the read
   * answers now and its event waits its turn (see PendingAudits).
   */
  async withRelaxedDurability(db, write) {
    if (writeTurnsOf(db)?.apart) throw busyWithWriteApart()
    return db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx)
      return write(trx)
    })
  },
}
