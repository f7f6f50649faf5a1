import type { Db } from './clients.repository'
import { THROTTLE_CLEARED } from './sign-in-throttles.repository'

/** A portal account with what sign-in and the portal need to know of its client. */
export async function findAccountByUsernameKey(db: Db, usernameKey: string) {
  return db
    .selectFrom('portal_accounts')
    .innerJoin('clients', 'clients.id', 'portal_accounts.client_id')
    .selectAll('portal_accounts')
    .select(['clients.first_name', 'clients.last_name', 'clients.preferred_name', 'clients.status'])
    .where('portal_accounts.username_key', '=', usernameKey)
    .executeTakeFirst()
}

export async function findAccountByClientId(db: Db, clientId: number) {
  return db
    .selectFrom('portal_accounts')
    .innerJoin('clients', 'clients.id', 'portal_accounts.client_id')
    .selectAll('portal_accounts')
    .select(['clients.first_name', 'clients.last_name', 'clients.preferred_name', 'clients.status', 'clients.email', 'clients.date_of_birth'])
    .where('portal_accounts.client_id', '=', clientId)
    .executeTakeFirst()
}

export async function isUsernameKeyTaken(db: Db, usernameKey: string, exceptClientId?: number): Promise<boolean> {
  let q = db.selectFrom('portal_accounts').select('client_id').where('username_key', '=', usernameKey)
  if (exceptClientId !== undefined) q = q.where('client_id', '!=', exceptClientId)
  return (await q.executeTakeFirst()) !== undefined
}


export async function recordSignIn(db: Db, clientId: number, now: string): Promise<void> {
  await db
    .updateTable('portal_accounts')
    .set({ ...THROTTLE_CLEARED, last_sign_in_at: now, updated_at: now })
    .where('client_id', '=', clientId)
    .execute()
}

/** The client's first username and password, from their invite. */
export async function activateAccount(
  db: Db,
  account: { clientId: number; username: string; usernameKey: string; passwordHash: string; now: string },
): Promise<void> {
  await db
    .updateTable('portal_accounts')
    .set({
      username: account.username,
      username_key: account.usernameKey,
      password_hash: account.passwordHash,
      activated_at: account.now,
      ...THROTTLE_CLEARED,
      updated_at: account.now,
    })
    .where('client_id', '=', account.clientId)
    .execute()
}

/** A new password ends any lock or delay, as the client has just proved who they are with a desk-issued code. */
export async function setPasswordHash(db: Db, clientId: number, passwordHash: string, now: string): Promise<void> {
  await db
    .updateTable('portal_accounts')
    .set({ password_hash: passwordHash, ...THROTTLE_CLEARED, updated_at: now })
    .where('client_id', '=', clientId)
    .execute()
}

/** Only the client, signed in and re-authenticated, ever reaches this. */
export async function setUsername(db: Db, clientId: number, username: string, usernameKey: string, now: string): Promise<void> {
  await db
    .updateTable('portal_accounts')
    .set({ username, username_key: usernameKey, updated_at: now })
    .where('client_id', '=', clientId)
    .execute()
}
