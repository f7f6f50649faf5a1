import type SqliteDatabase from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { WritesRefusedError, chainSealOf } from '../audit/chain-seal'
import { type Actor, appendAudit } from '../repositories/audit.repository'
import { phoneSearchKeys } from '../repositories/clients.repository'
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
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Stores rows that `parseClientsCsv` has already checked, all or none, with one `clients.import`
 * audit event that holds the count and no personal data.
 *
 * The rows go in through one prepared better-sqlite3 statement (Kysely's per-row path is many
 * times slower), inside a Kysely transaction so that `appendAudit` can chain the event in that
 * same transaction: `db` must be Kysely over this `sqlite` connection (as `openDatabase` gives),
 * and then the raw inserts and the event commit together or roll back together. Between batches
 * the transaction pauses for the event loop; other Kysely work waits behind it meanwhile.
 */
export async function importClients(
  sqlite: SqliteDatabase.Database,
  db: Kysely<Database>,
  rows: readonly ClientImportRow[],
  options: ImportOptions,
): Promise<{ rows: number }> {
  if (rows.length === 0) return { rows: 0 }
  // The rows go in below Kysely, so its refusal to write (audit trail tampered with) is asked here.
  const refusal = chainSealOf(db)?.refusal
  if (refusal) throw new WritesRefusedError(refusal)
  const at = (options.now ?? new Date()).toISOString()
  const batchSize = Math.max(1, options.batchSize ?? 5000)
  const insert = sqlite.prepare(
    `insert into clients (first_name, last_name, preferred_name, date_of_birth, email, phone, phone_digits, phone_tail, status, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )

  await db.transaction().execute(async (trx) => {
    if (!sqlite.inTransaction) throw new Error('importClients needs the Kysely instance made over the same connection as `sqlite`.')
    for (let start = 0; start < rows.length; start += batchSize) {
      const end = Math.min(start + batchSize, rows.length)
      for (let i = start; i < end; i++) {
        const r = rows[i]!
        const { phone_digits, phone_tail } = phoneSearchKeys(r.phone)
        insert.run(r.firstName, r.lastName, r.preferredName, r.dateOfBirth, r.email, r.phone, phone_digits, phone_tail, r.status, at, at)
      }
      options.onProgress?.(end, rows.length)
      await yieldToEventLoop()
    }
    await appendAudit(trx, { actor: options.actor, action: 'clients.import', clientId: null, outcome: 'success', detail: { rows: rows.length }, at })
  })
  return { rows: rows.length }
}
