import type { PortalAccess } from '../../shared/dto'
import { type PortalAccountRow, type PortalInviteRow, sqlBool } from '../schema'
import type { Db } from './clients.repository'
import { type NewCode, issueCode } from './one-time-codes.repository'
import { THROTTLE_CLEARED } from './sign-in-throttles.repository'

/** The one place portal rows become the panel's DTO. */
export function portalRowsToAccess(
  clientId: number,
  account: PortalAccountRow | undefined,
  invite: PortalInviteRow | undefined,
  now: Date,
): PortalAccess {
  const username = account?.username ?? null
  return {
    clientId,
    state: username ? 'account' : invite ? 'invited' : 'none',
    username,
    enabled: account?.access_enabled === 1,
    invite:
      invite && !username
        ? { sentAt: invite.created_at, expiresAt: invite.expires_at, expired: new Date(invite.expires_at) <= now }
        : null,
    activatedAt: account?.activated_at ?? null,
    lastSignInAt: account?.last_sign_in_at ?? null,
    lockedUntil: account?.locked_until && new Date(account.locked_until) > now ? account.locked_until : null,
  }
}

/** The newest invite that has been neither used nor voided (it may have expired). */
export async function latestOpenInvite(db: Db, clientId: number): Promise<PortalInviteRow | undefined> {
  return db
    .selectFrom('portal_invites')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export async function getPortalAccess(db: Db, clientId: number, now: Date): Promise<PortalAccess> {
  const account = await db.selectFrom('portal_accounts').selectAll().where('client_id', '=', clientId).executeTakeFirst()
  return portalRowsToAccess(clientId, account, await latestOpenInvite(db, clientId), now)
}

async function upsertAccount(db: Db, clientId: number, now: string, set: { access_enabled: number; invited_at?: string }) {
  await db
    .insertInto('portal_accounts')
    .values({ client_id: clientId, created_at: now, updated_at: now, ...set })
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ ...set, updated_at: now }))
    .execute()
}

/** Turns sign-in on or off. A client with no account yet gets an empty one holding the switch. */
export async function setAccessEnabled(db: Db, clientId: number, enabled: boolean, now: string): Promise<void> {
  await upsertAccount(db, clientId, now, { access_enabled: sqlBool(enabled) })
}

/**
 * Records a new invite (by its hash only), voids every older open invite for the client, and turns
 * portal access on so the client can sign in once they have chosen a username.
 */
export async function createInvite(db: Db, invite: NewCode): Promise<void> {
  await issueCode(db, 'portal_invites', invite)
  await upsertAccount(db, invite.clientId, invite.now, { access_enabled: 1, invited_at: invite.now })
}

/** Clears a sign-in lock, any delay and the failed-attempt count: the client can sign in at once. */
export async function unlockAccount(db: Db, clientId: number, now: string): Promise<void> {
  await db
    .updateTable('portal_accounts')
    .set({ ...THROTTLE_CLEARED, updated_at: now })
    .where('client_id', '=', clientId)
    .execute()
}
