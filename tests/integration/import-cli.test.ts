import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import SqliteDatabase from 'better-sqlite3'
import { appliedMigrations, createKysely, migrateTo } from '../../db/connection'
import { migrations } from '../../db/migrations'
import { verifyChainAt } from '../support/audit-chain'
import { tempDatabase, tempDir } from '../support/temp-db'
import { sqliteHandle } from '../../db/dialect/store'

const ROOT = resolve(__dirname, '../..')
const FIXTURES = join(ROOT, 'tests/fixtures/import')

/** `npm run import -- …` as staff run it, without npm in between. */
function runImport(...args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'db/import-cli.ts'), ...args], { encoding: 'utf8', cwd: ROOT })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})
async function database() {
  const t = await tempDatabase()
  cleanups.push(() => t.close())
  const count = (table: 'clients' | 'audit_events') => sqliteHandle(t.store).prepare(`select count(*) from ${table}`).pluck().get()
  return { ...t, count }
}

describe('npm run import', () => {
  test('imports a good file and ends with a summary of rows, time and speed', async () => {
    const t = await database()
    const run = runImport('--db', t.path, join(FIXTURES, 'good.csv'))
    expect(run.stderr).toBe('')
    expect(run.stdout).toMatch(/^Imported 5 clients in \d+\.\d+ s \([\d,]+ rows\/s\): checked in \d+\.\d+ s, written in \d+\.\d+ s\.\n$/)
    expect(run.code).toBe(0)
    expect(t.count('clients')).toBe(5)
    expect((await verifyChainAt(t.path)).ok).toBe(true)
  })

  test('a database from an older Portico is backed up, updated, then imported into, as the desk would', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const path = join(dir, 'portico.sqlite3')
    const older = createKysely(new SqliteDatabase(path))
    await migrateTo(older, '0001_initial')
    await older.destroy()

    const run = runImport('--db', path, join(FIXTURES, 'good.csv'))
    expect(run.code).toBe(0)
    expect(readdirSync(join(dir, 'backups')).filter((n) => n.endsWith('.sqlite3'))).toHaveLength(1)
    const sqlite = new SqliteDatabase(path, { readonly: true })
    expect(appliedMigrations(sqlite)).toEqual(Object.keys(migrations))
    expect(sqlite.prepare('select count(*) from clients').pluck().get()).toBe(5)
    sqlite.close()
  })

  test('a file with bad rows imports nothing, lists each by line and field, and exits with 1', async () => {
    const t = await database()
    const audit = t.count('audit_events')
    const run = runImport('--db', t.path, join(FIXTURES, 'bad.csv'))
    expect(run.code).toBe(1)
    expect(run.stderr.split('\n').slice(0, 3)).toEqual([
      'Nothing was imported: 7 rows have problems. Fix the file and run the import again.',
      'line 3: Preferred name — runs over more than one line. Each detail must be on one line: remove the line break.',
      'line 5: Email — Enter an email address like name@example.com, or leave it empty.',
    ])
    expect(t.count('clients')).toBe(0)
    expect(t.count('audit_events')).toBe(audit)
  })

  test('past 100 problems, the rest are counted', async () => {
    const t = await database()
    const { dir, cleanup } = tempDir('portico-import-')
    cleanups.push(cleanup)
    const path = join(dir, 'many-bad.csv')
    writeFileSync(path, `first_name,last_name,date_of_birth\n${'Ava,Nguyen,someday\n'.repeat(130)}`)
    const run = runImport('--db', t.path, path)
    expect(run.code).toBe(1)
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(102)
    expect(lines.at(-2)).toBe('line 101: Date of birth — Enter the date of birth as a real date, for example 1984-03-27.')
    expect(lines.at(-1)).toBe('… and 30 more.')
  })

  test('unknown columns are refused with the list of known ones', async () => {
    const t = await database()
    const run = runImport('--db', t.path, join(FIXTURES, 'unknown-columns.csv'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Unknown columns “E-mail”, “Notes”. The columns Portico knows are first_name, last_name')
  })

  test('a missing database is refused, not created', () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const path = join(dir, 'missing.sqlite3')
    const run = runImport('--db', path, join(FIXTURES, 'good.csv'))
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`There is no database at ${path}.`)
    expect(existsSync(path)).toBe(false)
  })

  test('a file that is not a Portico database is refused and left as it was', () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const path = join(dir, 'notes.sqlite3')
    writeFileSync(path, '')
    const run = runImport('--db', path, join(FIXTURES, 'good.csv'))
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('is not a Portico database. It has not been changed.')
    expect(readFileSync(path)).toHaveLength(0)
  })

  test('without --db or a file, it says how to run it', () => {
    expect(runImport(join(FIXTURES, 'good.csv'))).toMatchObject({ code: 2, stderr: 'Usage: npm run import -- --db /path/to/portico.sqlite3|postgres://USER:PASSWORD@HOST:PORT/DATABASE [--key FILE] clients.csv\n' })
  })
})
