import type { Kysely, Transaction } from 'kysely'
import { writeApart } from '../dialect/write-apart'
import { WritesRefusedError, chainSealOf } from '../audit/chain-seal'
import { type DatabaseStore, sqliteHandle } from '../dialect/store'
import { type EventInserter, appendAuditBatch } from '../repositories/audit-batch'
import { type Actor, appendAudit } from '../repositories/audit.repository'
import { normalisePhone } from '../../shared/phone'
import { phoneSearchKeys } from '../repositories/clients.repository'
import { getSetting } from '../repositories/settings.repository'
import type { Database } from '../schema'
import type { ClientImportRow } from './parse-clients-csv'
import { serverBulkInsert } from './server-bulk-insert'
import { sqliteBulkInsert } from './sqlite-bulk-insert'

export interface ImportOptions {
  /** Who is importing: the desk's staff member, or `{ type: 'system', name: 'import', … }` from the command line. */
  actor: Actor
  /** Stamped on every client and on the audit event. */
  now?: Date
  /** Called after each batch with the rows written so far. */
  onProgress?: (done: number, total: number) => void
  /**
   * Rows written at most between pauses for the event loop (progress, IPC). 5,000 unless told. On
   * a SQLite file the import also pauses once it has written for `PAUSE_AFTER_MS`: its statements
   * run on main's thread, and a search asked meanwhile answers at the next pause.
   */
  batchSize?: number
  /** The imported file's name (no folder), kept on the audit event with the counts. */
  fileName?: string
  /** Likely duplicates the admin chose to leave out, counted on the audit event. */
  skippedDuplicates?: number
  /** Aborted (the desk's Cancel): the import stops at the next batch and nothing is kept. */
  signal?: AbortSignal
}

/** The import was cancelled before it committed: no client and no audit event were stored. */
export class ImportCancelledError extends Error {
  constructor() {
    super('The import was cancelled. No client was imported.')
  }
}

/**
 * The rows with each phone as stored (E.164) for the practice's country. A number that can't be
 * read for it is kept as the file has it rather than refusing the file: an import is all or nothing,
 * old systems hold numbers from abroad without a country code or with an extension, and the digits
 * still find it. Its shape (digits, 7 to 15 of them) was checked with the row; the count is told.
 */
function withStoredPhones(rows: readonly ClientImportRow[], country: string): { rows: ClientImportRow[]; keptAsTyped: number } {
  let keptAsTyped = 0
  const stored = rows.map((row) => {
    if (row.phone === null) return row
    const reading = normalisePhone(row.phone, country)
    if (reading.ok) return { ...row, phone: reading.stored }
    keptAsTyped += 1
    return row
  })
  return { rows: stored, keptAsTyped }
}

const IMPORTED = { via: 'import' } as const
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))
/** On a SQLite file: the longest the import writes (on main's thread) before it lets other calls in. */
export const PAUSE_AFTER_MS = 25
/** On a SQLite file: rows written between looks at the clock. */
const ROWS_PER_STEP = 100

/** One checked row's values in CLIENT_COLUMNS' order, stamped `at`. */
function clientColumnValues(r: ClientImportRow, at: string): unknown[] {
  const { phone_digits, phone_tail } = phoneSearchKeys(r.phone)
  return [r.firstName, r.lastName, r.preferredName, r.dateOfBirth, r.email, r.phone, phone_digits, phone_tail, r.status, at, at]
}

/** One checked row as the clients table holds it, stamped `at`. */
function clientValues(r: ClientImportRow, at: string) {
  return { first_name: r.firstName, last_name: r.lastName, preferred_name: r.preferredName, date_of_birth: r.dateOfBirth, email: r.email, phone: r.phone, ...phoneSearchKeys(r.phone), status: r.status, created_at: at, updated_at: at }
}

/**
 * Writes rows inside the open transaction `trx`. On a SQLite file they go in as multi-row
 * statements prepared on the same connection (see `sqliteBulkInsert`; Kysely's path is many times slower);
 * on a server, as multi-row inserts of at most `MAX_ROWS_PER_INSERT` (PostgreSQL takes 65,535
 * parameters per statement).
 */
function rowWriter(store: DatabaseStore | null, trx: Transaction<Database>, at: string): (rows: readonly ClientImportRow[]) => Promise<number[]> {
  if (store?.engine === 'sqlite') {
    const sqlite = sqliteHandle(store)
    if (!sqlite.inTransaction) throw new Error('importClients needs the Kysely instance made over the same connection as the store.')
    const insert = sqliteBulkInsert(sqlite, 'clients', CLIENT_COLUMNS)
    // Values bound by position, with no object per row.
    return async (rows) => insert(rows.map((r) => clientColumnValues(r, at)))
  }
  if (store?.engine === 'postgres') {
    const insert = serverBulkInsert(trx, 'clients', CLIENT_COLUMNS.map((name) => ({ name, type: 'text' as const })))
    return (rows) => insert(rows.map((r) => clientColumnValues(r, at)))
  }
  return async (rows) => {
    const ids: number[] = []
    for (let i = 0; i < rows.length; i += MAX_ROWS_PER_INSERT) {
      // Ids come back in the order the rows were given (a multi-row insert's RETURNING keeps it).
      const inserted = await trx.insertInto('clients').values(rows.slice(i, i + MAX_ROWS_PER_INSERT).map((r) => clientValues(r, at))).returning('id').execute()
      ids.push(...inserted.map((r) => Number(r.id)))
    }
    return ids
  }
}
const MAX_ROWS_PER_INSERT = 2_000

