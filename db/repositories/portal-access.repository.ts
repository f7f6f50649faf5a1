import type { PortalAccess } from '../../shared/dto'
import { type PortalAccountRow, type PortalInviteRow, sqlBool } from '../schema'
import type { Db } from './clients.repository'
import { type NewCode, issueCode } from './one-time-codes.repository'
import { THROTTLE_CLEARED } from './sign-in-throttles.repository'

/** The one place portal rows become the panel's DTO. */
export function portalRowsToAccess(
  clientId: number,
  account: Pick<PortalAccountRow, 'username' | 'access_enabled' | 'activated_at' | 'last_sign_in_at' | 'locked_until'> | undefined,
  invite: Pick<PortalInviteRow, 'created_at' | 'expires_at'> | undefined,
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

/** The panel's state for one client, in one statement: their account and newest open invite. */
export async function getPortalAccess(db: Db, clientId: number, now: Date): Promise<PortalAccess> {
  const row = await db
    .selectFrom('clients')
    .leftJoin('portal_accounts as account', 'account.client_id', 'clients.id')
    .leftJoin('portal_invites as invite', (join) =>
      join.on((eb) =>
        eb(
          'invite.id',
          '=',
          eb
            .selectFrom('portal_invites as open')
            .select('open.id')
            .whereRef('open.client_id', '=', 'clients.id')
            .where('open.used_at', 'is', null)
            .where('open.voided_at', 'is', null)
            .orderBy('open.id', 'desc')
            .limit(1),
        ),
      ),
    )
    .select([
      'account.client_id as account_client_id',
      'account.username',
      'account.access_enabled',
      'account.activated_at',
      'account.last_sign_in_at',
      'account.locked_until',
      'invite.created_at as invite_sent_at',
      'invite.expires_at as invite_expires_at',
    ])
    .where('clients.id', '=', clientId)
    .executeTakeFirst()
  const account = row?.account_client_id != null ? { ...row, access_enabled: row.access_enabled ?? 0 } : undefined
  const invite = row?.invite_sent_at != null && row.invite_expires_at != null ? { created_at: row.invite_sent_at, expires_at: row.invite_expires_at } : undefined
  return portalRowsToAccess(clientId, account, invite, now)
}

async function upsertAccount(db: Db, clientId: number, now: string, set: { access_enabled: number; invited_at?: string }) {
  await db
    .insertInto('portal_accounts')
    .values({ client_id: clientId, created_at: now, updated_at: now, ...set })
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ ...set, updated_at: now }))
    .execute()
}

/**
 * Turns sign-in on or off; false when there is no such client. A client with no account yet gets an
 * empty one holding the switch. The client's existence is checked by the same statement.
 */
export async function setAccessEnabled(db: Db, clientId: number, enabled: boolean, now: string): Promise<boolean> {
  const saved = await db
    .insertInto('portal_accounts')
    .columns(['client_id', 'created_at', 'updated_at', 'access_enabled'])
    .expression(
      db
        .selectFrom('clients')
        .select((eb) => ['clients.id', eb.cast(eb.val(now), 'text').as('created_at'), eb.cast(eb.val(now), 'text').as('updated_at'), eb.cast(eb.val(sqlBool(enabled)), 'integer').as('access_enabled')])
        .where('clients.id', '=', clientId),
    )
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ access_enabled: sqlBool(enabled), updated_at: now }))
    .returning('client_id')
    .executeTakeFirst()
  return saved !== undefined
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
