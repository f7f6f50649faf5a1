import { appendAudit } from '../../../db/repositories/audit.repository'
import type { HandlerMap } from '../dispatcher'

/** Settings → Client portal (admins): serving it, its port, and the certificate it serves HTTPS with. */
export const portalServerHandlers = {
  getPortalServer: (_input, ctx) => ctx.portalServer.status(),

  // Not inside a transaction: starting the server writes settings through the same single
  // connection, and the listener can take a moment. The outcome is audited afterwards.
  setPortalServer: async ({ enabled, port, address }, ctx) => {
    const status = await ctx.portalServer.apply({ enabled, port, address })
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

  // The files go to this desk's data folder, not the database; the audit records only that a
  // certificate was added and until when it is valid, never the files.
  setPortalCertificate: async ({ certificate, key }, ctx) => {
    const status = await ctx.portalServer.setCertificate({ cert: certificate, key })
    await appendAudit(ctx.db, {
      actor: ctx.actor,
      at: ctx.now().toISOString(),
      action: 'portal.server.certificate.add',
      clientId: null,
      outcome: status.error ? 'failure' : 'success',
      detail: { expiresAt: status.certificate?.expiresAt ?? null },
    })
    return status
  },

  removePortalCertificate: async (_input, ctx) => {
    const status = await ctx.portalServer.removeCertificate()
    await appendAudit(ctx.db, { actor: ctx.actor, at: ctx.now().toISOString(), action: 'portal.server.certificate.remove', clientId: null, outcome: 'success', detail: {} })
    return status
  },
} satisfies Pick<HandlerMap, 'getPortalServer' | 'setPortalServer' | 'setPortalCertificate' | 'removePortalCertificate'>
