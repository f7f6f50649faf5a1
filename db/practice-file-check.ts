import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { type BackupInfo, listBackups, newestFirst } from './backup/files'

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')

/**
 * Why an existing file would otherwise be taken for a new practice (or refused as not Portico's):
 * empty, not starting as a SQLite file does (a zeroed header), holding no tables, or holding
 * tables that are not Portico's. Null for a file that is none of these, or for no file at all.
 * Reads only; SQLite reads the file with its WAL, so a practice whose tables are still only in the
 * WAL is not mistaken for an empty one.
 */
export interface LooksNew {
  kind: 'empty' | 'not-sqlite' | 'no-tables' | 'not-portico'
  /** What was found, in words for the person at the desk and for support. */
  said: string
}
export function whyFileLooksNew(path: string, nativeBinding?: string): LooksNew | null {
  let size: number
  try {
    size = statSync(path).size
  } catch {
    return null
  }
  if (size === 0) return { kind: 'empty', said: 'the database file is empty (0 bytes)' }
  const head = Buffer.alloc(SQLITE_HEADER.length)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, head, 0, head.length, 0)
  } finally {
    closeSync(fd)
  }
  if (!head.equals(SQLITE_HEADER)) {
    return { kind: 'not-sqlite', said: `the database file (${String(size)} bytes) does not begin as a SQLite database does: its first bytes are damaged, or it is another kind of file` }
  }
  let reader: SqliteDatabase.Database | undefined
  try {
    reader = new SqliteDatabase(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
    const tables = reader.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[]
    if (tables.length === 0) return { kind: 'no-tables', said: `the database file (${String(size)} bytes) holds no tables` }
    if (!tables.includes('kysely_migration')) return { kind: 'not-portico', said: `the database file holds tables, but not Portico's (${tables.slice(0, 5).join(', ')})` }
    return null
  } catch {
    // Unreadable for another reason: the usual checks say what.
    return null
  } finally {
    reader?.close()
  }
}

/** The backups of the practice at `path`: in `backups/` beside it and in `folders`, newest first. */
export function backupsOfPractice(path: string, folders: readonly string[] = [], now = new Date()): BackupInfo[] {
  const all = new Set([join(dirname(path), 'backups'), ...folders.filter(Boolean)])
  return [...all].flatMap((folder) => listBackups(folder, now)).sort(newestFirst(now))
}
