import { stringify } from 'csv-stringify/sync'
import { appendAudit } from '../../../db/repositories/audit.repository'
import type { ActivityItem } from '../../../shared/dto'
import type { HandlerMap } from '../dispatcher'

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
    const rows = await ctx.db
      .selectFrom('audit_events')
      .leftJoin('staff_accounts', 'staff_accounts.id', 'audit_events.actor_staff_id')
      .select(['audit_events.id', 'audit_events.occurred_at', 'audit_events.action', 'audit_events.outcome', 'audit_events.actor_name', 'staff_accounts.role'])
      .where('audit_events.client_id', '=', clientId)
      .where('audit_events.action', 'like', 'portal.%')
      .orderBy('audit_events.id', 'desc')
      .limit(200)
      .execute()
    return rows.flatMap((row): ActivityItem[] => {
      const phrase = PHRASES[row.action]
      if (!phrase) return []
      const template = phrase[row.outcome] ?? phrase.failure ?? phrase.success
      const actor = row.role ? `${row.actor_name} (${ROLE_WORDS[row.role]})` : row.actor_name
      return [{ id: row.id, at: row.occurred_at, text: template.replace('{actor}', actor), outcome: row.outcome }]
    })
  },

  /**
   * The audit log for a date range as CSV, for admins. The days are this desk's calendar days
   * (both included), as the admin picked them; events are stored in UTC.
   */
  exportAudit: async ({ from, to }, ctx) => {
    const start = new Date(`${from}T00:00:00`).toISOString()
    const end = new Date(new Date(`${to}T00:00:00`).getTime() + 24 * 3600_000 - 1).toISOString()
    const rows = await ctx.db
      .selectFrom('audit_events')
      .select(['id', 'occurred_at', 'actor_type', 'actor_name', 'actor_staff_id', 'workstation', 'action', 'client_id', 'outcome', 'detail', 'hash'])
      .where('occurred_at', '>=', start)
      .where('occurred_at', '<=', end)
      .orderBy('id')
      .execute()
    // A cell starting with = + - or @ would run as a formula in a spreadsheet: quote it as text.
    const cast = { string: (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) }
    const csv = stringify(rows, { header: true, cast, columns: ['id', 'occurred_at', 'actor_type', 'actor_name', 'actor_staff_id', 'workstation', 'action', 'client_id', 'outcome', 'detail', 'hash'] })
    await appendAudit(ctx.db, { actor: ctx.actor, at: ctx.now().toISOString(), action: 'audit.export', clientId: null, outcome: 'success', detail: { from, to, rows: rows.length } })
    return { filename: `portico-audit-${from}-to-${to}.csv`, csv, rows: rows.length }
  },
} satisfies Pick<HandlerMap, 'getClientActivity' | 'exportAudit'>
