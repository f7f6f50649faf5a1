import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync, closeSync, utimesSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { createBackup, defaultBackupFolder, shouldTakeDailyBackup } from '../../db/backup'
import { listBackups } from '../../db/backup/files'
import { DatabaseDamagedError, DatabaseUnreadableError, openDatabase } from '../../db/connection'
import { practiceWithClients } from '../support/backup-practice'
import { tempDir } from '../support/temp-db'

/**
 * Issue 12, "Never a new practice by mistake": a file that would pass for a new practice (empty,
 * zeroed at its start, holding no tables or someone else's) while the practice's backups exist is
 * damage, never a fresh start over them. Each state is made for real on a real file.
 */
describe('a practice file that looks new beside its backups', () => {
  let dir: ReturnType<typeof tempDir>
  afterEach(() => dir.cleanup())

  /** A practice of 30 clients with one backup in `backups/` beside it (or in `folder`). */
  async function practiceWithBackup(folder?: string) {
    dir = tempDir()
    const path = join(dir.dir, 'portico.sqlite3')
    await practiceWithClients(path, 30)
    const sqlite = new SqliteDatabase(path)
    const backup = await createBackup(sqlite, folder ?? defaultBackupFolder(path))
    sqlite.close()
    return { path, backup }
  }
  const gone = (path: string) => {
    for (const end of ['', '-wal', '-shm']) rmSync(`${path}${end}`, { force: true })
  }
  const fingerprint = (path: string) => (existsSync(path) ? readFileSync(path).toString('base64') : null)

  const states: [string, (path: string) => void, RegExp][] = [
    ['an empty (0-byte) file', (path) => (gone(path), writeFileSync(path, '')), /empty \(0 bytes\)/],
    [
      'a file whose first 4 KiB were zeroed',
      (path) => {
        const fd = openSync(path, 'r+')
        writeSync(fd, Buffer.alloc(4096), 0, 4096, 0)
        closeSync(fd)
        rmSync(`${path}-wal`, { force: true })
      },
      /does not begin as a SQLite database does/,
    ],
    [
      'a SQLite file with no tables (the main file left after a lost -wal)',
      (path) => {
        gone(path)
        const s = new SqliteDatabase(path)
        s.pragma('journal_mode = WAL')
        s.pragma('user_version = 0')
        s.exec('create table t (x); drop table t')
        s.close()
      },
      /holds no tables/,
    ],
    [
      'a SQLite file holding another program’s tables',
      (path) => {
        gone(path)
        const s = new SqliteDatabase(path)
        s.exec('create table notes (body text)')
        s.close()
      },
      /holds tables, but not Portico's \(notes\)/,
    ],
  ]

  test.each(states)('%s is refused as damaged, naming the backup, and left exactly as it was', async (_name, make, said) => {
    const { path, backup } = await practiceWithBackup()
    make(path)
    const before = fingerprint(path)
    const refused = await openDatabase(path).then(
      () => null,
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(DatabaseDamagedError)
    const problems = (refused as DatabaseDamagedError).problems.join('\n')
    expect(problems).toMatch(said)
    expect(problems).toContain(backup.path)
    expect(problems).toMatch(/does not start a new practice/)
    expect(fingerprint(path)).toBe(before)
  })

  test('backups in the desk’s chosen folder count as well', async () => {
    const elsewhere = tempDir()
    try {
      const chosen = join(elsewhere.dir, 'chosen-backups')
      const { path } = await practiceWithBackup(chosen)
      gone(path)
      writeFileSync(path, '')
      // Not beside the file: a start that didn't know the chosen folder would take it for new.
      expect(listBackups(defaultBackupFolder(path))).toEqual([])
      await expect(openDatabase(path, { backupFolders: [chosen] })).rejects.toBeInstanceOf(DatabaseDamagedError)
      expect(statSync(path).size).toBe(0)
    } finally {
      elsewhere.cleanup()
    }
  })

  test('without backups, an empty or table-less file is a new practice, and another program’s file is refused unchanged', async () => {
    dir = tempDir()
    const empty = join(dir.dir, 'empty.sqlite3')
    writeFileSync(empty, '')
    const opened = await openDatabase(empty)
    expect(opened.created).toBe(true)
    await opened.db.destroy()

    const foreign = join(dir.dir, 'notes.sqlite3')
    const s = new SqliteDatabase(foreign)
    s.exec("create table notes (body text); insert into notes values ('keep me')")
    s.close()
    const before = fingerprint(foreign)
    await expect(openDatabase(foreign)).rejects.toBeInstanceOf(DatabaseUnreadableError)
    expect(fingerprint(foreign)).toBe(before)
  })

  test('the browser host refuses to start over the backups and prints what it found', async () => {
    const { path } = await practiceWithBackup()
    gone(path)
    writeFileSync(path, '')
    const cli = await promisify(execFile)(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'build/web-host/index.ts', '--port', '0', '--db', path], { cwd: resolve('.') }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    )
    expect(cli.code).toBe(1)
    expect(cli.stderr).toMatch(/damaged, so Portico has not opened it/)
    expect(cli.stderr).toMatch(/found: The database file is empty \(0 bytes\), yet 1 backup of this practice exist/)
    expect(statSync(path).size).toBe(0)
  }, 60_000)
})

describe('backups dated in the future (a clock that jumped)', () => {
  test('never count as the newest, and are the first a rotation deletes', () => {
    const dir = tempDir()
    try {
      const folder = join(dir.dir, 'backups')
      mkdirSync(folder)
      const now = new Date('2026-12-05T12:00:00Z')
      for (const name of ['portico-20261204-120000.sqlite3', 'portico-20261205-110000.sqlite3', 'portico-20301231-235959.sqlite3']) {
        writeFileSync(join(folder, name), 'x')
        utimesSync(join(folder, name), now, now)
      }
      expect(listBackups(folder, now).map((b) => b.name)).toEqual(['portico-20261205-110000.sqlite3', 'portico-20261204-120000.sqlite3', 'portico-20301231-235959.sqlite3'])
      // The newest real backup is an hour old: no daily backup is due, whatever the 2030 one says.
      expect(shouldTakeDailyBackup(folder, now)).toBe(false)
    } finally {
      dir.cleanup()
    }
  })
})

describe('the start-up check sees what it claims to see', () => {
  test('a client row whose status breaks its CHECK constraint is found at start, and the file is not opened for changes', async () => {
    const dir = tempDir()
    try {
      const path = join(dir.dir, 'portico.sqlite3')
      await practiceWithClients(path, 10)
      // Garbled as a stray write would leave it: SQLite told not to check, once.
      const garble = new SqliteDatabase(path)
      garble.pragma('ignore_check_constraints = 1')
      garble.prepare(`update clients set status = 'bogus' where id = 3`).run()
      garble.close()
      const refused = await openDatabase(path).catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(DatabaseDamagedError)
      expect((refused as DatabaseDamagedError).problems.join('\n')).toMatch(/CHECK constraint failed in clients/)
    } finally {
      dir.cleanup()
    }
  })
})
