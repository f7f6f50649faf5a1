import type { NewAuditEventRow } from '../schema'
import type { Db } from './clients.repository'

/** Who acted. Until staff accounts exist, the desk is "desk" plus the workstation's name. */
export interface Actor {
  type: 'desk' | 'client' | 'system'
  name: string
  workstation: string | null
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

/** Appends one event. The table's triggers refuse any later update or delete. */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      occurred_at: entry.at,
      actor_type: entry.actor.type,
      actor_name: entry.actor.name,
      workstation: entry.actor.workstation,
      action: entry.action,
      client_id: entry.clientId,
      outcome: entry.outcome,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .execute()
}

export async function auditForClient(db: Db, clientId: number) {
  return db.selectFrom('audit_events').selectAll().where('client_id', '=', clientId).orderBy('id').execute()
}
