import { CompiledQuery, type DatabaseConnection, type Driver, PostgresDialect, PostgresDriver, type PostgresDialectConfig, type TransactionSettings, sql } from 'kysely'
import pg from 'pg'
import { type PorticoDialect, asciiLower, likeLiteral } from './dialect'

/**
 * The advisory lock every write transaction takes first, so writes on PostgreSQL are serialised as
 * SQLite's BEGIN IMMEDIATE serialises them: code that reads and then writes (the audit chain's last
 * hash, "is this the last admin?", a single-use code) sees no other desk's write in between.
 * Released by the transaction's own commit or rollback. ("Po", "rt" as two 16-bit halves, and 1.)
 */
const WRITE_LOCK = CompiledQuery.raw(`select pg_advisory_xact_lock(${0x506f7274}, 1)`)

/** Open write transactions, for the update gate (never install while one is open). */
export interface WriteCounter {
  open: number
}

class SerialisedPostgresDriver extends PostgresDriver {
  constructor(
    config: PostgresDialectConfig,
    readonly writes: WriteCounter,
  ) {
    super(config)
  }
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings)
    this.writes.open += 1
    try {
      await connection.executeQuery(WRITE_LOCK)
    } catch (error) {
      this.writes.open -= 1
      // Kysely rolls back only a transaction whose begin succeeded: without this, the connection
      // would go back to the pool inside an aborted transaction and fail every later query (25P02).
      await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined)
      throw error
    }
  }
  override async commitTransaction(connection: Parameters<PostgresDriver["commitTransaction"]>[0]): Promise<void> {
    try {
      await super.commitTransaction(connection)
    } finally {
      this.writes.open -= 1
    }
  }
  override async rollbackTransaction(connection: Parameters<PostgresDriver["rollbackTransaction"]>[0]): Promise<void> {
    try {
      await super.rollbackTransaction(connection)
    } finally {
      this.writes.open -= 1
    }
  }
}

export class PorticoPostgresDialect extends PostgresDialect {
  constructor(
    readonly config: PostgresDialectConfig,
    readonly writes: WriteCounter,
  ) {
    super(config)
  }
  override createDriver(): Driver {
    return new SerialisedPostgresDriver(this.config, this.writes)
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
 * PostgreSQL: caseless keys are lower() under the "C" collation, which folds ASCII letters only
 * (as SQLite's NOCASE) and sorts byte for byte, and lets a btree index on the same expression serve
 * prefix LIKE. LIKE itself is case-sensitive here, so both sides are folded.
 */
export const postgresDialect: PorticoDialect = {
  engine: 'postgres',
  caseless: (column) => sql<string>`lower(${column} collate "C")`,
  startsWithCaseless: (column, prefix) => sql<boolean>`lower(${column} collate "C") like ${`${likeLiteral(asciiLower(prefix))}%`} escape '\\'`,
  startsWith: (column, prefix) => sql<boolean>`(${column} collate "C") like ${`${likeLiteral(prefix)}%`} escape '\\'`,
  bytewise: (column) => sql<string>`(${column} collate "C")`,
  after: (keys, values) => sql<boolean>`(${sql.join(keys)}) > (${sql.join(values)})`,
  caselessValue: (text) => asciiLower(text),
  lastChars: (text, n) => sql<string>`right(${text}, ${sql.lit(n)})`,
  searchInOneStatement: true,
  /** The commit returns before the server flushes it to disk; a server crash in that moment could lose it. */
  async withRelaxedDurability(db, write) {
    return db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx)
      return write(trx)
    })
  },
}
