import { randomBytes } from 'node:crypto'
import { existsSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { fsyncFile, fsyncFolder, stamp } from './files'
import { type NativeOption, inspectBackup, nativeOf } from './inspect'

/** SQLite keeps these beside a database; a stale one next to a restored file would corrupt it. */
const COMPANIONS = ['-wal', '-shm', '-journal']

/**
 * Folds any WAL into the file and confirms nothing else has it open: every Portico connection keeps
 * a WAL, and only the last connection to close may remove it. A file SQLite cannot open is left
 * as it is (it is moved aside whole, WAL and all).
 */
function settleCurrent(path: string, native: NativeOption): void {
  if (!existsSync(path)) return
  let probe: SqliteDatabase.Database | undefined
  try {
    probe = new SqliteDatabase(path, { fileMustExist: true, ...nativeOf(native) })
    probe.pragma('busy_timeout = 0')
    probe.pragma('wal_checkpoint(TRUNCATE)')
  } catch {
    return
  } finally {
    probe?.close()
  }
  if (existsSync(`${path}-wal`)) {
    throw new Error('The database is still open (in this Portico or on another desk). Close it first. Nothing was changed.')
  }
}

/** Moves the database and its companions to `<path>.before-restore-<stamp>`; returns that path. */
function moveAside(path: string, now: Date): string | null {
  const present = ['', ...COMPANIONS].filter((suffix) => existsSync(path + suffix))
  if (present.length === 0) return null
  let aside = `${path}.before-restore-${stamp(now)}`
  for (let n = 2; ['', ...COMPANIONS].some((s) => existsSync(aside + s)); n++) aside = `${path}.before-restore-${stamp(now)}-${n}`
  // The database first: if the process dies after it, a fresh start finds no file (and no stale
  // WAL is ever left next to a different database).
  for (const suffix of present) renameSync(path + suffix, aside + suffix)
  return present.includes('') ? aside : aside + (present[0] ?? '')
}

export interface RestoreResult {
  /** Where the database that was replaced now is; null when there was none. Nothing is deleted. */
  keptAsidePath: string | null
  /** Clients in the restored database. */
  clients: number
  /** When the restored backup was taken. */
  takenAt: string
}

/**
 * Puts a backup in place of the current database. The caller must close every connection to the
 * current database first (it refuses while one is open), and open it again afterwards through
 * `openDatabase`, which brings an older backup up to date. Inside Electron run from source, pass
 * the same `nativeBinding` as `openDatabase`.
 *
 * The backup is checked, copied beside the current file and checked again before anything is
 * moved; then the current file (with its -wal/-shm) is renamed aside and the copy renamed in.
 */
export async function restoreBackup(
  params: { currentPath: string; backupPath: string; now?: Date } & NativeOption,
): Promise<RestoreResult> {
  const { currentPath, backupPath, now = new Date() } = params
  const native = { nativeBinding: params.nativeBinding }
  const backup = await inspectBackup(backupPath, native)
  if (!backup.ok) throw new Error(`This backup cannot be restored. ${backup.reason} Nothing was changed.`)
  settleCurrent(currentPath, native)

  const folder = dirname(currentPath)
  const temp = join(folder, `.${basename(currentPath)}.restoring-${randomBytes(4).toString('hex')}.partial`)
  try {
    // Through SQLite, not a byte copy: it reads a consistent snapshot, WAL included.
    const reader = new SqliteDatabase(backupPath, { readonly: true, fileMustExist: true, ...nativeOf(native) })
    try {
      reader.prepare('VACUUM INTO ?').run(temp)
    } finally {
      reader.close()
    }
    fsyncFile(temp)
    const copy = await inspectBackup(temp, native)
    if (!copy.ok) throw new Error(`The copy of the backup failed its check. ${copy.reason} Nothing was changed.`)
    const keptAsidePath = moveAside(currentPath, now)
    renameSync(temp, currentPath)
    fsyncFolder(folder)
    return { keptAsidePath, clients: copy.clients, takenAt: backup.takenAt }
  } finally {
    rmSync(temp, { force: true })
  }
}
