import { type Kysely, type Transaction, sql } from 'kysely'
import { DatabaseFromFutureError, openDatabase } from './connection'
import { NotAPorticoDatabaseError } from './connection-postgres'
import { dialectOf } from './dialect/dialect'
import { describeTarget, parseDatabaseTarget } from './dialect/target'
import { migrationsFor } from './migrations'
import type { Database } from './schema'
import { PRACTICE_TABLES, surveyServerAt, verdictOf } from './server-survey'

/** How many rows of each kind a practice holds. */
export interface PracticeCounts {
  clients: number
  portalAccounts: number
  invites: number
  passwordResets: number
  portalSessions: number
  staff: number
  settings: number
  auditEvents: number
  signInThrottles: number
}

/** The audit trail's last event, as `audit:verify` and the recorded heads name it. */
export interface AuditHead {
  lastId: number
  hash: string | null
}

type Table = (typeof PRACTICE_TABLES)[number]

/**
 * Each table in the order it is copied (a row's references copied before it), the column it is
 * read in order of, and its count's name. Ids go across as they are; the audit trail in id order,
 * which its append-only trigger requires.
 */
const COPY_ORDER: readonly { table: Table; key: string; count: keyof PracticeCounts; identity: boolean }[] = [
  { table: 'clients', key: 'id', count: 'clients', identity: true },
  { table: 'staff_accounts', key: 'id', count: 'staff', identity: true },
  { table: 'portal_accounts', key: 'client_id', count: 'portalAccounts', identity: false },
  { table: 'portal_invites', key: 'id', count: 'invites', identity: true },
  { table: 'portal_password_resets', key: 'id', count: 'passwordResets', identity: true },
  { table: 'portal_sessions', key: 'id', count: 'portalSessions', identity: true },
  { table: 'sign_in_throttles', key: 'key_hash', count: 'signInThrottles', identity: false },
  { table: 'settings', key: 'key', count: 'settings', identity: false },
  { table: 'audit_events', key: 'id', count: 'auditEvents', identity: true },
]

/** The server database already holds a practice: nothing was copied into it. */
export class PracticeOnServerError extends Error {
  constructor(readonly location: string) {
    super(`The database ${location} already holds a Portico practice, so this practice was not moved there and nothing in it was changed. Use a new, empty database.`)
    this.name = 'PracticeOnServerError'
  }
}

/** The copy on the server did not match the file, so it was undone. */
export class MoveMismatchError extends Error {
  constructor(readonly before: PracticeCounts, readonly after: PracticeCounts) {
    super('The copy on the server did not match this practice’s file, so it was undone: the server database is empty again and the file was not changed.')
    this.name = 'MoveMismatchError'
  }
}

const emptyCounts = (): PracticeCounts => ({ clients: 0, portalAccounts: 0, invites: 0, passwordResets: 0, portalSessions: 0, staff: 0, settings: 0, auditEvents: 0, signInThrottles: 0 })

export async function countPractice(db: Kysely<Database>): Promise<PracticeCounts> {
  const counts = emptyCounts()
  for (const { table, count } of COPY_ORDER) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    counts[count] = Number(row.n)
  }
  return counts
}

export async function auditHead(db: Kysely<Database>): Promise<AuditHead | null> {
  const last = await db.selectFrom('audit_events').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst()
  return last ? { lastId: last.id, hash: last.hash } : null
}

const total = (counts: PracticeCounts) => Object.values(counts).reduce((a, b) => a + b, 0)
const same = (a: PracticeCounts, b: PracticeCounts) => COPY_ORDER.every(({ count }) => a[count] === b[count])

/** Rows per insert: PostgreSQL takes at most 65,535 parameters in one statement. */
const rowsPerBatch = (columns: number) => Math.max(1, Math.min(2000, Math.floor(30_000 / Math.max(1, columns))))

/** Reads `table` from the file in key order, a page at a time (no OFFSET), and inserts each page on the server. */
async function copyTable(from: Kysely<Database>, to: Transaction<Database>, table: Table, key: string, copied: (rows: number) => void): Promise<void> {
  const anyFrom = from as unknown as Kysely<Record<string, Record<string, unknown>>>
  const anyTo = to as unknown as Transaction<Record<string, Record<string, unknown>>>
  let after: unknown = null
  let size = 500
  for (;;) {
    let query = anyFrom.selectFrom(table).selectAll()
    if (after !== null) query = query.where(key, '>', after)
    const page = await query.orderBy(key).limit(size).execute()
    if (page.length === 0) return
    await anyTo.insertInto(table).values(page).execute()
    copied(page.length)
    after = page[page.length - 1]![key]
    size = rowsPerBatch(Object.keys(page[0]!).length)
  }
}

