import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, expect, test } from 'vitest'
import { BACKUPS_KEPT, inspectBackup } from '../../db/backup'
import { practiceWithClients } from '../support/backup-practice'
import { crashSeed, runThenKill, seededRandom } from '../support/crash-harness'
import { readDatabase } from '../support/database'
import { tempDir } from '../support/temp-db'

const ITERATIONS = 12
const CLIENTS = 20_000
/** The contract, written out again here rather than imported: a backup's name, and work in progress. */
const BACKUP_NAME = /^portico-\d{8}-\d{6}(-\d+)?\.sqlite3$/
const PARTIAL_NAME = /^\.portico-.*\.partial(-journal)?$/
/** Each backup's manifest, written just before the backup takes its name. */
const MANIFEST_NAME = /^portico-\d{8}-\d{6}(-\d+)?\.sqlite3\.manifest\.json$/

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

function quickCheck(path: string): string {
  const reader = new SqliteDatabase(path, { readonly: true, fileMustExist: true })
  try {
    return reader.pragma('quick_check', { simple: true }) as string
  } finally {
    reader.close()
  }
}

test(`backups killed at ${ITERATIONS} random moments leave only complete backups under backup names`, async () => {
  const { dir, cleanup } = tempDir()
  cleanups.push(cleanup)
  const path = join(dir, 'portico.sqlite3')
  const folder = join(dir, 'backups')
  await practiceWithClients(path, CLIENTS)
  const seed = crashSeed()
  const random = seededRandom(seed)
  const began = performance.now()
  const timings: number[] = []
  let size = 0
  let checked = 0

  for (let i = 0; i < ITERATIONS; i++) {
    const run = await runThenKill('backup-loop.ts', [path, folder], random(20, 400))
    for (const line of run.lines.filter((l) => l.startsWith('backup '))) {
      const [, , bytes, ms] = line.split(' ')
      size = Number(bytes)
      timings.push(Number(ms))
    }
    const context = `iteration ${i}, seed ${seed}, killed after ${Math.round(run.ranMs)} ms`
    const names = readdirSync(folder)
    expect(names.filter((n) => !BACKUP_NAME.test(n) && !PARTIAL_NAME.test(n) && !MANIFEST_NAME.test(n)), context).toEqual([])
    const finals = names.filter((n) => BACKUP_NAME.test(n))
    // Never a backup without its manifest (a manifest without its backup is removed by the next one).
    expect(finals.filter((n) => !names.includes(`${n}.manifest.json`)), context).toEqual([])
    // A kill between the rename and the rotation may leave one extra until the next backup.
    expect(finals.length, context).toBeLessThanOrEqual(BACKUPS_KEPT + 1)
    for (const name of finals) {
      expect(quickCheck(join(folder, name)), `${name}, ${context}`).toBe('ok')
      const inspection = await inspectBackup(join(folder, name))
      expect(inspection, `${name}, ${context}`).toMatchObject({ ok: true, clients: CLIENTS })
      checked++
    }
    expect(readDatabase(path, (db) => db.pragma('quick_check', { simple: true })), context).toBe('ok')
  }

  const names = readdirSync(folder)
  const partials = names.filter((n) => PARTIAL_NAME.test(n))
  const average = timings.reduce((a, b) => a + b, 0) / Math.max(1, timings.length)
  console.log(
    `backup-crash: ${ITERATIONS} kills (seed ${seed}) in ${Math.round(performance.now() - began)} ms; ` +
      `${timings.length} backups completed, ${Math.round(average)} ms each on average, ${(size / 1e6).toFixed(1)} MB each ` +
      `(database ${(statSync(path).size / 1e6).toFixed(1)} MB, ${CLIENTS} clients); ${checked} backup files checked; ` +
      `${names.filter((n) => BACKUP_NAME.test(n)).length} backups and ${partials.length} partial files left`,
  )
}, 60_000)
