import { databaseFault } from '../../../db/dialect/faults'
import { appendAudit } from '../../../db/repositories/audit.repository'
import { clientCounts } from '../../../db/repositories/client-counts'
import { turnOffInactivePortals } from '../../../db/repositories/inactive-portals.repository'
import type { HandlerMap } from '../dispatcher'

/**
 * Clients turned off per call: one transaction each, so the database is held for a few hundred
 * milliseconds at most and the desk shows progress between calls (10,000 clients: five calls).
 */
export const INACTIVE_PORTALS_BATCH = 2_000

/** The list's filter counts, and turning portal access off for every inactive client at once. */
export const clientListHandlers = {
  countClients: async (_input, ctx) => clientCounts(ctx.db, ctx.now()),

  /**
   * Admins only (the contract's access, checked by the dispatcher against main's own session, so
   * the renderer can't claim it). The actor in every event is main's signed-in admin.
   */
  turnOffInactivePortals: async (_input, ctx) => {
    const now = ctx.now().toISOString()
    try {
      const { ids, more } = await ctx.db.transaction().execute((trx) => turnOffInactivePortals(trx, ctx.actor, now, INACTIVE_PORTALS_BATCH))
      return { turnedOff: ids.length, finished: !more }
    } catch (error) {
      // Nothing was changed; the attempt is recorded if the database can take it (as `audited` does).
      const fault = databaseFault(error)
      if (fault !== 'busy' && fault !== 'unreachable') {
        const detail = { reason: 'inactive clients' }
        await appendAudit(ctx.db, { actor: ctx.actor, at: now, outcome: 'failure', action: 'portal.access.disable', clientId: null, detail }).catch(() => undefined)
      }
      throw error
    }
  },
} satisfies Pick<HandlerMap, 'countClients' | 'turnOffInactivePortals'>
