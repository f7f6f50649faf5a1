import type SqliteDatabase from 'better-sqlite3'
import { CompiledQuery, type DatabaseConnection, type DialectAdapter, type Driver, type RawBuilder, SqliteAdapter, SqliteDialect, SqliteDriver, sql } from 'kysely'
import { type PorticoDialect, asciiLower, likeLiteral } from './dialect'

/** SQLite runs DDL inside transactions, so each migration commits whole or not at all. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}
/**
 * Every transaction here writes, so it takes the write lock up front (BEGIN IMMEDIATE). A deferred
 * BEGIN that reads first and then writes fails at once with SQLITE_BUSY when another desk or the
 * portal is writing; IMMEDIATE waits for the busy timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
  /**
   * On a full disk or an I/O error SQLite may end the transaction itself. Rolling back again then
   * fails with "no transaction is active", and Kysely would throw that instead of the error that
   * says what went wrong: there is nothing left to roll back, so the first error stands.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection)
    } catch (error) {
      if (error instanceof Error && /no transaction is active/i.test(error.message)) return
      throw error
    }
  }
}
export class PorticoSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0]
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config)
    this.#config = config
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter()
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config)
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
   */
  async withRelaxedDurability(db, write) {
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
