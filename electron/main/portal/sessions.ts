import { createHash, randomBytes } from 'node:crypto'
import {
  deleteSession,
  findSessionByHash,
  insertSession,
  touchSession,
} from '../../../db/repositories/portal-sessions.repository'
import { findAccountByClientId } from '../../../db/repositories/portal-accounts.repository'
import type { Db } from '../../../db/repositories/clients.repository'
import { PORTAL_RULES } from './portal-config'

const hashToken = (token: string) => createHash('sha256').update(`portico-session:${token}`).digest('hex')

/** Starts a session: 128 random bits for the cookie, only their hash in the database. */
export async function startSession(db: Db, clientId: number, now: Date): Promise<string> {
  const token = randomBytes(16).toString('base64url')
  await insertSession(db, {
    tokenHash: hashToken(token),
    clientId,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + PORTAL_RULES.sessionAbsoluteMs).toISOString(),
  })
  return token
}

export type SessionCheck =
  | { ok: true; clientId: number; sessionId: number; usernameChangeUntil: string | null }
  | { ok: false; reason: 'missing' | 'idle' | 'expired' | 'disabled' }

/**
 * Reads a session on each request. It ends (and is deleted) when idle for 15 minutes, 12 hours
 * after sign-in, or as soon as staff have turned the client's portal access off.
 */
export async function checkSession(db: Db, token: string | undefined, now: Date): Promise<SessionCheck> {
  if (!token || token.length > 64) return { ok: false, reason: 'missing' }
  const session = await findSessionByHash(db, hashToken(token))
  if (!session) return { ok: false, reason: 'missing' }
  const idle = now.getTime() - new Date(session.last_seen_at).getTime() > PORTAL_RULES.sessionIdleMs
  const expired = now >= new Date(session.expires_at)
  const account = await findAccountByClientId(db, session.client_id)
  const disabled = !account || account.access_enabled !== 1 || !account.username
  if (idle || expired || disabled) {
    await deleteSession(db, session.id)
    return { ok: false, reason: disabled ? 'disabled' : expired ? 'expired' : 'idle' }
  }
  await touchSession(db, session.id, now.toISOString())
  return { ok: true, clientId: session.client_id, sessionId: session.id, usernameChangeUntil: session.username_change_until }
}

export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (!token || token.length > 64) return
  const session = await findSessionByHash(db, hashToken(token))
  if (session) await deleteSession(db, session.id)
}
