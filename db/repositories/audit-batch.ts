import type { Transaction } from 'kysely'
import { keyedChainHash, unkeyedChainHash } from '../audit/chain-hash'
import { chainSealOf } from '../audit/chain-seal'
import type { Database } from '../schema'
import { type AuditEntry, AuditKeyMissingError, eventFields } from './audit.repository'

/** Rows per insert statement: 13 columns each stays far below either engine's limit on parameters. */
const ROWS_PER_INSERT = 500

/**
 * Appends many events at once, each chained to the one before exactly as `appendAudit` chains one:
 * the chain's last event is read once and the events are inserted in multi-row statements. Only
 * inside the caller's write transaction (which holds the write lock), so no other desk can append
 * between the read and the inserts. Thousands of events take milliseconds, not one round trip each.
 */
export async function appendAuditBatch(trx: Transaction<Database>, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return
  const seal = chainSealOf(trx)
  const key = seal?.key ?? null
  const last = await trx.selectFrom('audit_events').select(['id', 'hash', 'key_id as keyId']).orderBy('id', 'desc').limit(1).executeTakeFirst()
  if (!key && last?.keyId) throw new AuditKeyMissingError()
  let id = last?.id ?? 0
  let prev = last?.hash ?? ''
  const events = entries.map((entry) => {
    const fields = eventFields(entry)
    id += 1
    const hash = key ? keyedChainHash(key, id, prev, fields) : unkeyedChainHash(prev, fields)
    const event = { id, ...fields, prev_hash: prev, hash, key_id: key?.keyId ?? null }
    prev = hash
    return event
  })
  for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
    await trx.insertInto('audit_events').values(events.slice(i, i + ROWS_PER_INSERT)).execute()
  }
  const head = events.at(-1)!
  if (seal) {
    seal.head = { id: head.id, hash: head.hash, keyId: head.key_id }
    seal.appended()
  }
}
