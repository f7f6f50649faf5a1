import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { BACKUPS_KEPT, createBackup, inspectBackup, listBackups, shouldTakeDailyBackup } from '../../db/backup'
import { openDatabase } from '../../db/connection'
import { insertClient } from '../../db/repositories/clients.repository'
import { practiceWithClients } from '../support/backup-practice'
import { tempDir } from '../support/temp-db'
import { sqliteHandle } from '../../db/dialect/store'

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

/** A practice with `clients` clients, open, and an empty place for its backups. */
async function practice(clients = 25) {
  const t = tempDir()
  cleanups.push(t.cleanup)
  const path = join(t.dir, 'portico.sqlite3')
  await practiceWithClients(path, clients)
  const opened = await openDatabase(path)
  cleanups.unshift(() => sqliteHandle(opened.store).close())
  return { ...opened, sqlite: sqliteHandle(opened.store), path, folder: join(t.dir, 'Backups') }
}

const day = (n: number) => new Date(Date.UTC(2026, 2, 1 + n, 14, 30, 0))

describe('taking backups', () => {
  test('a backup is a checked copy under a dated name, and nothing else is left behind', async () => {
    const { sqlite, folder } = await practice(25)
    const backup = await createBackup(sqlite, folder, new Date('2026-03-05T14:30:07.250Z'))
    expect(backup).toMatchObject({ name: 'portico-20260305-143007.sqlite3', takenAt: '2026-03-05T14:30:07.000Z' })
    expect(backup.path).toBe(join(folder, backup.name))
    expect(backup.sizeBytes).toBeGreaterThan(0)
    expect(readdirSync(folder).sort()).toEqual([backup.name, `${backup.name}.manifest.json`])
    expect(await inspectBackup(backup.path)).toMatchObject({ ok: true, clients: 25, takenAt: backup.takenAt })
    expect(listBackups(folder)).toEqual([backup])
  })

  test('two backups in the same second get different names; the list is newest first', async () => {
    const { sqlite, folder } = await practice()
    const first = await createBackup(sqlite, folder, day(0))
    const second = await createBackup(sqlite, folder, day(0))
    const third = await createBackup(sqlite, folder, day(0))
    expect([first.name, second.name, third.name]).toEqual([
      'portico-20260301-143000.sqlite3',
      'portico-20260301-143000-2.sqlite3',
      'portico-20260301-143000-3.sqlite3',
    ])
    expect(listBackups(folder).map((b) => b.name)).toEqual([third.name, second.name, first.name])
  })

  test(`fifteen daily backups keep the newest ${BACKUPS_KEPT}`, async () => {
    const { sqlite, folder } = await practice()
    for (let n = 0; n < 15; n++) await createBackup(sqlite, folder, day(n))
    const kept = listBackups(folder)
    expect(kept).toHaveLength(BACKUPS_KEPT)
    expect(kept[0]?.takenAt).toBe(day(14).toISOString())
    expect(kept.at(-1)?.takenAt).toBe(day(1).toISOString())
    expect(readdirSync(folder).sort()).toEqual(kept.flatMap((b) => [b.name, `${b.name}.manifest.json`]).sort())
  })

  test('the backup just taken is kept even when the clock has gone back behind older ones', async () => {
    const { sqlite, folder } = await practice()
    for (let n = 10; n < 10 + BACKUPS_KEPT; n++) await createBackup(sqlite, folder, day(n))
    const taken = await createBackup(sqlite, folder, day(0))
    expect(existsSync(taken.path)).toBe(true)
  })

  test('a backup waits for a change being saved and includes it', async () => {
    const { db, sqlite, folder } = await practice(3)
    let release = () => {}
    const saving = db.transaction().execute(async (trx) => {
      await insertClient(trx, { firstName: 'Mid', lastName: 'Save', preferredName: null, dateOfBirth: '1990-01-01', email: null, phone: null }, day(0).toISOString())
      await new Promise<void>((resolve) => (release = resolve))
    })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(sqlite.inTransaction).toBe(true)
    const backup = createBackup(sqlite, folder, day(0))
    setTimeout(() => release(), 50)
    await saving
    expect(await inspectBackup((await backup).path)).toMatchObject({ ok: true, clients: 4 })
  })

  test('partial files older than a minute are removed by the next backup; newer ones are left', async () => {
    const { sqlite, folder } = await practice()
    await createBackup(sqlite, folder, day(0))
    const old = join(folder, '.portico-20260301-143000.sqlite3.dead.partial')
    const recent = join(folder, '.portico-20260301-143000.sqlite3.busy.partial')
    writeFileSync(old, 'cut short')
    writeFileSync(recent, 'in progress elsewhere')
    const twoMinutesAgo = new Date(Date.now() - 120_000)
    utimesSync(old, twoMinutesAgo, twoMinutesAgo)
    await createBackup(sqlite, folder, day(1))
    expect(existsSync(old)).toBe(false)
    expect(existsSync(recent)).toBe(true)
    expect(listBackups(folder)).toHaveLength(2)
  })

  test('listing ignores other files, and a folder that does not exist holds no backups', async () => {
    const { folder, sqlite } = await practice()
    expect(listBackups(folder)).toEqual([])
    await createBackup(sqlite, folder, day(0))
    writeFileSync(join(folder, 'portico-notes.txt'), 'x')
    writeFileSync(join(folder, 'portico-20260301-1430.sqlite3'), 'x')
    expect(listBackups(folder).map((b) => b.name)).toEqual(['portico-20260301-143000.sqlite3'])
  })
})

describe('whether a daily backup is due', () => {
  test('due with no backup, not within a day of the last one, due again after a day', async () => {
    const { sqlite, folder } = await practice()
    expect(shouldTakeDailyBackup(folder, day(0))).toBe(true)
    await createBackup(sqlite, folder, day(0))
    expect(shouldTakeDailyBackup(folder, new Date(day(1).getTime() - 1000))).toBe(false)
    expect(shouldTakeDailyBackup(folder, day(1))).toBe(true)
  })

  test('due when the newest backup is dated more than a day ahead of the clock', async () => {
    const { sqlite, folder } = await practice()
    await createBackup(sqlite, folder, day(30))
    expect(shouldTakeDailyBackup(folder, day(0))).toBe(true)
    expect(shouldTakeDailyBackup(folder, day(29))).toBe(false)
  })
})
