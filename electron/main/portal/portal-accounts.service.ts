import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { type Actor, appendAudit } from '../../../db/repositories/audit.repository'
import { findClientRow } from '../../../db/repositories/clients.repository'
import { codeProblem, consumeCode, findCodeByHash } from '../../../db/repositories/one-time-codes.repository'
import {
  activateAccount,
  findAccountByClientId,
  findAccountByUsernameKey,
  isUsernameKeyTaken,
  recordSignIn,
  setPasswordHash,
  setUsername,
} from '../../../db/repositories/portal-accounts.repository'
import { deleteSessionsForClient } from '../../../db/repositories/portal-sessions.repository'
import { getSetting } from '../../../db/repositories/settings.repository'
import { countFailedPassword, currentLock } from '../../../db/repositories/sign-in-failures.repository'
import type { Database } from '../../../db/schema'
import type { ActivateBody, ChangeUsernameBody, PortalMe, ResetPasswordBody, SignInBody, UsernameCheck } from '../../../shared/portal-api'
import { canonicalUsername, usernameKey, usernameProblem } from '../../../shared/username'
import { AppError } from '../app-error'
import { hashOneTimeCode } from '../services/one-time-code'
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from '../services/passwords'
import { personalWords } from '../services/personal-words'
import { LOCK_RULE } from './portal-config'

export interface PortalContext {
  db: Kysely<Database>
  now: () => Date
}

/** Portal actions are the client's own; the audit names them by client id, never by what they typed. */
const clientActor: Actor = { type: 'client', name: 'client', workstation: null }

async function audit(ctx: PortalContext, action: string, clientId: number | null, outcome: 'success' | 'failure' | 'denied', detail?: Record<string, unknown>) {
  await appendAudit(ctx.db, { actor: clientActor, at: ctx.now().toISOString(), action, clientId, outcome, ...(detail ? { detail } : {}) })
}

const INVALID_SIGN_IN = new AppError('UNAUTHENTICATED', 'That username and password don’t match. Check both and try again.')
const WRONG_INVITE = 'That invite code and date of birth don’t match. Check both and try again.'
const WRONG_RESET = 'That username and reset code don’t match, or the code is no longer valid. Ask the practice for a new code.'

function usernameFieldProblem(raw: string): AppError | null {
  const problem = usernameProblem(raw)
  return problem ? new AppError('INVALID_INPUT', problem, [{ field: 'username', message: problem }]) : null
}

const usernameTaken = (field: string) =>
  new AppError('CONFLICT', 'That username is already taken. Try another.', [{ field, message: 'That username is already taken. Try another.' }])

/** Checks a new password against everything the practice holds about the client (see personal-words.ts). */
async function passwordFieldProblem(ctx: PortalContext, field: string, password: string, clientId: number, username: string | null): Promise<AppError | null> {
  const client = await findClientRow(ctx.db, clientId)
  const facts = client
    ? { firstName: client.first_name, lastName: client.last_name, preferredName: client.preferred_name, dateOfBirth: client.date_of_birth, email: client.email, phone: client.phone }
    : {}
  const problem = passwordProblem(password, personalWords({ ...facts, username, practiceName: await getSetting(ctx.db, 'practice.name') }))
  return problem ? new AppError('INVALID_INPUT', problem, [{ field, message: problem }]) : null
}

/**
 * Activates an invite: the client proves who they are with the code and their date of birth, then
 * picks their own username and password. A wrong date of birth and an unknown code get the same
 * answer; only once both match does the client learn that the invite expired or was replaced.
 */
