import SqliteDatabase from 'better-sqlite3'
import { Kysely, Migrator, SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely'
import { migrations } from './migrations'
import type { Database } from './schema'

/** SQLite runs DDL inside transactions, so each migration commits whole or not at all. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}
class PorticoSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter()
  }
}

/** The file was written by a newer Portico. It is left exactly as it was. */
export class DatabaseFromFutureError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(
      'This Portico database was written by a newer version of Portico. ' +
        'It has not been opened or changed. Install the latest Portico to use it.',
    )
    this.name = 'DatabaseFromFutureError'
  }
}

/** The file exists but is not a SQLite database (or is damaged). It is left as it was. */
export class DatabaseUnreadableError extends Error {
  constructor(cause: unknown) {
    super('This file is not a Portico database, or it is damaged. It has not been changed.', { cause })
    this.name = 'DatabaseUnreadableError'
  }
}

export interface OpenOptions {
  /** How long a write waits for another connection's lock before failing, in ms. */
  busyTimeoutMs?: number
  /** Path to an Electron-ABI build of better-sqlite3, when running inside Electron from source. */
  nativeBinding?: string
}

export interface OpenedDatabase {
  db: Kysely<Database>
  sqlite: SqliteDatabase.Database
  /** True when no migration had run before: a brand-new database. */
  created: boolean
}

function appliedMigrations(sqlite: SqliteDatabase.Database): string[] {
  const table = sqlite
    .prepare(`select name from sqlite_master where type = 'table' and name = 'kysely_migration'`)
    .get()
  if (!table) return []
  return (sqlite.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name)
}

/**
 * Opens (or creates) a Portico database and brings it to the latest schema.
 *
 * Nothing is written until the file is known to be ours and not from a newer Portico. Then WAL,
 * foreign keys and synchronous=FULL are set explicitly: better-sqlite3 leaves WAL at NORMAL, and a
 * committed change to a health record must survive a power cut.
 */
export async function openDatabase(path: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const sqlite = new SqliteDatabase(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  let applied: string[]
  try {
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`)
    applied = appliedMigrations(sqlite)
  } catch (error) {
    sqlite.close()
    throw new DatabaseUnreadableError(error)
  }
  const unknown = applied.filter((name) => !(name in migrations))
  if (unknown.length > 0) {
    sqlite.close()
    throw new DatabaseFromFutureError(unknown)
  }

  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')

  const db = new Kysely<Database>({ dialect: new PorticoSqliteDialect({ database: sqlite }) })
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error } = await migrator.migrateToLatest()
  if (error) {
    await db.destroy()
    throw error instanceof Error ? error : new Error('The database could not be updated.')
  }
  return { db, sqlite, created: applied.length === 0 }
}
