import { stringify } from 'csv-stringify/sync'
import { asSpreadsheetText } from '../../../shared/spreadsheet-text'
import { type AuditExportEntry, auditEventsBetween, portalActivity } from '../../../db/repositories/audit-reports.repository'
import type { ActivityItem } from '../../../shared/dto'
import { localDayStart } from '../../../shared/local-date'
import type { HandlerMap } from '../dispatcher'

/** The export's header names (as they always were) for each field. */
const EXPORT_COLUMNS: { key: keyof AuditExportEntry; header: string }[] = [
  { key: 'id', header: 'id' },
  { key: 'occurredAt', header: 'occurred_at' },
  { key: 'actorType', header: 'actor_type' },
  { key: 'actorName', header: 'actor_name' },
  { key: 'actorStaffId', header: 'actor_staff_id' },
  { key: 'workstation', header: 'workstation' },
  { key: 'action', header: 'action' },
  { key: 'clientId', header: 'client_id' },
  { key: 'outcome', header: 'outcome' },
  { key: 'detail', header: 'detail' },
  { key: 'hash', header: 'hash' },
]

const ROLE_WORDS = { admin: 'admin', front_desk: 'front desk' } as const

/** The Activity tab's words for each portal event; the actor is filled in where staff acted. */
const PHRASES: Record<string, { success: string; failure?: string; denied?: string }> = {
  'portal.access.enable': { success: 'Portal access turned on by {actor}', failure: 'Turning portal access on failed ({actor})' },
  'portal.access.disable': { success: 'Portal access turned off by {actor}', failure: 'Turning portal access off failed ({actor})' },
  'portal.invite.send': { success: 'Portal invite sent by {actor}', failure: 'Sending a portal invite failed ({actor})' },
  'portal.password.reset-code': { success: 'Password reset code issued by {actor}', failure: 'Issuing a reset code failed ({actor})' },
  'portal.account.unlock': { success: 'Portal sign-in unlocked by {actor}' },
  'portal.activate': { success: 'The client activated their portal account', failure: 'An attempt to activate the portal account failed' },
  'portal.sign-in': {
    success: 'The client signed in to the portal',
    failure: 'A portal sign-in failed (wrong password)',
    denied: 'A portal sign-in was refused (access off or locked)',
  },
  'portal.password.reset': { success: 'The client reset their portal password', failure: 'A password reset with a code failed' },
  'portal.username.change': { success: 'The client changed their portal username', failure: 'A username change failed (wrong password)' },
}

export const activityHandlers = {
  /** The client's portal history in plain words, newest first. */
  getClientActivity: async ({ clientId }, ctx) => {
    const rows = await portalActivity(ctx.db, clientId)
    return rows.flatMap((row): ActivityItem[] => {
      const phrase = PHRASES[row.action]
      if (!phrase) return []
      const template = phrase[row.outcome] ?? phrase.failure ?? phrase.success
      const actor = row.actorRole ? `${row.actorName} (${ROLE_WORDS[row.actorRole]})` : row.actorName
      return [{ id: row.id, at: row.at, text: template.replace('{actor}', actor), outcome: row.outcome }]
    })
  },

  /**
   * The audit log for a date range as CSV, for admins. The days are this desk's calendar days
   * (both included), as the admin picked them; events are stored in UTC. The range ends at the
   * local midnight after `to`, not 24 hours after its start: a day the clocks change is 23 or 25 hours.
   * The export is a read: when the database can't record it, it still downloads and its event waits.
   */
  exportAudit: async ({ from, to }, ctx) => {
    const start = localDayStart(from).toISOString()
    const end = localDayStart(to, 1).toISOString()
    const rows = await auditEventsBetween(ctx.db, start, end)
    const csv = stringify(rows, { header: true, cast: { string: asSpreadsheetText }, columns: EXPORT_COLUMNS })
    await ctx.pendingAudits.record({ actor: ctx.actor, at: ctx.now().toISOString(), action: 'audit.export', clientId: null, outcome: 'success', detail: { from, to, rows: rows.length } }, { durable: true })
    return { filename: `portico-audit-${from}-to-${to}.csv`, csv, rows: rows.length }
  },
} satisfies Pick<HandlerMap, 'getClientActivity' | 'exportAudit'>
