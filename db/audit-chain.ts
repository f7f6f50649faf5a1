import { createHash } from 'node:crypto'
import type SqliteDatabase from 'better-sqlite3'

/** The fields an audit event's hash covers, in order, after the previous event's hash. */
export interface ChainedFields {
  occurred_at: string
  actor_type: string
  actor_name: string
  actor_staff_id: number | null
  workstation: string | null
  action: string
  client_id: number | null
  outcome: string
  detail: string | null
}

/** sha-256 over the previous hash and this event's fields: change or remove a row and the chain breaks. */
export function auditChainHash(prev: string, row: ChainedFields): string {
  const fields = [prev, row.occurred_at, row.actor_type, row.actor_name, row.actor_staff_id ?? null, row.workstation, row.action, row.client_id, row.outcome, row.detail]
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

export interface ChainReport {
  ok: boolean
  rows: number
  /** The first event whose link doesn't hold, and why. */
  firstBroken: { id: number; reason: string } | null
}

/** Walks the whole audit trail in order and checks every link. */
export function verifyAuditChain(sqlite: SqliteDatabase.Database): ChainReport {
  const rows = sqlite.prepare('select * from audit_events order by id').iterate() as Iterable<ChainedFields & { id: number; prev_hash: string | null; hash: string | null }>
  let prev = ''
  let count = 0
  for (const row of rows) {
    count++
    if (row.prev_hash !== prev) return { ok: false, rows: count, firstBroken: { id: row.id, reason: 'its link to the previous event does not match (an event before it was changed or removed)' } }
    if (row.hash !== auditChainHash(prev, row)) return { ok: false, rows: count, firstBroken: { id: row.id, reason: 'its contents do not match its hash (it was changed)' } }
    prev = row.hash
  }
  return { ok: true, rows: count, firstBroken: null }
}
