import { type Kysely, sql } from 'kysely'
import { auditChainHash } from '../audit-chain'
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

/**
 * Appends one event, chained to the one before it by hash. The read of the last hash and the insert
 * share a transaction (the caller's, or one of its own), so events can't fork the chain. The
 * table's triggers refuse any later update or delete.
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
  const append = async (trx: Db) => {
    const last = await trx.selectFrom('audit_events').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst()
    const prev = last?.hash ?? ''
    await trx
      .insertInto('audit_events')
      .values({ ...fields, prev_hash: prev, hash: auditChainHash(prev, fields) })
      .execute()
  }
  if (db.isTransaction) await append(db)
  else await (db as Kysely<Database>).transaction().execute(append)
}

export async function auditForClient(db: Db, clientId: number) {
  return db.selectFrom('audit_events').selectAll().where('client_id', '=', clientId).orderBy('id').execute()
}

/**
 * Records a read (a profile opened) without waiting for the disk. The event is committed to the
 * write-ahead log at once, so closing or killing Portico never loses it; only a power cut or an OS
 * crash in the moments before the next write or checkpoint (which flush it) could. Every change to
 * data is still committed with synchronous=FULL. The connection is held for the whole call, so no
 * other query runs with the relaxed setting.
 */
export async function appendReadAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`pragma synchronous = normal`.execute(conn)
    try {
      await conn.transaction().execute((trx) => appendAudit(trx, entry))
    } finally {
      await sql`pragma synchronous = full`.execute(conn)
    }
  })
}
