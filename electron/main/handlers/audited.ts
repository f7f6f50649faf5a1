import type { Transaction } from 'kysely'
import { databaseFault } from '../../../db/dialect/faults'
import { appendAudit } from '../../../db/repositories/audit.repository'
import type { Database } from '../../../db/schema'
import type { HandlerContext } from '../context'

interface AuditedAction {
  action: string
  clientId: number | null
  detail?: Record<string, unknown>
}

/**
 * Runs a change and its audit event in one transaction, so a change is never saved unaudited.
 * When the change fails, a failure event is written if the database allows it (it may be the
 * database that failed), and the original error is rethrown for the dispatcher.
 */
export async function audited<T>(
  ctx: HandlerContext,
  what: AuditedAction,
  change: (trx: Transaction<Database>, now: string) => Promise<T>,
): Promise<T> {
  const now = ctx.now().toISOString()
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const value = await change(trx, now)
      await appendAudit(trx, { actor: ctx.actor, at: now, outcome: 'success', ...what })
      return value
    })
  } catch (error) {
    // When the database is busy or out of reach, recording the failure would only wait out the timeout again.
    const fault = databaseFault(error)
    if (fault !== 'busy' && fault !== 'unreachable') {
      await appendAudit(ctx.db, { actor: ctx.actor, at: now, outcome: 'failure', ...what }).catch(() => undefined)
    }
    throw error
  }
}