/** Next ids on the server start after the copied ones, so a new client never collides. */
async function setIdentitiesPastCopiedIds(trx: Transaction<Database>): Promise<void> {
  for (const { table, identity } of COPY_ORDER) {
    if (!identity) continue
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select coalesce(max(id), 0) + 1 from ${sql.table(table)}), false)`.execute(trx)
  }
}

/** The file's migrations must be exactly this Portico's: the server gets this Portico's schema. */
async function checkFileIsCurrent(from: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(from)
  const applied = rows.map((r) => r.name)
  const known = Object.keys(migrationsFor('sqlite')).sort()
  const unknown = applied.filter((name) => !known.includes(name))
  if (unknown.length > 0) throw new DatabaseFromFutureError(unknown)
  if (applied.join() !== known.join()) {
    throw new Error('This practice’s file was last opened by an older Portico. Open it once with this version of Portico (which updates it, after a backup), then move it.')
  }
}

/**
 * Copies everything from the open built-in practice into the EMPTY server database at `toUrl`, in
 * one transaction on the server (all or nothing): every client, portal account, invite and reset
 * (still hashed), session, throttle, staff account, setting, and the whole audit trail with its
 * ids, hashes, prev hashes and key ids exactly as they are (the append-only triggers stay in force;
 * inserting in id order passes them). Identity sequences are set past the copied ids.
 *
 * The file is only read, in one read transaction (a consistent snapshot) on `from`'s connection,
 * which is held for the whole move: this desk's other queries wait until it ends. The server
 * database is migrated first (openDatabase does); one that holds a practice (PracticeOnServerError),
 * other tables (NotAPorticoDatabaseError) or a newer Portico's schema (DatabaseFromFutureError) is
 * refused unchanged. Returns counts before (file) and after (server); when they differ, or the
 * audit trail's head does, it throws MoveMismatchError and nothing stays on the server.
 */
export async function movePracticeToServer(
  from: Kysely<Database>,
  toUrl: string,
  options: { onProgress?: (done: number, total: number) => void } = {},
): Promise<{ before: PracticeCounts; after: PracticeCounts; auditHead: AuditHead | null }> {
  if (dialectOf(from).engine !== 'sqlite') throw new Error('Only a practice kept in this computer’s built-in database can be moved to a server.')
  const location = describeTarget(parseDatabaseTarget(toUrl))
  const survey = await surveyServerAt(toUrl)
  const verdict = verdictOf(survey)
  if (verdict === 'practice') throw new PracticeOnServerError(location)
  if (verdict === 'not-portico') throw new NotAPorticoDatabaseError(location)
  if (verdict === 'newer-portico') throw new DatabaseFromFutureError(survey.applied)

  return from.connection().execute(async (file) => {
    // A deferred BEGIN only reads: the file gets a consistent snapshot and is never written.
    await sql`begin`.execute(file)
    try {
      await checkFileIsCurrent(file)
      const before = await countPractice(file)
      const head = await auditHead(file)
      const opened = await openDatabase(toUrl)
      try {
        const after = await opened.db.transaction().execute(async (trx) => {
          // Under the write lock: no other desk can have started a practice here since the survey.
          if (total(await countPractice(trx)) > 0) throw new PracticeOnServerError(location)
          let done = 0
          const all = total(before)
          options.onProgress?.(0, all)
          for (const { table, key } of COPY_ORDER) {
            await copyTable(file, trx, table, key, (rows) => options.onProgress?.((done += rows), all))
          }
          await setIdentitiesPastCopiedIds(trx)
          const copied = await countPractice(trx)
          const copiedHead = await auditHead(trx)
          if (!same(before, copied) || copiedHead?.lastId !== head?.lastId || copiedHead?.hash !== head?.hash) throw new MoveMismatchError(before, copied)
          return copied
        })
        return { before, after, auditHead: head }
      } finally {
        await opened.db.destroy()
      }
    } finally {
      await sql`rollback`.execute(file)
    }
  })
}
