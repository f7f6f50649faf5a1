import { statSync } from 'node:fs'
import { basename } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { migrations } from '../migrations'
import { parseBackupName } from './files'

export type BackupInspection =
  | {
      ok: true
      /** From the file's name when it is one of ours, else the file's modification time. */
      takenAt: string
      clients: number
      /** The migrations the backup had: its schema version. */
      schema: string[]
    }
  | { ok: false; reason: string }

/** Where a Portico app running from source keeps its Electron build of better-sqlite3. */
export interface NativeOption {
  nativeBinding?: string
}

/** Only a real path: better-sqlite3 then loads that build instead of the one in node_modules. */
export const nativeOf = (options: NativeOption) => (options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})

const PORTICO_TABLES = ['clients', 'kysely_migration']

function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'SQLITE_NOTADB') return 'This file is not a Portico backup: it is not a database at all.'
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) return 'This backup is damaged (it may be incomplete).'
  return `This backup could not be read (${error instanceof Error ? error.message : String(error)}).`
}

/** The checks themselves, on the database known to `sqlite` as `schema` ('main' or attached). */
function inspectSchema(sqlite: SqliteDatabase.Database, schema: string, path: string): BackupInspection {
  try {
    const problems = sqlite.prepare(`pragma "${schema}".quick_check`).pluck().all() as string[]
    if (problems.length !== 1 || problems[0] !== 'ok') return { ok: false, reason: 'This backup is damaged: SQLite’s check found errors in it.' }
    const tables = new Set(sqlite.prepare(`select name from "${schema}".sqlite_master where type = 'table'`).pluck().all() as string[])
    if (!PORTICO_TABLES.every((t) => tables.has(t))) return { ok: false, reason: 'This file is a database, but not a Portico backup.' }
    const applied = sqlite.prepare(`select name from "${schema}".kysely_migration order by name`).pluck().all() as string[]
    if (applied.some((name) => !(name in migrations))) {
      return { ok: false, reason: 'This backup was made by a newer version of Portico. Install the latest Portico to restore it.' }
    }
    const clients = sqlite.prepare(`select count(*) from "${schema}".clients`).pluck().get() as number
    const takenAt = parseBackupName(basename(path))?.takenAt ?? statSync(path).mtime.toISOString()
    return { ok: true, takenAt, clients, schema: applied }
  } catch (error) {
    return { ok: false, reason: describeFailure(error) }
  }
}

/**
 * Reads a backup without changing it: is it sound (`quick_check`), is it a Portico database, is it
 * from this Portico or an older one (a newer one can't be restored here), and how many clients
 * does it hold. Inside Electron run from source, pass the same `nativeBinding` as `openDatabase`.
 */
export async function inspectBackup(path: string, options: NativeOption = {}): Promise<BackupInspection> {
  let reader: SqliteDatabase.Database
  try {
    reader = new SqliteDatabase(path, { readonly: true, fileMustExist: true, ...nativeOf(options) })
  } catch (error) {
    return { ok: false, reason: `This backup could not be opened (${error instanceof Error ? error.message : String(error)}).` }
  }
  try {
    return inspectSchema(reader, 'main', path)
  } finally {
    reader.close()
  }
}

/**
 * The same checks through a connection the caller already has, by attaching the file for a moment:
 * no second connection, so no second native binding to find. Only outside a transaction.
 */
export function inspectAttached(sqlite: SqliteDatabase.Database, path: string): BackupInspection {
  try {
    sqlite.prepare(`attach database ? as portico_backup_check`).run(path)
  } catch (error) {
    return { ok: false, reason: describeFailure(error) }
  }
  try {
    return inspectSchema(sqlite, 'portico_backup_check', path)
  } finally {
    sqlite.prepare('detach database portico_backup_check').run()
  }
}