const CLIENT_COLUMNS = ['first_name', 'last_name', 'preferred_name', 'date_of_birth', 'email', 'phone', 'phone_digits', 'phone_tail', 'status', 'created_at', 'updated_at']
const INTEGER_EVENT_COLUMNS = new Set(['id', 'actor_staff_id', 'client_id'])
const EVENT_COLUMNS = ['id', 'occurred_at', 'actor_type', 'actor_name', 'actor_staff_id', 'workstation', 'action', 'client_id', 'outcome', 'detail', 'prev_hash', 'hash', 'key_id']

/** On a SQLite file, events go in as multi-row statements too; on a server, Kysely's multi-row inserts. */
function eventInserter(store: DatabaseStore | null, trx: Transaction<Database>): EventInserter | undefined {
  if (store?.engine === 'postgres') {
    const insert = serverBulkInsert(trx, 'audit_events', EVENT_COLUMNS.map((name) => ({ name, type: INTEGER_EVENT_COLUMNS.has(name) ? ('integer' as const) : ('text' as const) })))
    return async (events) => {
      await insert(events.map((e) => [e.id, e.occurred_at, e.actor_type, e.actor_name, e.actor_staff_id, e.workstation, e.action, e.client_id, e.outcome, e.detail, e.prev_hash, e.hash, e.key_id]))
    }
  }
  if (store?.engine !== 'sqlite') return undefined
  const insert = sqliteBulkInsert(sqliteHandle(store), 'audit_events', EVENT_COLUMNS)
  return async (events) => {
    insert(events.map((e) => [e.id, e.occurred_at, e.actor_type, e.actor_name, e.actor_staff_id, e.workstation, e.action, e.client_id, e.outcome, e.detail, e.prev_hash, e.hash, e.key_id]))
  }
}

/**
 * Stores rows that `parseClientsCsv` has already checked, all or none, with one `client.create`
 * audit event per client (appended in batches, see `appendAuditBatch`) and one `clients.import`
 * event that holds the file's name and the counts, no personal data: the rows and the events commit together
 * or roll back together. Phones are stored as the desk stores them (see `withStoredPhones`).
 * `db` must be the Kysely `openDatabase` gave with `store`. Between batches the transaction pauses
 * for the event loop; on a file it is written apart (see `writeApart`), so reads answer meanwhile
 * and other writes at this desk wait for it to commit or roll back. Without a
 * `store` (a caller that has only the Kysely instance) rows go in through Kysely on either engine.
 */
export async function importClients(
  store: DatabaseStore | null,
  db: Kysely<Database>,
  given: readonly ClientImportRow[],
  options: ImportOptions,
): Promise<{ rows: number; at: string; phonesKeptAsTyped: number }> {
  const at = (options.now ?? new Date()).toISOString()
  if (given.length === 0) return { rows: 0, at, phonesKeptAsTyped: 0 }
  if (options.signal?.aborted) throw new ImportCancelledError()
  // Rows on a file go in below Kysely, so its refusal to write (audit trail tampered with) is asked here.
  const refusal = chainSealOf(db)?.refusal
  if (refusal) throw new WritesRefusedError(refusal)
  const batchSize = Math.max(1, options.batchSize ?? 5000)
  const country = await getSetting(db, 'practice.country')
  const rows = given
  let keptAsTyped = 0

  const writeAll = (db: Kysely<Database>, store: DatabaseStore | null) => db.transaction().execute(async (trx) => {
    const write = rowWriter(store, trx, at)
    const insertEvents = eventInserter(store, trx)
    const onFile = store?.engine === 'sqlite'
    const step = onFile ? Math.min(batchSize, ROWS_PER_STEP) : batchSize
    let start = 0
    while (start < rows.length) {
      const pauseAt = performance.now() + PAUSE_AFTER_MS
      // Progress is told at least at every multiple of batchSize, and between them at time-outs.
      const until = Math.min((Math.floor(start / batchSize) + 1) * batchSize, rows.length)
      do {
        const end = Math.min(start + step, until)
        // Phones are read step by step too: libphonenumber takes tens of µs a number (profiled).
        const stored = withStoredPhones(rows.slice(start, end), country)
        keptAsTyped += stored.keptAsTyped
        const ids = await write(stored.rows)
        await appendAuditBatch(trx, ids.map((clientId) => ({ actor: options.actor, action: 'client.create', clientId, outcome: 'success', detail: IMPORTED, at })), insertEvents)
        start = end
      } while (start < until && (!onFile || performance.now() < pauseAt))
      options.onProgress?.(start, rows.length)
      await yieldToEventLoop()
      // Thrown inside the transaction, so every row written so far rolls back with it.
      if (options.signal?.aborted) throw new ImportCancelledError()
    }
    await appendAudit(trx, { actor: options.actor, action: 'clients.import', clientId: null, outcome: 'success', detail: { rows: rows.length, file: options.fileName, skippedDuplicates: options.skippedDuplicates }, at })
  })
  // On a file, on a connection of its own: the desk's searches answer meanwhile (see writeApart).
  await (store ? writeApart(store, db, writeAll) : writeAll(db, null))
  return { rows: rows.length, at, phonesKeptAsTyped: keptAsTyped }
}
