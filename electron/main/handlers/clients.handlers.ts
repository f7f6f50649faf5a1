import { appendAudit } from '../../../db/repositories/audit.repository'
import {
  type Db,
  findClientRecord,
  insertClient,
  listClients,
  setClientStatus,
  updateClientFields,
} from '../../../db/repositories/clients.repository'
import { voidOpenCodes } from '../../../db/repositories/one-time-codes.repository'
import { getPortalAccess, setAccessEnabled } from '../../../db/repositories/portal-access.repository'
import { deleteSessionsForClient } from '../../../db/repositories/portal-sessions.repository'
import { databaseFault } from '../../../db/dialect/faults'
import { ClientDetail } from '../../../shared/dto'
import { AppError, damagedProfile, notFound } from '../app-error'
import type { HandlerContext } from '../context'
import type { HandlerMap } from '../dispatcher'
import { audited } from './audited'
import { detailAsShown, pageAsShown, practiceCountryShown, withStoredPhone } from './client-phones'
import { noteProfileShown, profileIsShown } from './open-profile'

/**
 * Loads everything the profile pane and the portal panel show for one client: the client's row and
 * the portal access (account and open invite), whose username and switch the summary shares. A row
 * that can't be read as a client (garbled, or on a damaged page) is refused with a plain message.
 */
export async function loadClientDetail(db: Db, clientId: number, now: Date): Promise<ClientDetail> {
  try {
    const record = await findClientRecord(db, clientId)
    if (!record) throw notFound()
    if (record.summary.damaged) throw damagedProfile(clientId)
    const portal = await getPortalAccess(db, clientId, now)
    const { damaged: _sound, ...summary } = record.summary
    const detail = ClientDetail.safeParse({
      ...summary,
      portalUsername: portal.username,
      portalEnabled: portal.enabled,
      dateOfBirth: record.dateOfBirth,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      portal,
    })
    if (!detail.success) throw damagedProfile(clientId)
    return detailAsShown(detail.data, await practiceCountryShown(db))
  } catch (error) {
    throw databaseFault(error) === 'damaged' ? damagedProfile(clientId) : error
  }
}

/** A client seen damaged is told to admins, and logged by id (never by what the row holds). */
function noteDamaged(ctx: HandlerContext, ids: number[]): void {
  const fresh = ctx.session.damage.noteDamagedRows(ids)
  if (fresh.length > 0) console.error(`[clients] damaged client rows seen: ${fresh.map((id) => `#${String(id)}`).join(', ')}`)
}

/** Reads a profile, and if its row is damaged says so to admins before the plain refusal goes back. */
async function profileOf(ctx: HandlerContext, clientId: number): Promise<ClientDetail> {
  try {
    return await loadClientDetail(ctx.db, clientId, ctx.now())
  } catch (error) {
    if (error instanceof AppError && error.code === 'STORAGE_DAMAGED') noteDamaged(ctx, [clientId])
    throw error
  }
}

export const clientHandlers = {
  listClients: async (input, ctx) => {
    const country = await practiceCountryShown(ctx.db)
    const page = pageAsShown(await listClients(ctx.db, { ...input, country }), country)
    const damaged = page.items.filter((c) => c.damaged).map((c) => c.id)
    if (damaged.length > 0) noteDamaged(ctx, damaged)
    return page
  },

  /**
   * Opening a profile is itself recorded: who looked at which client's record, and when. A read
   * changes nothing, so its event is committed without waiting for the disk (see appendReadAudit);
   * when the database can't take it (full, locked, out of reach) the profile still opens and the
   * event waits to be written (see PendingAudits).
   */
  getClient: async ({ clientId }, ctx) => {
    const detail = await profileOf(ctx, clientId)
    await ctx.pendingAudits.record({ actor: ctx.actor, at: ctx.now().toISOString(), action: 'client.view', clientId, outcome: 'success' })
    noteProfileShown(ctx.session, clientId)
    return detail
  },

  /** The open profile again, for other desks' changes: its view was recorded when it was opened. */
  refreshClient: async ({ clientId }, ctx) => {
    if (!profileIsShown(ctx.session, clientId)) throw new AppError('FORBIDDEN', 'Open this client’s profile to see it.')
    return profileOf(ctx, clientId)
  },

  // The phone is read for the practice's country before anything is written (see withStoredPhone).
  // Each change reads back what the desk shows inside its own transaction: once that commits there
  // is nothing left to fail, so a desk told "nothing was changed" (the server went away) never finds
  // the change saved after all, and a second Save can't add the same client twice.
  createClient: async ({ client }, ctx) => {
    const now = ctx.now().toISOString()
    const fields = await withStoredPhone(ctx.db, client)
    const saved = await ctx.db.transaction().execute(async (trx) => {
      const id = await insertClient(trx, fields, now)
      await appendAudit(trx, { actor: ctx.actor, at: now, action: 'client.create', clientId: id, outcome: 'success' })
      return loadClientDetail(trx, id, ctx.now())
    })
    noteProfileShown(ctx.session, saved.id)
    return saved
  },

  updateClient: async ({ clientId, client }, ctx) => {
    const detail: { fields?: string[] } = {}
    const fields = await withStoredPhone(ctx.db, client, clientId)
    const saved = await audited(ctx, { action: 'client.update', clientId, detail }, async (trx, now) => {
      const changed = await updateClientFields(trx, clientId, fields, now)
      if (changed === null) throw notFound()
      detail.fields = changed
      return loadClientDetail(trx, clientId, ctx.now())
    })
    noteProfileShown(ctx.session, clientId)
    return saved
  },

  setClientStatus: async ({ clientId, status, turnOffPortal }, ctx) => {
    const endPortal = status === 'inactive' && turnOffPortal === true
    const saved = await audited(ctx, { action: 'client.status', clientId, detail: { status } }, async (trx, now) => {
      if (!(await setClientStatus(trx, clientId, status, now))) throw notFound()
      // In the same transaction: a client who has left can't sign in, has no session left open, and
      // no code sent earlier still opens an account. Marking active again never undoes this.
      if (endPortal) {
        await setAccessEnabled(trx, clientId, false, now)
        const sessions = await deleteSessionsForClient(trx, clientId)
        const invites = await voidOpenCodes(trx, 'portal_invites', clientId, now)
        const resetCodes = await voidOpenCodes(trx, 'portal_password_resets', clientId, now)
        const detail = { reason: 'marked inactive', sessionsEnded: sessions, invitesVoided: invites, resetCodesVoided: resetCodes }
        await appendAudit(trx, { actor: ctx.actor, at: now, outcome: 'success', action: 'portal.access.disable', clientId, detail })
      }
      return loadClientDetail(trx, clientId, ctx.now())
    })
    noteProfileShown(ctx.session, clientId)
    return saved
  },
} satisfies Pick<HandlerMap, 'listClients' | 'getClient' | 'refreshClient' | 'createClient' | 'updateClient' | 'setClientStatus'>
