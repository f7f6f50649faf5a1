import type { Db } from './clients.repository'

export async function insertSession(
  db: Db,
  session: { tokenHash: string; clientId: number; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('portal_sessions')
    .values({
      token_hash: session.tokenHash,
      client_id: session.clientId,
      created_at: session.now,
      last_seen_at: session.now,
      expires_at: session.expiresAt,
    })
    .execute()
}

export async function findSessionByHash(db: Db, tokenHash: string) {
  return db.selectFrom('portal_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
}

export async function touchSession(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('portal_sessions').set({ last_seen_at: now }).where('id', '=', id).execute()
}

export async function deleteSession(db: Db, id: number): Promise<void> {
  await db.deleteFrom('portal_sessions').where('id', '=', id).execute()
}

/** Opens (or, with null, ends) the username change in progress for one session. */
export async function setUsernameChangeUntil(db: Db, sessionId: number, until: string | null): Promise<void> {
  await db.updateTable('portal_sessions').set({ username_change_until: until }).where('id', '=', sessionId).execute()
}

/** Ends every session of a client: after a password reset, or when access is turned off. */
export async function deleteSessionsForClient(db: Db, clientId: number): Promise<number> {
  const result = await db.deleteFrom('portal_sessions').where('client_id', '=', clientId).executeTakeFirst()
  return Number(result.numDeletedRows)
}
