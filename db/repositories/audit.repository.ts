import type { Kysely } from 'kysely'
import { keyedChainHash, unkeyedChainHash } from '../audit/chain-hash'
import { type LastEvent, chainSealOf } from '../audit/chain-seal'
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

/** The columns of an event as SQL types, for an insert whose values come from a `select`. */
const COLUMN_TYPES = {
  id: 'integer', occurred_at: 'text', actor_type: 'text', actor_name: 'text', actor_staff_id: 'integer', workstation: 'text',
  action: 'text', client_id: 'integer', outcome: 'text', detail: 'text', prev_hash: 'text', hash: 'text', key_id: 'text',
} as const
type EventColumn = keyof typeof COLUMN_TYPES

/** An event's own columns (what its hash covers besides its id and the hash before it). */
export function auditFields(entry: AuditEntry) {
  return {
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
}

/**
 * Appends one event, chained to the one before it: keyed with the practice's key when the
 * database was opened with it (see `openAuditTrail`), or with the public formula on a chain that
 * was never keyed. It takes the next id itself: the table refuses an insert that isn't after the
 * last event. The read of the last event and the insert share a transaction (the caller's, or one
 * of its own) that holds the write lock, so events can't fork the chain. The table's triggers
 * refuse any later change.
 *
 * The last event this database appended is remembered on its seal, and the next event is first
 * inserted after it in one statement that checks it is still the last (`headStillIs`): no read,
 * one round trip less per change on a practice server. When another desk appended since, or the
 * remembered event was rolled back, that insert adds nothing and the last event is read as before.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  const fields = auditFields(entry)
  const seal = chainSealOf(db)
  const key = seal?.key ?? null
  const eventAfter = (last: LastEvent | undefined) => {
    const id = (last?.id ?? 0) + 1
    const prev = last?.hash ?? ''
    return { id, ...fields, prev_hash: prev, hash: key ? keyedChainHash(key, id, prev, fields) : unkeyedChainHash(prev, fields), key_id: key?.keyId ?? null }
  }
  const append = async (trx: Db) => {
    const remembered = seal?.head
    if (remembered?.hash && (key || !remembered.keyId) && (await insertIfLastIs(trx, remembered.hash, eventAfter(remembered)))) return
    const last = await trx.selectFrom('audit_events').select(['id', 'hash', 'key_id as keyId']).orderBy('id', 'desc').limit(1).executeTakeFirst()
    if (!key && last?.keyId) throw new AuditKeyMissingError()
    const event = eventAfter(last)
    await trx.insertInto('audit_events').values(event).execute()
    if (seal) seal.head = { id: event.id, hash: event.hash, keyId: event.key_id }
  }
  if (db.isTransaction) await append(db)
  else await (db as Kysely<Database>).transaction().execute(append)
  seal?.appended()
}

/** `event`, inserted only if the event hashed `lastHash` is still the chain's last event; whether it was. */
async function insertIfLastIs(trx: Db, lastHash: string, event: Record<EventColumn, string | number | null>): Promise<boolean> {
  const columns = Object.keys(COLUMN_TYPES) as EventColumn[]
  const result = await trx
    .insertInto('audit_events')
    .columns(columns)
    .expression(
      trx
        .selectNoFrom((eb) => columns.map((c) => eb.cast(eb.val(event[c]), COLUMN_TYPES[c]).as(c)))
        .where((eb) => eb(eb.selectFrom('audit_events').select('hash').orderBy('id', 'desc').limit(1), '=', lastHash)),
    )
    .executeTakeFirst()
  if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return false
  const seal = chainSealOf(trx)
  if (seal) seal.head = { id: event.id as number, hash: event.hash as string, keyId: event.key_id as string | null }
  return true
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
