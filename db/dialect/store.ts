import type SqliteDatabase from 'better-sqlite3'
import { integrityCheckFile } from '../file-integrity'
import type { Engine } from './dialect'
import type { WriteTurns } from './write-turns'

/**
 * The open database as main sees it: what it is and what it can do, never how. Backups, restore
 * and the update gate ask here instead of reaching for the engine.
 */
export interface DatabaseStore {
  readonly engine: Engine
  /** Where the practice's data is, for messages: the file's path, or host:port/database (never a password). */
  readonly location: string
  /** Whether this desk copies the database into backup files and restores them (a file can; a server has pg_dump). */
  readonly fileBackups: boolean
  /** Whether a write transaction is open on this desk's own connection(s) right now. */
  writing(): boolean
  /** The engine and its version, for About ("SQLite 3.51.2", "PostgreSQL 17.10"). */
  version(): Promise<string>
  /**
   * Copies what is committed into the database's main file, when nothing is being written here
   * (a file's write-ahead log; a server keeps its own). Never waits for a lock and never throws:
   * a busy moment is simply tried again at the next call.
   */
  checkpoint(): void
  /**
   * The engine's full check of the database's file (SQLite's `integrity_check`), on a connection
   * of its own off the main thread: its first findings, empty when sound. Null where this desk has
   * no file to check (a server checks its own storage).
   */
  integrityCheck(): Promise<string[] | null>
}

/** A practice kept in one SQLite file at this desk. */
export class SqliteFileStore implements DatabaseStore {
  readonly engine = 'sqlite' as const
  readonly fileBackups = true
  constructor(
    readonly sqlite: SqliteDatabase.Database,
    readonly location: string,
    /** Electron-ABI better-sqlite3 when run from source: the check's own connection loads it too. */
    readonly nativeBinding?: string,
    /** The desk's write turns: an import written apart (see `writeApart`) is a write here too. */
    readonly turns: WriteTurns | null = null,
  ) {}
  writing(): boolean {
    return (this.sqlite.open && this.sqlite.inTransaction) || this.turns?.apart === true
  }
  integrityCheck(): Promise<string[]> {
    return integrityCheckFile(this.location, this.nativeBinding ? { nativeBinding: this.nativeBinding } : {})
  }
  async version(): Promise<string> {
    return `SQLite ${String(this.sqlite.prepare('select sqlite_version()').pluck().get())}`
  }
  checkpoint(): void {
    if (!this.sqlite.open || this.sqlite.inTransaction) return
    try {
      // PASSIVE: copies the frames no reader still needs, without waiting for anyone.
      this.sqlite.pragma('wal_checkpoint(PASSIVE)')
    } catch {
      // Busy, or the disk refused: the log still holds every commit; the next call tries again.
    }
  }
}

/** The SQLite connection behind a file store, for what only a file can do (backups, restore, checks). */
export function sqliteHandle(store: DatabaseStore): SqliteDatabase.Database {
  if (!(store instanceof SqliteFileStore)) throw new Error(`This practice is kept on a server (${store.location}), not in a file at this desk.`)
  return store.sqlite
}
