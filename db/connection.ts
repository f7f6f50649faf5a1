import { accessSync, constants, existsSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, type Migration, type MigrationResult, Migrator } from 'kysely'
import { auditGuardProblems } from './audit/append-only-guards'
import { AuditChainSeal, chainSealOf } from './audit/chain-seal'
import { DialectTag, dialectOf } from './dialect/dialect'
import { BUSY_SLICE_MS, PorticoSqliteDialect, sqliteDialect, withStatementCache } from './dialect/sqlite'
import { type DatabaseStore, SqliteFileStore } from './dialect/store'
import { isServerUrl } from './dialect/target'
import { WriteTurns, writeTurnsOf } from './dialect/write-turns'
import { migrationsFor } from './migrations'
import { backupsOfPractice, whyFileLooksNew } from './practice-file-check'
import type { Database } from './schema'

export { withStatementCache }

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

/** SQLite's own check found damage. The file is left byte for byte as it was. */
export class DatabaseDamagedError extends Error {
  constructor(
    /** What `PRAGMA quick_check` (or the read that failed) reported, for support. */
    readonly problems: string[],
    cause?: unknown,
  ) {
    super(
      'This Portico database is damaged, so Portico has not opened it. It has not been changed. ' +
        'Restore the newest good backup to carry on.',
      { cause },
    )
    this.name = 'DatabaseDamagedError'
  }
}

/** The database's file or folder can't be written by this computer's user. Nothing was changed. */
export class DatabaseNotWritableError extends Error {
  constructor(
    /** The folder (or the file itself) that refuses changes. */
    readonly location: string,
    what: 'folder' | 'file',
    cause?: unknown,
  ) {
    super(
      `Portico can't save to ${location}: the ${what} is read-only, or this computer's user may not change it. ` +
        'Nothing was opened or changed. Ask your IT support to allow changes there, or move the database to a folder you can change.',
      { cause },
    )
    this.name = 'DatabaseNotWritableError'
  }
}

/** An update of the schema failed part-way. All of it was undone (when `undone`). */
export class MigrationFailedError extends Error {
  constructor(
    /** The step that failed, when Kysely says which. */
    readonly migration: string | null,
    readonly pending: string[],
    readonly undone: boolean,
    cause: unknown,
  ) {
    super(
      `Portico could not update this database to the current version${migration ? ` (step ${migration} failed)` : ''}. ` +
        (undone
          ? 'The update was undone: the database is exactly as it was before.'
          : 'The database may be partly updated: restore the backup taken before the update.'),
      { cause },
    )
    this.name = 'MigrationFailedError'
  }
}

export interface OpenOptions {
  /** How long a write waits for another connection's lock before failing, in ms. */
  busyTimeoutMs?: number
  /** Path to an Electron-ABI build of better-sqlite3, when running inside Electron from source. */
  nativeBinding?: string
  /**
   * Runs when a database that already holds data is about to be updated (never for a new one, nor
   * when nothing is pending), on the open connection: the moment to take a backup. If it throws,
   * nothing is migrated, the connection is closed and `openDatabase` rejects with that error.
   */
  beforeMigrate?: (info: { pending: string[]; store: DatabaseStore }) => Promise<void> | void
  /** Tests only: the migrations to run instead of the shipped list. */
  migrations?: Record<string, Migration>
  /** Folders where this practice's backups may be, besides `backups/` beside a file (the desk's chosen one). */
  backupFolders?: string[]
}

export interface OpenedDatabase {
  db: Kysely<Database>
  /** What the database is and can do (backups, the update gate), without naming the engine. */
  store: DatabaseStore
  /** True when no migration had run before: a brand-new database. */
  created: boolean
  /**
   * What is wrong with the audit table's append-only guards (missing or altered triggers), checked
   * at every open. When not empty, the database refuses writes (see `AuditChainSeal`).
   */
  auditGuardProblems: string[]
}

/**
 * Kysely over an open connection, with each migration run inside a transaction, carrying the audit
 * chain's seal (key and write refusal; see `chainSealOf`). As with any Kysely, `destroy()` closes
 * `sqlite` only once Kysely has run a query on it.
 */
export function createKysely(sqlite: SqliteDatabase.Database, waitMs?: number): Kysely<Database> {
  // The desk's writes take turns with a long write done apart, on a connection of its own (see writeApart).
  const turns = new WriteTurns()
  return new Kysely<Database>({
    dialect: new PorticoSqliteDialect({ database: withStatementCache(sqlite) }, waitMs, turns),
    plugins: [new AuditChainSeal(), new DialectTag(sqliteDialect), turns],
  })
}

/** The refusal every write gets while the audit trail's guards are missing, naming what is. */
export function guardRefusal(problems: string[]): string {
  return (
    `Portico is not changing anything in this database: the audit trail’s protection against rewriting has been tampered with (${problems.join('; ')}). ` +
    'Someone changed the database outside Portico. Keep this file as it is, as evidence, and contact your IT support. Staff can still sign in and look things up.'
  )
}

