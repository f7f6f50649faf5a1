import { closeSync, fsyncSync, openSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** One backup file in the backups folder. */
export interface BackupInfo {
  /** The file name, e.g. `portico-20260305-143000.sqlite3`. */
  name: string
  path: string
  /** When it was taken (ISO-8601 UTC), read from its name. */
  takenAt: string
  sizeBytes: number
}

/**
 * Final backup names. The time is UTC, so names sort in the order they were taken and a clock
 * change for daylight saving never repeats one; `-n` tells apart backups taken in the same second.
 */
const FINAL_NAME = /^portico-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d+))?\.sqlite3$/
/** Work in progress (ours and SQLite's journals beside it): never mistaken for a backup. */
export const PARTIAL_NAME = /^\.portico-.*\.partial(?:-journal|-wal|-shm)?$/

/** `YYYYMMDD-HHMMSS` in UTC. */
export function stamp(at: Date): string {
  return at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')
}

/** The time a final backup name records, or null when the name is not one. */
export function parseBackupName(name: string): { takenAt: string; sequence: number } | null {
  const m = FINAL_NAME.exec(name)
  if (!m) return null
  const [, y, mo, d, h, mi, s, n] = m
  return { takenAt: `${y}-${mo}-${d}T${h}:${mi}:${s}.000Z`, sequence: n ? Number(n) : 1 }
}

/** A name for a backup taken at `at` that no file in the folder has yet. */
export function freeBackupName(folder: string, at: Date): string {
  const taken = new Set(readdirSync(folder))
  const base = `portico-${stamp(at)}`
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${base}.sqlite3` : `${base}-${n}.sqlite3`
    if (!taken.has(name)) return name
  }
}

/** How far ahead of the clock a backup's time may be before it counts as dated in the future. */
const AHEAD_TOLERANCE_MS = 60_000

/**
 * Newest first, by the time in their names; but a backup dated in the future (taken while the
 * clock was wrong) is never the newest: it goes after every other, so it is the first a rotation
 * deletes rather than a slot held forever.
 */
export function newestFirst(now: Date): (a: { takenAt: string; sequence?: number }, b: { takenAt: string; sequence?: number }) => number {
  const ahead = (b: { takenAt: string }) => Date.parse(b.takenAt) > now.getTime() + AHEAD_TOLERANCE_MS
  return (a, b) => Number(ahead(a)) - Number(ahead(b)) || b.takenAt.localeCompare(a.takenAt) || (b.sequence ?? 1) - (a.sequence ?? 1)
}

/** Final-named files only, newest first (see `newestFirst`). A folder that doesn't exist holds no backups. */
export function listBackups(folder: string, now = new Date()): BackupInfo[] {
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch {
    return []
  }
  const found: (BackupInfo & { sequence: number })[] = []
  for (const name of names) {
    const parsed = parseBackupName(name)
    if (!parsed) continue
    const path = join(folder, name)
    try {
      found.push({ name, path, takenAt: parsed.takenAt, sizeBytes: statSync(path).size, sequence: parsed.sequence })
    } catch {
      // Deleted by a rotation running elsewhere since readdir: not a backup any more.
    }
  }
  found.sort(newestFirst(now))
  return found.map(({ sequence: _sequence, ...info }) => info)
}

/** Flushes a file's bytes to the disk. */
export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Makes a rename durable. Windows cannot open a folder for this; NTFS journals renames itself. */
export function fsyncFolder(folder: string): void {
  let fd: number | undefined
  try {
    fd = openSync(folder, 'r')
    fsyncSync(fd)
  } catch {
    // Not supported here (Windows, some network and FAT drives): the rename stands as it is.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
