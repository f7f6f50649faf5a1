import type { HandlerMap } from '../dispatcher'
import { audited } from './audited'

/** Settings → Client portal. Until staff accounts exist, any desk may turn it on (a later issue limits this to admins). */
export const portalServerHandlers = {
  getPortalServer: (_input, ctx) => ctx.portalServer.status(),

  setPortalServer: async ({ enabled, port }, ctx) => {
    const action = enabled ? 'portal.server.enable' : 'portal.server.disable'
    return audited(ctx, { action, clientId: null, detail: { port } }, async () => ctx.portalServer.apply({ enabled, port }))
  },
} satisfies Pick<HandlerMap, 'getPortalServer' | 'setPortalServer'>
