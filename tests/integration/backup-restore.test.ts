import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { createBackup, inspectBackup, restoreBackup } from '../../db/backup'
import { createKysely, migrateTo, openDatabase } from '../../db/connection'
import { migrations } from '../../db/migrations'
import { practiceWithClients } from '../support/backup-practice'
import { readDatabase } from '../support/database'
import { tempDir } from '../support/temp-db'
import { sqliteHandle } from '../../db/dialect/store'
import { openSqliteFile } from '../support/database'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))
function folder() {
  const t = tempDir()
  cleanups.push(t.cleanup)
  return t.dir
}

const TAKEN = new Date('2026-03-05T14:30:00.000Z')
const RESTORED_AT = new Date('2026-03-09T08:05:00.000Z')
const countClients = (path: string) => readDatabase(path, (db) => db.prepare('select count(*) from clients').pluck().get())

/** A practice of `clients` clients with one backup, then more clients added after it. */
async function practiceWithBackup(dir: string, clients: number, addedLater: number) {
  const path = join(dir, 'portico.sqlite3')
  await practiceWithClients(path, clients)
  const { db, sqlite } = await openSqliteFile(path)
  const backup = await createBackup(sqlite, join(dir, 'Backups'), TAKEN)
  const add = sqlite.prepare(`insert into clients (first_name, last_name, date_of_birth, status, created_at, updated_at) values ('Later', ?, '1990-01-01', 'active', 'x', 'x')`)
  for (let i = 0; i < addedLater; i++) add.run(`Client${i}`)
  await db.destroy()
  return { path, backup }
}

describe('inspecting a backup', () => {
  test('a file that is not a database is refused', async () => {
    const path = join(folder(), 'portico-20260305-143000.sqlite3')
    writeFileSync(path, 'Dear diary, today I backed up nothing. '.repeat(300))
    expect(await inspectBackup(path)).toEqual({ ok: false, reason: expect.stringMatching(/not a database/) })
  })

  test('a truncated backup is refused', async () => {
    const dir = folder()
    const { backup } = await practiceWithBackup(dir, 2000, 0)
    const truncated = join(dir, 'portico-20260305-150000.sqlite3')
    const bytes = readFileSync(backup.path)
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)))
    expect(await inspectBackup(truncated)).toEqual({ ok: false, reason: expect.stringMatching(/damaged/) })
  })

  test('a database that is not Portico’s, and a backup from a newer Portico, are refused', async () => {
    const dir = folder()
    const other = join(dir, 'other.sqlite3')
    const db = new SqliteDatabase(other)
    db.exec('create table recipes (id integer primary key, name text)')
    db.close()
    expect(await inspectBackup(other)).toEqual({ ok: false, reason: expect.stringMatching(/not a Portico backup/) })

    const { backup } = await practiceWithBackup(dir, 3, 0)
    const writer = new SqliteDatabase(backup.path)
    writer.prepare(`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', 'x')`).run()
    writer.close()
    expect(await inspectBackup(backup.path)).toEqual({ ok: false, reason: expect.stringMatching(/newer version of Portico/) })
  })

  test('a good backup reports when it was taken, its clients and its schema version', async () => {
    const { backup } = await practiceWithBackup(folder(), 12, 0)
    expect(await inspectBackup(backup.path)).toEqual({ ok: true, takenAt: TAKEN.toISOString(), clients: 12, schema: Object.keys(migrations).sort() })
  })
})

