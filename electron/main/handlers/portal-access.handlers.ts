import { findClientRow } from '../../../db/repositories/clients.repository'
import { createInvite, getPortalAccess, setAccessEnabled } from '../../../db/repositories/portal-access.repository'
import { getSetting } from '../../../db/repositories/settings.repository'
import { AppError, notFound } from '../app-error'
import type { HandlerMap } from '../dispatcher'
import { hashOneTimeCode, newOneTimeCode } from '../services/one-time-code'
import { audited } from './audited'

/** An invite lasts 48 hours. */
export const INVITE_TTL_MS = 48 * 60 * 60 * 1000

/**
 * The Client Portal Access panel's changes. There is no handler that touches a username: staff can
 * only read it (through getClient) and tell the client.
 */
export const portalAccessHandlers = {
  setPortalAccess: async ({ clientId, enabled }, ctx) => {
    const action = enabled ? 'portal.access.enable' : 'portal.access.disable'
    await audited(ctx, { action, clientId }, async (trx, now) => {
      if (!(await findClientRow(trx, clientId))) throw notFound()
      await setAccessEnabled(trx, clientId, enabled, now)
    })
    return getPortalAccess(ctx.db, clientId, ctx.now())
  },

  sendPortalInvite: async ({ clientId }, ctx) => {
    const code = newOneTimeCode()
    const nowDate = ctx.now()
    const expiresAt = new Date(nowDate.getTime() + INVITE_TTL_MS).toISOString()
    await audited(ctx, { action: 'portal.invite.send', clientId }, async (trx, now) => {
      const client = await findClientRow(trx, clientId)
      if (!client) throw notFound()
      if (client.portal_username) {
        throw new AppError('CONFLICT', 'This client already has a portal account. Tell them their username instead.')
      }
      if (client.status === 'inactive') {
        throw new AppError('CONFLICT', 'This client is marked inactive. Mark them active before sending an invite.')
      }
      await createInvite(trx, { clientId, tokenHash: hashOneTimeCode(code), now, expiresAt })
    })
    const portalUrl = `${(await getSetting(ctx.db, 'portal.publicUrl')).replace(/\/+$/, '')}/activate`
    return { portal: await getPortalAccess(ctx.db, clientId, ctx.now()), code, portalUrl, expiresAt }
  },
} satisfies Pick<HandlerMap, 'setPortalAccess' | 'sendPortalInvite'>
