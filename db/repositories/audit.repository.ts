import type { Kysely } from 'kysely'
import { keyedChainHash, unkeyedChainHash } from '../audit/chain-hash'
import { chainSealOf } from '../audit/chain-seal'
import { dialectOf } from '../dialect/dialect'
import type { Database, NewAuditEventRow } from '../schema'
import type { Db } from './clients.repository'

/** Who acted: a signed-in staff member at a desk, a portal client, or Portico itself. */
export interface Actor {
  type: 'desk' | 'client' | 'system'
  name: string
  workstation: string | null
  /** The staff account, for actions taken at a desk. */
  staffId?: number | null
}

export interface AuditEntry {
  actor: Actor
  action: string
  clientId: number | null
  outcome: NewAuditEventRow['outcome']
  /** Facts about the event, never personal data: field names, not their values. */
  detail?: Record<string, unknown>
  at: string
}

/** The chain is keyed and this connection doesn't have the key: an unkeyed event now would be a forgery. */
export class AuditKeyMissingError extends Error {
  constructor() {
    super('This practice’s audit trail is keyed, and Portico was opened here without the practice’s audit key, so nothing can be recorded. Nothing was changed.')
    this.name = 'AuditKeyMissingError'
  }
}

/**
 * Appends one event, chained to the one before it: keyed with the practice's key when the
 * database was opened with it (see `openAuditTrail`), or with the public formula on a chain that
 * was never keyed. It takes the next id itself: the table refuses an insert that isn't after the
 * last event. The read of the last event and the insert share a transaction (the caller's, or one
 * of its own), so events can't fork the chain. The table's triggers refuse any later change.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  const fields = {
    occurred_at: entry.at,
    actor_type: entry.actor.type,
    actor_name: entry.actor.name,
    actor_staff_id: entry.actor.staffId ?? null,
    workstation: entry.actor.workstation,
    action: entry.action,
    client_id: entry.clientId,
    outcome: entry.outcome,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  }
  const seal = chainSealOf(db)
  const key = seal?.key ?? null
  const append = async (trx: Db) => {
    const last = await trx.selectFrom('audit_events').select(['id', 'hash', 'key_id']).orderBy('id', 'desc').limit(1).executeTakeFirst()
    if (!key && last?.key_id) throw new AuditKeyMissingError()
    const id = (last?.id ?? 0) + 1
    const prev = last?.hash ?? ''
    await trx
      .insertInto('audit_events')
      .values({ id, ...fields, prev_hash: prev, hash: key ? keyedChainHash(key, id, prev, fields) : unkeyedChainHash(prev, fields), key_id: key?.keyId ?? null })
      .execute()
  }
  if (db.isTransaction) await append(db)
  else await (db as Kysely<Database>).transaction().execute(append)
  seal?.appended()
}

export async function auditForClient(db: Db, clientId: number) {
  return db.selectFrom('audit_events').selectAll().where('client_id', '=', clientId).orderBy('id').execute()
}

/**
 * Records a read (a profile opened) without waiting for the disk: atomic and in order with every
 * other write, but its commit may return before it is flushed (see the dialect's
 * `withRelaxedDurability`: SQLite commits it to the write-ahead log, which closing or killing
 * Portico never loses). Every change to data is still committed durably.
 */
export async function appendReadAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await dialectOf(db).withRelaxedDurability(db, (trx) => appendAudit(trx, entry))
}