export function migratorFor(db: Kysely<Database>, list: Record<string, Migration>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => list } })
}

/** Names of the migrations recorded in the file, in name order (the order they run in). */
export function appliedMigrations(sqlite: SqliteDatabase.Database): string[] {
  const table = sqlite
    .prepare(`select name from sqlite_master where type = 'table' and name = 'kysely_migration'`)
    .get()
  if (!table) return []
  return sqlite.prepare('select name from kysely_migration order by name').pluck().all() as string[]
}

/** Migrations in `list` (the shipped ones by default) that the file has not had yet, in order. */
export function pendingMigrations(
  sqlite: SqliteDatabase.Database,
  list: Record<string, Migration> = migrationsFor('sqlite'),
): string[] {
  const applied = new Set(appliedMigrations(sqlite))
  return Object.keys(list)
    .filter((name) => !applied.has(name))
    .sort()
}

/** What `PRAGMA quick_check` found wrong; empty when the file is sound. */
export function quickCheckProblems(sqlite: SqliteDatabase.Database): string[] {
  const rows = sqlite.prepare('pragma quick_check').pluck().all() as string[]
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows
}

/**
 * Brings a database to exactly the migration `name`. Tests use it to build a file as an older
 * Portico left it; the app itself only ever goes to the latest, through `openDatabase`.
 */
export async function migrateTo(
  db: Kysely<Database>,
  name: string,
  list: Record<string, Migration> = migrationsFor(dialectOf(db).engine),
): Promise<void> {
  const { error } = await migratorFor(db, list).migrateTo(name)
  if (error) throw error instanceof Error ? error : new Error(`Could not migrate to ${name}.`)
}

const nativeOption = (options: OpenOptions) => (options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
const errorCode = (error: unknown) => (error as { code?: unknown } | null)?.code
/** A rollback-mode file left mid-write: only a writable connection may roll it back. */
const needsHotJournalRollback = (error: unknown) => errorCode(error) === 'SQLITE_READONLY_ROLLBACK'

/**
 * Why a migration run failed. A desk of a newer version may have migrated the database while this
 * one was starting (after this desk's check, before its run): it now records steps this version
 * doesn't know, and is refused as any newer database is, rather than as a failed update.
 */
export function migrationRefusal(appliedNow: string[] | null, list: Record<string, Migration>, failure: MigrationFailedError): Error {
  const unknown = (appliedNow ?? []).filter((name) => !(name in list))
  return unknown.length > 0 ? new DatabaseFromFutureError(unknown) : failure
}

/** Whether the first of `list`'s migrations ran in this run: this desk made the schema (exactly one desk does). */
export function createdByThisRun(results: MigrationResult[] | undefined, list: Record<string, Migration>): boolean {
  const first = Object.keys(list).sort()[0]
  return (results ?? []).some((r) => r.status === 'Success' && r.migrationName === first)
}

/** The checks made before anything is written: ours, not from the future, not damaged. */
function checkBeforeWriting(sqlite: SqliteDatabase.Database, list: Record<string, Migration>): string[] {
  const applied = appliedMigrations(sqlite)
  const unknown = applied.filter((name) => !(name in list))
  if (unknown.length > 0) throw new DatabaseFromFutureError(unknown)
  const problems = quickCheckProblems(sqlite)
  if (problems.length > 0) throw new DatabaseDamagedError(problems)
  return applied
}

function refusal(error: unknown): Error {
  if (error instanceof DatabaseFromFutureError || error instanceof DatabaseDamagedError) return error
  const code = errorCode(error)
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseDamagedError([error instanceof Error ? error.message : String(error)], error)
  }
  return new DatabaseUnreadableError(error)
}

/**
 * Checks an existing file through a read-only connection, which can neither write nor checkpoint,
 * so a refused file (and its WAL) stays byte for byte as it was. Returns null when only a writable
 * connection can read it (a hot rollback journal, which SQLite must roll back first).
 */
function checkReadOnly(path: string, list: Record<string, Migration>, options: OpenOptions, busyMs: number): string[] | null {
  let reader: SqliteDatabase.Database | undefined
  try {
    reader = new SqliteDatabase(path, { readonly: true, fileMustExist: true, ...nativeOption(options) })
    reader.pragma(`busy_timeout = ${busyMs}`)
    return checkBeforeWriting(reader, list)
  } catch (error) {
    if (needsHotJournalRollback(error)) return null
    throw refusal(error)
  } finally {
    reader?.close()
  }
}

/** Whether the file records exactly the migrations it had before the update was tried. */
function stillAt(sqlite: SqliteDatabase.Database, applied: string[]): boolean {
  try {
    return appliedMigrations(sqlite).join() === [...applied].sort().join()
  } catch {
    return false
  }
}

