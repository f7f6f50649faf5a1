import type { Transaction } from 'kysely'
import type { Database } from '../schema'
import { appendAuditBatch } from './audit-batch'
import type { Actor } from './audit.repository'
import type { Db } from './clients.repository'

/** Inactive clients whose portal access is still on (an invite turns it on, so invited ones too). */
function inactiveWithAccess(db: Db) {
  return db
    .selectFrom('portal_accounts')
    .innerJoin('clients', 'clients.id', 'portal_accounts.client_id')
    .where('portal_accounts.access_enabled', '=', 1)
    .where('clients.status', '=', 'inactive')
}

/** How many rows of `table` each client in `ids` has that match, by client. */
async function perClient(trx: Db, table: 'portal_sessions' | 'portal_invites' | 'portal_password_resets', ids: number[]): Promise<Map<number, number>> {
  let q = trx.selectFrom(table).select(['client_id', (eb) => eb.fn.countAll<number>().as('n')]).where('client_id', 'in', ids)
  if (table !== 'portal_sessions') q = q.where('used_at', 'is', null).where('voided_at', 'is', null)
  const rows = await q.groupBy('client_id').execute()
  return new Map(rows.map((r) => [r.client_id, Number(r.n)]))
}

/**
 * Turns portal access off for up to `limit` inactive clients whose access is on, inside the
 * caller's write transaction, as marking one client inactive does (see setClientStatus): access
 * off, every portal session ended, every open invite and reset code voided, and one
 * `portal.access.disable` event per client, chained in one batch (in client id order). Clients
 * whose access is already off are not touched and get no event. Returns the ids it turned off,
 * and whether any are left.
 */
export async function turnOffInactivePortals(trx: Transaction<Database>, actor: Actor, now: string, limit: number): Promise<{ ids: number[]; more: boolean }> {
  // No ORDER BY: the first `limit` found stop the read, where sorting would read every match first.
  const found = (await inactiveWithAccess(trx).select('portal_accounts.client_id').limit(limit + 1).execute()).map((r) => r.client_id)
  const ids = found.slice(0, limit).sort((a, b) => a - b)
  if (ids.length === 0) return { ids, more: false }
  const [sessions, invites, resets] = [await perClient(trx, 'portal_sessions', ids), await perClient(trx, 'portal_invites', ids), await perClient(trx, 'portal_password_resets', ids)]
  await trx.updateTable('portal_accounts').set({ access_enabled: 0, updated_at: now }).where('client_id', 'in', ids).execute()
  await trx.deleteFrom('portal_sessions').where('client_id', 'in', ids).execute()
  for (const table of ['portal_invites', 'portal_password_resets'] as const) {
    await trx.updateTable(table).set({ voided_at: now }).where('client_id', 'in', ids).where('used_at', 'is', null).where('voided_at', 'is', null).execute()
  }
  await appendAuditBatch(
    trx,
    ids.map((clientId) => ({
      actor,
      at: now,
      action: 'portal.access.disable',
      clientId,
      outcome: 'success' as const,
      detail: { reason: 'inactive clients', sessionsEnded: sessions.get(clientId) ?? 0, invitesVoided: invites.get(clientId) ?? 0, resetCodesVoided: resets.get(clientId) ?? 0 },
    })),
  )
  return { ids, more: found.length > limit }
}
