import type { Db } from './clients.repository'

/** One event of a client's portal history, as the Activity tab words it. */
export interface PortalActivityEntry {
  id: number
  at: string
  action: string
  outcome: 'success' | 'failure' | 'denied'
  actorName: string
  /** The staff member's role when staff acted; null for the client or Portico. */
  actorRole: 'admin' | 'front_desk' | null
}

/** The client's portal events (action `portal.*`), newest first, at most `limit`. */
export async function portalActivity(db: Db, clientId: number, limit = 200): Promise<PortalActivityEntry[]> {
  const rows = await db
    .selectFrom('audit_events')
    .leftJoin('staff_accounts', 'staff_accounts.id', 'audit_events.actor_staff_id')
    .select(['audit_events.id', 'audit_events.occurred_at', 'audit_events.action', 'audit_events.outcome', 'audit_events.actor_name', 'staff_accounts.role'])
    .where('audit_events.client_id', '=', clientId)
    .where('audit_events.action', 'like', 'portal.%')
    .orderBy('audit_events.id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, at: r.occurred_at, action: r.action, outcome: r.outcome, actorName: r.actor_name, actorRole: r.role ?? null }))
}

/** An audit event as the admins' CSV export lists it. */
export interface AuditExportEntry {
  id: number
  occurredAt: string
  actorType: string
  actorName: string
  actorStaffId: number | null
  workstation: string | null
  action: string
  clientId: number | null
  outcome: string
  detail: string | null
  hash: string | null
}

/**
 * Every event from `startIso` (included) up to `endIso` (excluded), UTC instants, in id order:
 * consecutive ranges meet without a gap or an overlap.
 */
export async function auditEventsBetween(db: Db, startIso: string, endIso: string): Promise<AuditExportEntry[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['id', 'occurred_at', 'actor_type', 'actor_name', 'actor_staff_id', 'workstation', 'action', 'client_id', 'outcome', 'detail', 'hash'])
    .where('occurred_at', '>=', startIso)
    .where('occurred_at', '<', endIso)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    actorType: r.actor_type,
    actorName: r.actor_name,
    actorStaffId: r.actor_staff_id,
    workstation: r.workstation,
    action: r.action,
    clientId: r.client_id,
    outcome: r.outcome,
    detail: r.detail,
    hash: r.hash,
  }))
}