export async function activate(ctx: PortalContext, body: z.output<typeof ActivateBody>): Promise<void> {
  const now = ctx.now()
  const invite = await findCodeByHash(ctx.db, 'portal_invites', hashOneTimeCode(body.code))
  const client = invite ? await findClientRow(ctx.db, invite.client_id) : undefined
  if (!invite || !client || client.date_of_birth !== body.dateOfBirth) {
    await audit(ctx, 'portal.activate', null, 'failure', { reason: 'code-or-birth-date' })
    throw new AppError('INVALID_INPUT', WRONG_INVITE)
  }
  if (codeProblem(invite, now)) {
    await audit(ctx, 'portal.activate', client.id, 'failure', { reason: codeProblem(invite, now) })
    throw new AppError('CODE_NOT_USABLE', 'This invite has expired or has already been used. Ask the front desk to resend your invite.')
  }
  const problem = usernameFieldProblem(body.username) ?? (await passwordFieldProblem(ctx, 'password', body.password, client.id, body.username))
  if (problem) {
    await audit(ctx, 'portal.activate', client.id, 'failure', { reason: 'rules', field: problem.fields?.[0]?.field ?? null })
    throw problem
  }
  const key = usernameKey(body.username)
  if (await isUsernameKeyTaken(ctx.db, key, client.id)) {
    await audit(ctx, 'portal.activate', client.id, 'failure', { reason: 'username-taken' })
    throw usernameTaken('username')
  }

  const passwordHash = await hashPassword(body.password) // slow: done before taking the write lock
  const at = ctx.now().toISOString()
  const won = await ctx.db.transaction().execute(async (trx) => {
    if (!(await consumeCode(trx, 'portal_invites', invite.id, at))) return false
    await activateAccount(trx, { clientId: client.id, username: canonicalUsername(body.username), usernameKey: key, passwordHash, now: at })
    await appendAudit(trx, { actor: clientActor, at, action: 'portal.activate', clientId: client.id, outcome: 'success' })
    return true
  })
  if (!won) {
    await audit(ctx, 'portal.activate', client.id, 'failure', { reason: 'code-just-used' })
    throw new AppError('CODE_NOT_USABLE', 'This invite has just been used. Ask the front desk to resend your invite.')
  }
}

export type SignInOutcome = { clientId: number }

/**
 * Checks a username and password. Unknown usernames still spend a full password check, and get
 * the same message as a wrong password. Whether access is off, or the account locked, is only said
 * after the password has been verified.
 */
export async function signIn(ctx: PortalContext, body: z.output<typeof SignInBody>): Promise<SignInOutcome> {
  const now = ctx.now()
  const account = await findAccountByUsernameKey(ctx.db, usernameKey(body.username))
  if (!account?.password_hash) {
    await verifyAgainstDummy(body.password)
    await audit(ctx, 'portal.sign-in', account?.client_id ?? null, 'failure', { reason: account ? 'no-password' : 'unknown-username' })
    throw INVALID_SIGN_IN
  }
  const passwordOk = await verifyPassword(body.password, account.password_hash)
  const at = ctx.now().toISOString()
  const who = { table: 'portal_accounts', id: account.client_id } as const
  // Read after the slow hash check: a lock set by a parallel guess meanwhile still counts.
  const lockedUntil = await currentLock(ctx.db, who)
  const locked = lockedUntil !== null && new Date(lockedUntil) > now
  if (!passwordOk) {
    if (!locked) {
      const lockUntil = await countFailedPassword(ctx.db, who, now, LOCK_RULE)
      await audit(ctx, 'portal.sign-in', account.client_id, 'failure', { reason: 'password', ...(lockUntil ? { locked: true } : {}) })
    } else {
      await audit(ctx, 'portal.sign-in', account.client_id, 'failure', { reason: 'password-while-locked' })
    }
    throw INVALID_SIGN_IN
  }
  if (locked) {
    await audit(ctx, 'portal.sign-in', account.client_id, 'denied', { reason: 'locked' })
    const minutes = Math.max(1, Math.ceil((new Date(lockedUntil!).getTime() - now.getTime()) / 60_000))
    throw new AppError('LOCKED', `After too many attempts, sign-in is paused for ${minutes} more minute${minutes === 1 ? '' : 's'}. Try again then, or ask the practice to unlock it.`)
  }
  if (account.access_enabled !== 1) {
    await audit(ctx, 'portal.sign-in', account.client_id, 'denied', { reason: 'access-disabled' })
    throw new AppError('ACCESS_DISABLED', 'Your portal access is turned off, so you can’t sign in right now. Please contact the practice.')
  }
  await recordSignIn(ctx.db, account.client_id, at)
  await audit(ctx, 'portal.sign-in', account.client_id, 'success')
  return { clientId: account.client_id }
}

/**
 * Sets a new password with a desk-issued reset code (1 hour, single use, newest only). It ends all
 * of the client's sessions and does not sign them in.
 */
