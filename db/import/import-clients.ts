import type { Kysely, Transaction } from 'kysely'
import { WritesRefusedError, chainSealOf } from '../audit/chain-seal'
import { type DatabaseStore, sqliteHandle } from '../dialect/store'
import { type Actor, appendAudit } from '../repositories/audit.repository'
import { normalisePhone } from '../../shared/phone'
import { phoneSearchKeys } from '../repositories/clients.repository'
import { getSetting } from '../repositories/settings.repository'
import type { Database } from '../schema'
import type { ClientImportRow } from './parse-clients-csv'

export interface ImportOptions {
  /** Who is importing: the desk's staff member, or `{ type: 'system', name: 'import', … }` from the command line. */
  actor: Actor
  /** Stamped on every client and on the audit event. */
  now?: Date
  /** Called after each batch with the rows written so far. */
  onProgress?: (done: number, total: number) => void
  /** Rows written between pauses for the event loop (progress, IPC). 5,000 unless told. */
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

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/** One checked row as the clients table holds it, stamped `at`. */
function clientValues(r: ClientImportRow, at: string) {
  return { first_name: r.firstName, last_name: r.lastName, preferred_name: r.preferredName, date_of_birth: r.dateOfBirth, email: r.email, phone: r.phone, ...phoneSearchKeys(r.phone), status: r.status, created_at: at, updated_at: at }
}

/**
 * Writes rows inside the open transaction `trx`. On a SQLite file they go through one prepared
 * better-sqlite3 statement on the same connection (Kysely's per-row path is many times slower);
 * on a server, as multi-row inserts of at most `MAX_ROWS_PER_INSERT` (PostgreSQL takes 65,535
 * parameters per statement).
 */
function rowWriter(store: DatabaseStore, trx: Transaction<Database>, at: string): (rows: readonly ClientImportRow[]) => Promise<void> {
  if (store.engine === 'sqlite') {
    const sqlite = sqliteHandle(store)
    if (!sqlite.inTransaction) throw new Error('importClients needs the Kysely instance made over the same connection as the store.')
    const insert = sqlite.prepare(
      `insert into clients (first_name, last_name, preferred_name, date_of_birth, email, phone, phone_digits, phone_tail, status, created_at, updated_at)
       values (@first_name, @last_name, @preferred_name, @date_of_birth, @email, @phone, @phone_digits, @phone_tail, @status, @created_at, @updated_at)`,
    )
    return async (rows) => {
      for (const r of rows) insert.run(clientValues(r, at))
    }
  }
  return async (rows) => {
    for (let i = 0; i < rows.length; i += MAX_ROWS_PER_INSERT) {
      await trx.insertInto('clients').values(rows.slice(i, i + MAX_ROWS_PER_INSERT).map((r) => clientValues(r, at))).execute()
    }
  }
}
const MAX_ROWS_PER_INSERT = 2_000

/**
 * Stores rows that `parseClientsCsv` has already checked, all or none, with one `clients.import`
 * audit event that holds the count and no personal data: the rows and the event commit together
 * or roll back together. Phones are stored as the desk stores them (see `withStoredPhones`). `db` must be the Kysely `openDatabase` gave with `store`. Between batches
 * the transaction pauses for the event loop; other writes wait behind it meanwhile.
 */
export async function importClients(
  store: DatabaseStore,
  db: Kysely<Database>,
  given: readonly ClientImportRow[],
  options: ImportOptions,
): Promise<{ rows: number; phonesKeptAsTyped: number }> {
  if (given.length === 0) return { rows: 0, phonesKeptAsTyped: 0 }
  if (options.signal?.aborted) throw new ImportCancelledError()
  // Rows on a file go in below Kysely, so its refusal to write (audit trail tampered with) is asked here.
  const refusal = chainSealOf(db)?.refusal
  if (refusal) throw new WritesRefusedError(refusal)
  const at = (options.now ?? new Date()).toISOString()
  const batchSize = Math.max(1, options.batchSize ?? 5000)
  const { rows, keptAsTyped } = withStoredPhones(given, await getSetting(db, 'practice.country'))

  await db.transaction().execute(async (trx) => {
    const write = rowWriter(store, trx, at)
    for (let start = 0; start < rows.length; start += batchSize) {
      const end = Math.min(start + batchSize, rows.length)
      await write(rows.slice(start, end))
      options.onProgress?.(end, rows.length)
      await yieldToEventLoop()
      // Thrown inside the transaction, so every row written so far rolls back with it.
      if (options.signal?.aborted) throw new ImportCancelledError()
    }
    await appendAudit(trx, { actor: options.actor, action: 'clients.import', clientId: null, outcome: 'success', detail: { rows: rows.length, file: options.fileName, skippedDuplicates: options.skippedDuplicates }, at })
  })
  return { rows: rows.length, phonesKeptAsTyped: keptAsTyped }
}