/**
 * Opens (or creates) a Portico database and brings it to the latest schema: a SQLite file at
 * `target`, or the database a postgres:// URL names (see `openServerDatabase`).
 *
 * For a file: nothing is written until the file is known to be ours, not from a newer Portico, and sound by
 * `PRAGMA quick_check`. Then WAL, foreign keys and synchronous=FULL are set explicitly:
 * better-sqlite3 leaves WAL at NORMAL, and a committed change to a health record must survive a
 * power cut. All pending migrations run in one transaction: they land together or not at all.
 *
 * @throws DatabaseUnreadableError, DatabaseFromFutureError, DatabaseDamagedError (file untouched);
 *   MigrationFailedError; or whatever `beforeMigrate` threw.
 */
export async function openDatabase(target: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  if (isServerUrl(target)) {
    const { openServerDatabase } = await import('./connection-postgres')
    return openServerDatabase(target, options)
  }
  return openDatabaseFile(target, options)
}

/**
 * Never a new practice over a practice's backups: a file that is empty, zeroed at its start, holds
 * no tables or someone else's, while backups of the practice exist, is refused as damaged (the
 * desk then offers the newest sound backup). Without backups, an empty or table-less file is a new
 * practice, as before, and one holding other tables is refused as not Portico's, unchanged.
 */
function refuseLookingNew(path: string, options: OpenOptions): void {
  const found = whyFileLooksNew(path, options.nativeBinding)
  if (!found) return
  const backups = backupsOfPractice(path, options.backupFolders ?? [])
  if (backups.length > 0) {
    const newest = backups[0]!
    throw new DatabaseDamagedError([
      `${found.said.charAt(0).toUpperCase()}${found.said.slice(1)}, yet ${String(backups.length)} backup${backups.length === 1 ? '' : 's'} of this practice exist (the newest taken ${newest.takenAt}, ${newest.path}). Portico does not start a new practice over them.`,
    ])
  }
  if (found.kind === 'not-portico') throw new DatabaseUnreadableError(new Error(found.said))
}

/**
 * A practice is opened to be changed: a file or folder this user can't write (a read-only share,
 * a locked-down folder, a read-only disk) is said as such at start, not found at the first Save
 * (or taken for a file that is not Portico's, when SQLite can't make its shared-memory file).
 */
function refuseNotWritable(path: string): void {
  const folder = dirname(path)
  try {
    accessSync(folder, constants.W_OK)
  } catch (error) {
    throw new DatabaseNotWritableError(folder, 'folder', error)
  }
  if (!existsSync(path)) return
  try {
    accessSync(path, constants.W_OK)
  } catch (error) {
    throw new DatabaseNotWritableError(path, 'file', error)
  }
}

async function openDatabaseFile(path: string, options: OpenOptions): Promise<OpenedDatabase> {
  const list = options.migrations ?? migrationsFor('sqlite')
  refuseNotWritable(path)
  refuseLookingNew(path, options)
  const busyMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))
  let applied = existsSync(path) ? checkReadOnly(path, list, options, busyMs) : null

  const sqlite = new SqliteDatabase(path, nativeOption(options))
  try {
    sqlite.pragma(`busy_timeout = ${busyMs}`)
    if (applied === null) {
      applied = checkBeforeWriting(sqlite, list)
    } else {
      // A read-only connection's quick_check skips CHECK constraints (a garbled status passed it):
      // asked again here, where it sees them, before anything is written.
      const problems = quickCheckProblems(sqlite)
      if (problems.length > 0) throw new DatabaseDamagedError(problems)
    }
  } catch (error) {
    sqlite.close()
    throw refusal(error)
  }

  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
  } catch (error) {
    sqlite.close()
    throw error
  }

  // From here on SQLite waits for a lock only briefly at a time; the driver tries again without
  // blocking the thread, for up to the busy timeout in all.
  sqlite.pragma(`busy_timeout = ${Math.min(busyMs, BUSY_SLICE_MS)}`)
  const db = createKysely(sqlite, busyMs)
  const store = new SqliteFileStore(sqlite, path, options.nativeBinding, writeTurnsOf(db))
  // Kysely's destroy() closes nothing until it has run a query, so failures close the file here.
  const close = async () => {
    await db.destroy()
    if (sqlite.open) sqlite.close()
  }
  const pending = pendingMigrations(sqlite, list)
  try {
    if (pending.length > 0 && applied.length > 0) await options.beforeMigrate?.({ pending, store })
  } catch (error) {
    await close()
    throw error
  }
  // Run even with nothing pending: it also gives Kysely the connection, so db.destroy() closes it.
  const { error, results } = await migratorFor(db, list).migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? null
    const undone = stillAt(sqlite, applied)
    let appliedNow: string[] | null = null
    try {
      appliedNow = appliedMigrations(sqlite)
    } catch {
      // Unreadable now: reported as the failed update it is.
    }
    await close()
    throw migrationRefusal(appliedNow, list, new MigrationFailedError(failed, pending, undone, error))
  }
  // The triggers that keep the trail append-only are checked at every open, not trusted.
  const guards = await auditGuardProblems(db)
  if (guards.length > 0) chainSealOf(db)!.refusal = guardRefusal(guards)
  // Not `applied.length === 0`: two desks starting on a new file at once both saw it empty.
  return { db, store, created: createdByThisRun(results, list), auditGuardProblems: guards }
}
