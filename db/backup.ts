import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type SqliteDatabase from 'better-sqlite3'
import { type DatabaseStore, sqliteHandle } from './dialect/store'
import { type BackupInfo, PARTIAL_NAME, freeBackupName, fsyncFile, fsyncFolder, listBackups } from './backup/files'
import { inspectAttached } from './backup/inspect'
import { auditHeadOf, manifestPathOf, writeManifest } from './backup/manifest'

export { type BackupInfo, listBackups } from './backup/files'
export { type BackupInspection, type NativeOption, inspectBackup } from './backup/inspect'
export { type RestoreResult, restoreBackup } from './backup/restore'
export { type BackupManifest, manifestPathOf } from './backup/manifest'

/** Two weeks of daily backups; older ones are deleted as new ones are taken. */
export const BACKUPS_KEPT = 14
const DAY_MS = 24 * 60 * 60 * 1000
/** A partial file this old belongs to a backup that was cut short, not to one in progress. */
const STALE_PARTIAL_MS = 60 * 1000
/** How long a backup waits for a transaction on its connection to finish. */
const IDLE_WAIT_MS = 30 * 1000

const MANIFEST_NAME = /^(portico-.*\.sqlite3)\.manifest\.json$/

/** Partial files, and manifests whose backup never got its name (a crash between the two renames). */
function removeStalePartials(folder: string): void {
  const names = readdirSync(folder)
  for (const name of names) {
    const manifestOf = MANIFEST_NAME.exec(name)?.[1]
    if (!PARTIAL_NAME.test(name) && !(manifestOf && !names.includes(manifestOf))) continue
    const path = join(folder, name)
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_PARTIAL_MS) rmSync(path, { force: true })
    } catch {
      // Gone already.
    }
  }
}

/** VACUUM INTO refuses to run inside a transaction; a Kysely transaction may be awaiting I/O. */
async function untilNoTransaction(sqlite: SqliteDatabase.Database): Promise<void> {
  const giveUpAt = Date.now() + IDLE_WAIT_MS
  while (sqlite.inTransaction) {
    if (Date.now() > giveUpAt) throw new Error('A backup could not start: a change to the database has not finished. Try again.')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Deletes all but the newest `BACKUPS_KEPT`, never the one just taken (whatever the clock says). */
function rotate(folder: string, justTaken: string): void {
  for (const old of listBackups(folder).slice(BACKUPS_KEPT)) {
    if (old.name !== justTaken) {
      rmSync(old.path, { force: true })
      rmSync(manifestPathOf(old.path), { force: true })
    }
  }
}

/**
 * Takes a backup of the database open on `sqlite` into `folder` (created if need be), as
 * `portico-YYYYMMDD-HHMMSS.sqlite3` (UTC).
 *
 * `VACUUM INTO` writes a compact, consistent snapshot of what is committed to a hidden `.partial`
 * file; it is flushed to disk and passes `quick_check` before an atomic rename gives it its final
 * name. So a crash or power cut at any moment leaves either a complete, checked backup or a
 * `.partial` file, never a half-written file under a backup's name. Leftover partial files are
 * removed by the next backup; backups beyond the newest `BACKUPS_KEPT` are deleted.
 *
 * Every backup gets a manifest beside it (`<name>.manifest.json`), written before the backup takes
 * its name, recording the practice and the audit chain's head in the copy: a record, outside the
 * live database, of how far the trail went at that moment.
 *
 * Runs on the caller's connection, checking the copy by attaching it (so it needs no second
 * native binding), and blocks it while it copies: tens of milliseconds for a practice's database.
 */
export async function createBackup(source: DatabaseStore | SqliteDatabase.Database, folder: string, now = new Date()): Promise<BackupInfo> {
  const sqlite = 'engine' in source ? sqliteHandle(source) : source
  mkdirSync(folder, { recursive: true })
  removeStalePartials(folder)
  await untilNoTransaction(sqlite)
  const name = freeBackupName(folder, now)
  const partial = join(folder, `.${name}.${randomBytes(4).toString('hex')}.partial`)
  try {
    sqlite.prepare('VACUUM INTO ?').run(partial)
    fsyncFile(partial)
    const check = inspectAttached(sqlite, partial)
    if (!check.ok) throw new Error(`The backup just written failed its check, so it was not kept. ${check.reason}`)
    const auditHead = headOfCopy(sqlite, partial, now)
    writeManifest(join(folder, name), { format: 'portico-backup-manifest', version: 1, backup: name, takenAt: now.toISOString(), practiceId: auditHead.practiceId, auditHead })
    try {
      renameSync(partial, join(folder, name))
    } catch (error) {
      rmSync(manifestPathOf(join(folder, name)), { force: true })
      throw error
    }
  } finally {
    rmSync(partial, { force: true })
  }
  fsyncFolder(folder)
  rotate(folder, name)
  const info = listBackups(folder).find((b) => b.name === name)
  if (!info) throw new Error(`The backup ${name} disappeared as soon as it was written.`)
  return info
}

/** The audit head of a copy, read by attaching it for a moment (the caller's connection, no transaction open). */
function headOfCopy(sqlite: SqliteDatabase.Database, path: string, at: Date) {
  sqlite.prepare('attach database ? as portico_backup_head').run(path)
  try {
    return auditHeadOf(sqlite, 'portico_backup_head', at)
  } finally {
    sqlite.prepare('detach database portico_backup_head').run()
  }
}

/** True when there is no backup yet, or the newest is a day old (or dated ahead of the clock). */
export function shouldTakeDailyBackup(folder: string, now = new Date()): boolean {
  const newest = listBackups(folder, now)[0]
  if (!newest) return true
  const age = now.getTime() - Date.parse(newest.takenAt)
  return age >= DAY_MS || age < -DAY_MS
}

/** Where backups go when the admin hasn't chosen a folder: `backups/` beside the database. */
export function defaultBackupFolder(dbPath: string): string {
  return join(dirname(dbPath), 'backups')
}

/**
 * The backup folder an older Portico kept in the shared settings table, read straight from it (so
 * it also works before migrations run). A desk now keeps its folder in its own config; this is for
 * a desk that has not carried it over yet, and for the CLIs.
 */
function chosenBackupFolder(sqlite: SqliteDatabase.Database): string | null {
  try {
    const row = sqlite.prepare(`select value from settings where key = 'backup.folder'`).get() as { value: string } | undefined
    return row?.value || null
  } catch {
    return null
  }
}

/**
 * The backup taken before a schema upgrade, into the chosen folder — or, if that folder is gone
 * (an unplugged drive), into the default one, so an upgrade never runs without its backup.
 * `chosenFolder`: the desk's own choice ('' or null for the default); when not given, the folder
 * an older Portico kept in the database's settings.
 */
export async function backupBeforeMigration(source: DatabaseStore | SqliteDatabase.Database, dbPath: string, now = new Date(), chosenFolder?: string | null): Promise<BackupInfo> {
  const sqlite = 'engine' in source ? sqliteHandle(source) : source
  const fallback = defaultBackupFolder(dbPath)
  const chosen = (chosenFolder === undefined ? chosenBackupFolder(sqlite) : chosenFolder || null) ?? fallback
  try {
    return await createBackup(sqlite, chosen, now)
  } catch (error) {
    if (chosen === fallback) throw error
    return createBackup(sqlite, fallback, now)
  }
}
