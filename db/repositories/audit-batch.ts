import type { Transaction } from 'kysely'
import { keyedChainHash, unkeyedChainHash } from '../audit/chain-hash'
import { chainSealOf } from '../audit/chain-seal'
import type { Database, NewAuditEventRow } from '../schema'
import { type AuditEntry, AuditKeyMissingError, auditFields } from './audit.repository'

/** Events per insert statement: 13 columns each stays far below both engines' parameter limits. */
const EVENTS_PER_INSERT = 500

/** A chained event, ready to insert. */
export type ChainedEvent = NewAuditEventRow & { id: number; hash: string; prev_hash: string; key_id: string | null }

/** Writes chained events in order, inside the caller's transaction. */
export type EventInserter = (events: readonly ChainedEvent[]) => Promise<void>

/** Multi-row inserts through Kysely: either engine. */
const kyselyInserter = (trx: Transaction<Database>): EventInserter => async (events) => {
  for (let i = 0; i < events.length; i += EVENTS_PER_INSERT) {
    await trx.insertInto('audit_events').values(events.slice(i, i + EVENTS_PER_INSERT)).execute()
  }
}

/**
 * Appends many events in order inside the caller's write transaction, chained as `appendAudit`
 * chains one (same fields, same hash), but read once and written as multi-row inserts: an import
 * records one `client.create` per client, and 100,000 single appends would take minutes on a server.
 * The caller's transaction holds the write lock, so nothing can append between them.
 */
export async function appendAuditBatch(trx: Transaction<Database>, entries: readonly AuditEntry[], insert: EventInserter = kyselyInserter(trx)): Promise<void> {
  if (entries.length === 0) return
  const seal = chainSealOf(trx)
  const key = seal?.key ?? null
  const last = await trx.selectFrom('audit_events').select(['id', 'hash', 'key_id as keyId']).orderBy('id', 'desc').limit(1).executeTakeFirst()
  if (!key && last?.keyId) throw new AuditKeyMissingError()
  let id = last?.id ?? 0
  let prev = last?.hash ?? ''
  const events = entries.map((entry) => {
    const fields = auditFields(entry)
    id += 1
    const hash = key ? keyedChainHash(key, id, prev, fields) : unkeyedChainHash(prev, fields)
    const event = { id, ...fields, prev_hash: prev, hash, key_id: key?.keyId ?? null }
    prev = hash
    return event
  })
  await insert(events)
  const head = events.at(-1)!
  if (seal) {
    seal.head = { id: head.id, hash: head.hash, keyId: head.key_id }
    seal.appended()
  }
}
