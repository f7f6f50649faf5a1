import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import SqliteDatabase from 'better-sqlite3'
import { Presets, SingleBar } from 'cli-progress'
import { hostAuditStores } from './audit/host-audit-stores'
import { FileKeyStore, keyFileBeside } from './audit/key-store'
import { recordMovedPractice } from './audit/moved-practice-records'
import { verifyDatabaseFile } from './audit/verify-database-file'
import { appliedMigrations, createKysely, quickCheckProblems } from './connection'
import { isServerUrl } from './dialect/target'
import { type PracticeCounts, movePracticeToServer } from './move-practice'
import { getSetting } from './repositories/settings.repository'
import { checkServer } from './server-check'
import { type ServerSettings, describeServer, serverSettingsFromUrl } from './server-settings'

/**
 * `npm run move-to-server -- --db PATH --to postgres://… [--key FILE]`: copies a built-in practice
 * (a SQLite file, only read) into an empty database on the practice's PostgreSQL server, all or
 * nothing, and prints the counts before and after and the audit trail's last event. The practice's
 * audit key (beside the file unless `--key` says where) is kept for the server on this computer.
 * Exit code 0 when moved, 1 when the server or the file was refused (nothing changed), 2 when it
 * can't run. Never prints the password.
 */
const USAGE = 'Usage: npm run move-to-server -- --db /path/to/portico.sqlite3 --to postgres://USER:PASSWORD@HOST:PORT/DATABASE [--key FILE]'
const number = new Intl.NumberFormat('en-US')
const LABELS: Record<keyof PracticeCounts, string> = {
  clients: 'Clients',
  portalAccounts: 'Portal accounts',
  invites: 'Invites',
  passwordResets: 'Password resets',
  portalSessions: 'Portal sessions',
  staff: 'Staff accounts',
  settings: 'Settings',
  auditEvents: 'Audit events',
  signInThrottles: 'Sign-in throttles',
}

let secret = ''
/** Every line goes through here: a password that slipped into a driver's message is masked. */
const scrub = (line: string) => (secret.length > 0 ? line.split(secret).join('*****') : line)
const say = (line: string) => console.log(scrub(line))
function fail(line: string, code: 1 | 2): never {
  console.error(scrub(line))
  process.exit(code)
}

/** What stops the file from being moved as it is, read through a read-only connection; null when nothing does. */
function fileProblem(sqlite: SqliteDatabase.Database): string | null {
  if (appliedMigrations(sqlite).length === 0) return 'This file is not a Portico database. Nothing was moved.'
  const problems = quickCheckProblems(sqlite)
  if (problems.length > 0) return `This file is damaged (${problems.slice(0, 3).join('; ')}). Restore the newest good backup, then move that. Nothing was moved.`
  return null
}

function countsTable(before: PracticeCounts, after: PracticeCounts): string[] {
  const rows = (Object.keys(LABELS) as (keyof PracticeCounts)[]).map((k) => [LABELS[k], number.format(before[k]), number.format(after[k])])
  const widths = [18, 12, 14]
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[i]!))).join('')
  return [line(['', 'In the file', 'On the server']), ...rows.map(line)]
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, to: { type: 'string' }, key: { type: 'string' } } })
  if (!values.db || !values.to || !isServerUrl(values.to)) fail(USAGE, 2)
  let settings: ServerSettings
  try {
    settings = serverSettingsFromUrl(values.to)
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), 2)
  }
  secret = settings.password
  const toUrl = values.to.trim()
  const dbPath = resolve(values.db)
  const where = describeServer(settings)
  if (!existsSync(dbPath)) fail(`There is no database at ${dbPath}. Check the path to the practice's portico.sqlite3.`, 2)

  const check = await checkServer(settings, 'move')
  if (!check.ok) fail(check.message, 1)

  const sqlite = new SqliteDatabase(dbPath, { readonly: true, fileMustExist: true })
  const db = createKysely(sqlite)
  const bar = new SingleBar({ format: 'Moving    |{bar}| {percentage}% | {value} / {total} rows', hideCursor: true }, Presets.shades_classic)
  let moved: Awaited<ReturnType<typeof movePracticeToServer>>
  let practiceId: string | null
  const fileKeys = new FileKeyStore(values.key ? resolve(values.key) : keyFileBeside(dbPath))
  try {
    const problem = fileProblem(sqlite)
    if (problem) fail(problem, 1)
    practiceId = (await getSetting(db, 'practice.id')) || null
    // A keyed trail can't be extended on the server without its key: make sure it is at hand before anything moves.
    if (practiceId && !(await fileKeys.load(practiceId))) {
      fail(`This practice's audit trail is keyed, and its key is not at ${fileKeys.path}. Give the practice's key file with --key FILE. Nothing was moved.`, 1)
    }
    let started = false
    moved = await movePracticeToServer(db, toUrl, {
      onProgress: (done, total) => (started ? bar.update(done) : (bar.start(total, done), (started = true))),
    }).finally(() => bar.stop())
  } catch (error) {
    // The server was checked just before, so this is about the file, the data, or a connection lost part-way.
    fail(`The practice was not moved, and nothing of it stays on the server: ${error instanceof Error ? error.message : String(error)}`, 1)
  } finally {
    await db.destroy()
    if (sqlite.open) sqlite.close()
  }

  say(`Moved the practice in ${dbPath} to ${where}. The file was only read: it is exactly as it was.`)
  for (const line of countsTable(moved.before, moved.after)) say(line)
  say(moved.auditHead ? `Audit trail: last event #${moved.auditHead.lastId}, hash ${moved.auditHead.hash ?? '(none)'}, the same in the file and on the server.` : 'Audit trail: no events yet.')
  if (!practiceId) return
  const serverKey = keyFileBeside(toUrl)
  try {
    await recordMovedPractice({ practiceId, toUrl, fileKeys, serverStores: hostAuditStores(toUrl) })
  } catch (error) {
    fail(`The practice was moved, but its audit key could not be kept for the server in ${serverKey}: ${error instanceof Error ? error.message : String(error)} Copy ${fileKeys.path} there yourself.`, 1)
  }
  say(`The practice's audit key is kept for the server on this computer in ${serverKey}. Every desk that joins the practice needs this key (see the README).`)
  const verified = await verifyDatabaseFile({ dbPath: toUrl, keyPath: serverKey })
  for (const line of verified.lines) say(line)
  if (verified.exitCode !== 0) process.exitCode = 1
}

main().catch((error: unknown) => fail(`The move could not run: ${error instanceof Error ? error.message : String(error)}`, 2))
