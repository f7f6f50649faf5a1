import { appendAudit } from '../../../db/repositories/audit.repository'
import type { HandlerMap } from '../dispatcher'

/** Settings → Client portal. Until staff accounts exist, any desk may turn it on (a later issue limits this to admins). */
export const portalServerHandlers = {
  getPortalServer: (_input, ctx) => ctx.portalServer.status(),

  // Not inside a transaction: starting the server writes settings through the same single
  // connection, and the listener can take a moment. The outcome is audited afterwards.
  setPortalServer: async ({ enabled, port }, ctx) => {
    const status = await ctx.portalServer.apply({ enabled, port })
    await appendAudit(ctx.db, {
      actor: ctx.actor,
      at: ctx.now().toISOString(),
      action: enabled ? 'portal.server.enable' : 'portal.server.disable',
      clientId: null,
      outcome: status.error ? 'failure' : 'success',
      detail: { port },
    })
    return status
  },
} satisfies Pick<HandlerMap, 'getPortalServer' | 'setPortalServer'>