describe('restoring a backup', () => {
  test('the current database is kept aside and the backup’s clients are back', async () => {
    const dir = folder()
    const { path, backup } = await practiceWithBackup(dir, 40, 7)
    expect(countClients(path)).toBe(47)

    const result = await restoreBackup({ currentPath: path, backupPath: backup.path, now: RESTORED_AT })
    expect(result).toEqual({ keptAsidePath: `${path}.before-restore-20260309-080500`, clients: 40, takenAt: TAKEN.toISOString() })
    expect(countClients(result.keptAsidePath as string)).toBe(47)
    expect(countClients(path)).toBe(40)
    expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([])

    const { db, sqlite } = await openSqliteFile(path)
    expect(sqlite.prepare('select count(*) from clients').pluck().get()).toBe(40)
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    await db.destroy()
  })

  test('changes still in the WAL go aside with the database, never onto the restored one', async () => {
    const dir = folder()
    const { path, backup } = await practiceWithBackup(dir, 10, 0)
    // A crash image: the database and a WAL holding a commit the file itself doesn't have yet.
    const live = join(dir, 'live.sqlite3')
    copyFileSync(path, live)
    const writer = new SqliteDatabase(live)
    writer.pragma('journal_mode = WAL')
    writer.pragma('wal_autocheckpoint = 0')
    writer.prepare(`insert into clients (first_name, last_name, date_of_birth, status, created_at, updated_at) values ('Only', 'InWal', '1990-01-01', 'active', 'x', 'x')`).run()
    copyFileSync(live, path)
    copyFileSync(`${live}-wal`, `${path}-wal`)
    writer.close()

    const result = await restoreBackup({ currentPath: path, backupPath: backup.path, now: RESTORED_AT })
    expect(existsSync(`${path}-wal`)).toBe(false)
    expect(countClients(path)).toBe(10)
    expect(countClients(result.keptAsidePath as string)).toBe(11)
  })

  test('a damaged backup is refused and nothing is changed', async () => {
    const dir = folder()
    const { path } = await practiceWithBackup(dir, 5, 1)
    const bad = join(dir, 'Backups', 'portico-20260306-000000.sqlite3')
    writeFileSync(bad, 'not a backup at all'.repeat(100))
    const before = readFileSync(path)
    await expect(restoreBackup({ currentPath: path, backupPath: bad, now: RESTORED_AT })).rejects.toThrow(/cannot be restored.*not a database.*Nothing was changed/)
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(readdirSync(dir).sort()).toEqual(['Backups', 'portico.sqlite3'])
  })

  test('a restore is refused while the database is still open', async () => {
    const dir = folder()
    const { path, backup } = await practiceWithBackup(dir, 5, 1)
    const { db } = await openDatabase(path)
    await expect(restoreBackup({ currentPath: path, backupPath: backup.path, now: RESTORED_AT })).rejects.toThrow(/still open.*Nothing was changed/)
    await db.destroy()
    expect(countClients(path)).toBe(6)
  })

  test('with no current database, the backup simply becomes it', async () => {
    const dir = folder()
    const { backup } = await practiceWithBackup(dir, 5, 0)
    const elsewhere = join(dir, 'new-desk', 'portico.sqlite3')
    mkdirSync(join(dir, 'new-desk'))
    expect(await restoreBackup({ currentPath: elsewhere, backupPath: backup.path, now: RESTORED_AT })).toMatchObject({ keptAsidePath: null, clients: 5 })
    expect(countClients(elsewhere)).toBe(5)
  })

  test('a backup from an older Portico is restored, then brought up to date when opened', async () => {
    const names = Object.keys(migrations).sort()
    const dir = folder()
    const old = join(dir, 'Backups', 'portico-20250101-090000.sqlite3')
    mkdirSync(join(dir, 'Backups'))
    const sqlite = new SqliteDatabase(old)
    const db = createKysely(sqlite)
    await migrateTo(db, names[0] as string)
    sqlite.prepare(`insert into clients (first_name, last_name, date_of_birth, status, created_at, updated_at) values ('Old', 'Timer', '1950-01-01', 'active', 'x', 'x')`).run()
    await db.destroy()
    const path = join(dir, 'portico.sqlite3')
    await practiceWithClients(path, 3)

    expect(await restoreBackup({ currentPath: path, backupPath: old, now: RESTORED_AT })).toMatchObject({ clients: 1, takenAt: '2025-01-01T09:00:00.000Z' })
    const reopened = await openDatabase(path)
    expect(sqliteHandle(reopened.store).prepare('select name from kysely_migration order by name').pluck().all()).toEqual(names)
    expect(sqliteHandle(reopened.store).prepare('select last_name from clients').pluck().all()).toEqual(['Timer'])
    await reopened.db.destroy()
  })
})