export async function resetPassword(ctx: PortalContext, body: z.output<typeof ResetPasswordBody>): Promise<void> {
  const now = ctx.now()
  const account = await findAccountByUsernameKey(ctx.db, usernameKey(body.username))
  const reset = await findCodeByHash(ctx.db, 'portal_password_resets', hashOneTimeCode(body.code))
  if (!account || !reset || reset.client_id !== account.client_id || codeProblem(reset, now)) {
    await audit(ctx, 'portal.password.reset', account?.client_id ?? null, 'failure', { reason: reset ? codeProblem(reset, now) ?? 'mismatch' : 'unknown-code' })
    throw new AppError('INVALID_INPUT', WRONG_RESET)
  }
  const problem = await passwordFieldProblem(ctx, 'newPassword', body.newPassword, account.client_id, account.username)
  if (problem) {
    await audit(ctx, 'portal.password.reset', account.client_id, 'failure', { reason: 'rules' })
    throw problem
  }
  const passwordHash = await hashPassword(body.newPassword)
  const at = ctx.now().toISOString()
  const won = await ctx.db.transaction().execute(async (trx) => {
    if (!(await consumeCode(trx, 'portal_password_resets', reset.id, at))) return false
    await setPasswordHash(trx, account.client_id, passwordHash, at)
    await deleteSessionsForClient(trx, account.client_id)
    await appendAudit(trx, { actor: clientActor, at, action: 'portal.password.reset', clientId: account.client_id, outcome: 'success' })
    return true
  })
  if (!won) {
    await audit(ctx, 'portal.password.reset', account.client_id, 'failure', { reason: 'code-just-used' })
    throw new AppError('INVALID_INPUT', WRONG_RESET)
  }
}

export async function me(ctx: PortalContext, clientId: number): Promise<PortalMe> {
  const account = await findAccountByClientId(ctx.db, clientId)
  if (!account?.username) throw new AppError('UNAUTHENTICATED', 'Please sign in again.')
  return {
    firstName: account.first_name,
    lastName: account.last_name,
    preferredName: account.preferred_name,
    username: account.username,
    email: account.email,
    lastSignInAt: account.last_sign_in_at,
  }
}

/** The live check beside "New username". */
export async function checkUsername(ctx: PortalContext, clientId: number, raw: string): Promise<UsernameCheck> {
  const problem = usernameProblem(raw)
  if (problem) return { available: false, problem }
  const taken = await isUsernameKeyTaken(ctx.db, usernameKey(raw), clientId)
  return { available: !taken, problem: taken ? 'That username is already taken.' : null }
}

/**
 * The article's last step: the signed-in client changes their own username, re-entering their
 * password first. A wrong password counts towards the lockout like a failed sign-in.
 */
export async function changeUsername(ctx: PortalContext, clientId: number, body: z.output<typeof ChangeUsernameBody>): Promise<PortalMe> {
  const account = await findAccountByClientId(ctx.db, clientId)
  if (!account?.password_hash) throw new AppError('UNAUTHENTICATED', 'Please sign in again.')
  const at = ctx.now().toISOString()
  if (!(await verifyPassword(body.currentPassword, account.password_hash))) {
    const lockUntil = await countFailedPassword(ctx.db, { table: 'portal_accounts', id: clientId }, ctx.now(), LOCK_RULE)
    await audit(ctx, 'portal.username.change', clientId, 'failure', { reason: 'password' })
    if (lockUntil) await deleteSessionsForClient(ctx.db, clientId)
    throw new AppError('INVALID_INPUT', 'That isn’t your current password.', [{ field: 'currentPassword', message: 'That isn’t your current password.' }])
  }
  const problem = usernameProblem(body.newUsername)
  if (problem) {
    await audit(ctx, 'portal.username.change', clientId, 'failure', { reason: 'rules' })
    throw new AppError('INVALID_INPUT', problem, [{ field: 'newUsername', message: problem }])
  }
  const key = usernameKey(body.newUsername)
  if (await isUsernameKeyTaken(ctx.db, key, clientId)) {
    await audit(ctx, 'portal.username.change', clientId, 'failure', { reason: 'username-taken' })
    throw usernameTaken('newUsername')
  }
  await ctx.db.transaction().execute(async (trx) => {
    await setUsername(trx, clientId, canonicalUsername(body.newUsername), key, at)
    await appendAudit(trx, { actor: clientActor, at, action: 'portal.username.change', clientId, outcome: 'success' })
  })
  return me(ctx, clientId)
}
