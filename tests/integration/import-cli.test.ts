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
    expect(run.stdout).toMatch(/^1 phone number couldn’t be read as a real number and was kept as the file has it \(.+\)\.\nImported 5 clients in \d+\.\d+ s \([\d,]+ rows\/s\): checked in \d+\.\d+ s, written in \d+\.\d+ s\.\n$/)
    expect(run.code).toBe(0)
    expect(t.count('clients')).toBe(5)
    expect((await verifyChainAt(t.path)).ok).toBe(true)
  })

  test('the realistic export from the issue imports as it is: BOM, CRLF, US dates, quoted commas, its own header spellings', { timeout: 60_000 }, async () => {
    const t = await database()
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const file = join(dir, 'clients-export.csv')
    const rows = [
      '"First Name","Last Name","Date of Birth","Email","Mobile Phone"',
      '"Zoë","O\'Brien","03/14/1985","zoe@example.com","(555) 010-2030"',
      '"Thị Lan","Nguyễn","12/01/1990","","555-010-4050"',
      '"小龙","李","07/04/2001","li@example.com",""',
      '"Ava, Jo","Rivera","1/2/1970","",""',
    ]
    writeFileSync(file, `\uFEFF${rows.join('\r\n')}\r\n`)
    const run = runImport('--db', t.path, file)
    expect(run.stderr).toBe('')
    expect(run.stdout).toMatch(/^Imported 4 clients in /)
    expect(run.code).toBe(0)
    const saved = sqliteHandle(t.store).prepare('select first_name, last_name, date_of_birth, email from clients order by id').raw().all()
    expect(saved).toEqual([
      ['Zoë', "O'Brien", '1985-03-14', 'zoe@example.com'],
      ['Thị Lan', 'Nguyễn', '1990-12-01', null],
      ['小龙', '李', '2001-07-04', 'li@example.com'],
      ['Ava, Jo', 'Rivera', '1970-01-02', null],
    ])
    expect((await verifyChainAt(t.path)).ok).toBe(true)

    const again = runImport('--db', t.path, '--skip-duplicates', file)
    expect(again.stdout).toMatch(/^4 likely duplicates \(same name and date of birth as a client already here, or as an earlier row\) skipped\.\nImported 0 clients in /)
    expect(t.count('clients')).toBe(4)
  })

  test('a file whose dates read both month first and day first is refused, saying which --date-format to pass', { timeout: 60_000 }, async () => {
    const t = await database()
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const file = join(dir, 'ambiguous.csv')
    writeFileSync(file, 'First Name,Last Name,DOB\nZoë,O\'Brien,03/04/1985\nSam,Rivera,01/02/1990\n')
    const refused = runImport('--db', t.path, file)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe(
      'Nothing was imported: every date of birth could be month first (MM/DD/YYYY) or day first (DD/MM/YYYY). For example:\n' +
        '  03/04/1985 is 1985-03-04 as MM/DD/YYYY, 1985-04-03 as DD/MM/YYYY\n' +
        '  01/02/1990 is 1990-01-02 as MM/DD/YYYY, 1990-02-01 as DD/MM/YYYY\n' +
        'Run the import again with --date-format MM/DD/YYYY or --date-format DD/MM/YYYY.\n',
    )
    expect(t.count('clients')).toBe(0)
    const chosen = runImport('--db', t.path, '--date-format', 'DD/MM/YYYY', file)
    expect(chosen.code).toBe(0)
    expect(sqliteHandle(t.store).prepare('select date_of_birth from clients order by id').pluck().all()).toEqual(['1985-04-03', '1990-02-01'])
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

  test('unknown columns are named and left out; --strict refuses them; --map ignores one', { timeout: 60_000 }, async () => {
    const t = await database()
    const strict = runImport('--db', t.path, '--strict', join(FIXTURES, 'unknown-columns.csv'))
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('line 1: Unknown column “Notes”. Match it to a field or ignore it.')
    expect(t.count('clients')).toBe(0)
    const mapped = runImport('--db', t.path, '--strict', '--map', 'Notes=ignore', join(FIXTURES, 'unknown-columns.csv'))
    expect(mapped.stdout).toMatch(/^Not imported: the column “Notes”\.\nImported 1 client in /)
    expect(mapped.code).toBe(0)
    const lenient = runImport('--db', t.path, join(FIXTURES, 'unknown-columns.csv'))
    expect(lenient.stdout).toMatch(/^1 likely duplicate .* imported; --skip-duplicates leaves them out\.\nNot imported: the column “Notes”\.\nImported 1 client in /)
    expect(t.count('clients')).toBe(2)
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
    expect(runImport(join(FIXTURES, 'good.csv'))).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Usage: npm run import -- --db \/path\/to\/portico\.sqlite3\|postgres:\/\/USER:PASSWORD@HOST:PORT\/DATABASE \[--key FILE\] \[--map "Column=field\|ignore"\]… \[--strict\] \[--skip-duplicates\] \[--date-format [^\]]+\] \[--encoding [^\]]+\] clients\.csv\n$/) })
  })
})
