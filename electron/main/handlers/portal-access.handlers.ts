import { findClientRow } from '../../../db/repositories/clients.repository'
import { issueCode } from '../../../db/repositories/one-time-codes.repository'
import { createInvite, getPortalAccess, setAccessEnabled, unlockAccount } from '../../../db/repositories/portal-access.repository'
import { deleteSessionsForClient } from '../../../db/repositories/portal-sessions.repository'
import { practiceIdentity } from '../../../db/repositories/practice-identity'
import { getSetting } from '../../../db/repositories/settings.repository'
import type { HandoutPractice } from '../../../shared/dto'
import { AppError, notFound } from '../app-error'
import type { HandlerContext } from '../context'
import type { HandlerMap } from '../dispatcher'
import { hashOneTimeCode, newOneTimeCode } from '../services/one-time-code'
import { audited } from './audited'
import { readPracticeDetails } from './practice-details.handlers'

/** An invite lasts 48 hours. */
const laterBy = (isoNow: string, ms: number): string => new Date(Date.parse(isoNow) + ms).toISOString()

export const INVITE_TTL_MS = 48 * 60 * 60 * 1000
/** A password reset code lasts 1 hour. */
export const RESET_TTL_MS = 60 * 60 * 1000

/** What a handout says about the practice, from Settings → Practice. */
async function handoutPractice(ctx: HandlerContext): Promise<HandoutPractice> {
  const details = await readPracticeDetails(ctx.db)
  return { name: details.name, phone: details.phone, address: details.publicUrl || null }
}

const portalLink = async (ctx: HandlerContext, path: string) =>
  `${(await getSetting(ctx.db, 'portal.publicUrl')).replace(/\/+$/, '')}${path}`

/** How long to wait for the portal to answer before telling staff it isn't (a LAN address may not refuse). */
const PORTAL_PROBE_MS = 800
/**
 * Whether this practice's portal answers at the link's address right now: this desk's, or one
 * another computer runs on the same database. A portal of another practice on the same address
 * (it says which practice it serves) doesn't count. The address is main's own setting, never the
 * renderer's.
 */
export async function portalAnswering(link: string, db: HandlerContext['db']): Promise<boolean> {
  try {
    const [answer, ours] = await Promise.all([
      fetch(new URL('/api/practice', link), { redirect: 'manual', signal: AbortSignal.timeout(PORTAL_PROBE_MS) }),
      practiceIdentity(db),
    ])
    if (!answer.ok || ours === null) return false
    const body = (await answer.json()) as { value?: { practice?: unknown } }
    return body.value?.practice === ours
  } catch {
    return false
  }
}

/**
 * The Client Portal Access panel's changes. There is no handler that touches a username: staff can
 * only read it (through getClient) and tell the client.
 */
export const portalAccessHandlers = {
  setPortalAccess: async ({ clientId, enabled }, ctx) => {
    const action = enabled ? 'portal.access.enable' : 'portal.access.disable'
    await audited(ctx, { action, clientId }, async (trx, now) => {
      const switched = await setAccessEnabled(trx, clientId, enabled, now)
      if (switched === 'no-client') throw notFound()
      if (switched === 'no-account') {
        throw new AppError('CONFLICT', 'This client has no portal account yet, so there is nothing to turn on. Send a portal invite: they choose a username, and access turns on.')
      }
      // Turning access off ends the client's sessions now, not only on their next request.
      if (!enabled) await deleteSessionsForClient(trx, clientId)
    })
    return getPortalAccess(ctx.db, clientId, ctx.now())
  },

  sendPortalInvite: async ({ clientId }, ctx) => {
    const code = newOneTimeCode()
    // The expiry is counted from the same clock reading the invite is stamped with.
    const expiresAt = await audited(ctx, { action: 'portal.invite.send', clientId }, async (trx, now) => {
      const client = await findClientRow(trx, clientId)
      if (!client) throw notFound()
      if (client.portal_username) {
        throw new AppError('CONFLICT', 'This client already has a portal account. Tell them their username instead.')
      }
      if (client.status === 'inactive') {
        throw new AppError('CONFLICT', 'This client is marked inactive. Mark them active before sending an invite.')
      }
      const expiresAt = laterBy(now, INVITE_TTL_MS)
      await createInvite(trx, { clientId, tokenHash: hashOneTimeCode(code), now, expiresAt })
      return expiresAt
    })
    const portalUrl = await portalLink(ctx, '/activate')
    return { portal: await getPortalAccess(ctx.db, clientId, ctx.now()), code, portalUrl, portalAnswering: await portalAnswering(portalUrl, ctx.db), expiresAt, practice: await handoutPractice(ctx) }
  },

  /** Staff never see or choose a password: they hand the client a one-time code (1 hour, newest only). */
  sendPasswordReset: async ({ clientId }, ctx) => {
    const code = newOneTimeCode()
    const expiresAt = await audited(ctx, { action: 'portal.password.reset-code', clientId }, async (trx, now) => {
      const client = await findClientRow(trx, clientId)
      if (!client) throw notFound()
      if (!client.portal_username) {
        throw new AppError('CONFLICT', 'This client has no portal account yet. Send a portal invite instead.')
      }
      const expiresAt = laterBy(now, RESET_TTL_MS)
      await issueCode(trx, 'portal_password_resets', { clientId, tokenHash: hashOneTimeCode(code), now, expiresAt })
      return expiresAt
    })
    const resetUrl = await portalLink(ctx, '/reset-password')
    return { portal: await getPortalAccess(ctx.db, clientId, ctx.now()), code, resetUrl, portalAnswering: await portalAnswering(resetUrl, ctx.db), expiresAt, practice: await handoutPractice(ctx) }
  },

  unlockPortalAccount: async ({ clientId }, ctx) => {
    await audited(ctx, { action: 'portal.account.unlock', clientId }, async (trx, now) => {
      if (!(await findClientRow(trx, clientId))) throw notFound()
      await unlockAccount(trx, clientId, now)
    })
    return getPortalAccess(ctx.db, clientId, ctx.now())
  },
} satisfies Pick<HandlerMap, 'setPortalAccess' | 'sendPortalInvite' | 'sendPasswordReset' | 'unlockPortalAccount'>
