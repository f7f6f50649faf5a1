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
import { deleteSessionsForClient, setUsernameChangeUntil } from '../../../db/repositories/portal-sessions.repository'
import { getSetting } from '../../../db/repositories/settings.repository'
import type { ThrottleTarget } from '../../../db/repositories/sign-in-throttles.repository'
import type { Database } from '../../../db/schema'
import type { ActivateBody, ChangeUsernameBody, PortalMe, ResetPasswordBody, SignInBody, UsernameCheck } from '../../../shared/portal-api'
import { canonicalUsername, usernameKey, usernameProblem } from '../../../shared/username'
import { AppError } from '../app-error'
import { hashOneTimeCode } from '../services/one-time-code'
import { hashPassword, inPortalLane, passwordProblem, refuseWhenPortalBusy, verifyAgainstDummy, verifyPassword } from '../services/passwords'
import { personalWords } from '../services/personal-words'
import { type Pause, claimAttempt, clearThrottle, pauseEndText, recordFailure, unknownUsernameTarget } from '../services/sign-in-throttle'

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

/**
 * The answer while sign-in for a username is paused. It depends only on the pause, never on the
 * password typed or on whether the username exists, so it tells nothing a wrong password wouldn't.
 */
function signInPaused(pause: Pause): AppError {
  const message =
    pause.kind === 'locked'
      ? `After too many attempts, sign-in for this username is paused until ${pauseEndText(pause.until)}. Try again then, or ask the practice to unlock it.`
      : 'Sign-in for this username is paused for a few seconds after a password that didn’t match. Wait a moment, then try again.'
  return new AppError('LOCKED', message, undefined, pause.until)
}

/** The throttle a typed username counts against: its account's, or (no such account) a keyed hash of it. */
async function portalTarget(ctx: PortalContext, account: { client_id: number } | undefined, key: string): Promise<ThrottleTarget> {
  return account ? { table: 'portal_accounts', id: account.client_id } : unknownUsernameTarget(ctx.db, 'portal', key)
}
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
  refuseWhenPortalBusy()
  const now = ctx.now()
  const invite = await findCodeByHash(ctx.db, 'portal_invites', hashOneTimeCode(body.code))
  const client = invite ? await findClientRow(ctx.db, invite.client_id) : undefined
  if (!invite || !client) {
    await audit(ctx, 'portal.activate', null, 'failure', { reason: 'code-or-birth-date' })
    throw new AppError('INVALID_INPUT', WRONG_INVITE)
  }
  // With a real code, the date of birth is the secret being guessed: it counts against the client's account.
  const target: ThrottleTarget = { table: 'portal_accounts', id: client.id }
  const gate = await claimAttempt(ctx.db, target, now)
  if (!gate.open) {
    await audit(ctx, 'portal.activate', client.id, 'denied', { reason: gate.pause.kind === 'locked' ? 'locked' : 'paused' })
    const when = gate.pause.kind === 'locked' ? `until ${pauseEndText(gate.pause.until)}` : 'for a few seconds'
    throw new AppError('LOCKED', `After too many attempts, activation is paused ${when}. Try again then, or ask the practice for help.`, undefined, gate.pause.until)
  }
  if (client.date_of_birth !== body.dateOfBirth) {
    await recordFailure(ctx.db, target, ctx.now(), { claimed: true })
    await audit(ctx, 'portal.activate', null, 'failure', { reason: 'code-or-birth-date' })
    throw new AppError('INVALID_INPUT', WRONG_INVITE)
  }
  await clearThrottle(ctx.db, target)
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
  const refuseTaken = async () => {
    await audit(ctx, 'portal.activate', client.id, 'failure', { reason: 'username-taken' })
    return usernameTaken('username')
  }
  if (await isUsernameKeyTaken(ctx.db, key, client.id)) throw await refuseTaken()

  const passwordHash = await inPortalLane(() => hashPassword(body.password)) // slow: done before taking the write lock
  const at = ctx.now().toISOString()
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    // Asked again under the write lock: another client may have taken the name while this one's password was hashed.
    if (await isUsernameKeyTaken(trx, key, client.id)) return 'username-taken'
    if (!(await consumeCode(trx, 'portal_invites', invite.id, at))) return 'code-just-used'
    await activateAccount(trx, { clientId: client.id, username: canonicalUsername(body.username), usernameKey: key, passwordHash, now: at })
    await appendAudit(trx, { actor: clientActor, at, action: 'portal.activate', clientId: client.id, outcome: 'success' })
    return 'activated'
  })
  if (outcome === 'username-taken') throw await refuseTaken()
  if (outcome === 'code-just-used') {
    await audit(ctx, 'portal.activate', client.id, 'failure', { reason: 'code-just-used' })
    throw new AppError('CODE_NOT_USABLE', 'This invite has just been used. Ask the front desk to resend your invite.')
  }
}

export type SignInOutcome = { clientId: number }

/**
 * Checks a username and password. An unknown username spends the same password check, counts its
 * failures the same way and gets the same answers as a known one. While sign-in for the username
 * is paused (locked, or waiting out a delay) the password is not checked at all: every attempt
 * gets the same answer, after a dummy check of the same cost. Access turned off is only said once
 * the password is right.
 */
export async function signIn(ctx: PortalContext, body: z.output<typeof SignInBody>): Promise<SignInOutcome> {
  refuseWhenPortalBusy()
  const key = usernameKey(body.username)
  const account = await findAccountByUsernameKey(ctx.db, key)
  const clientId = account?.client_id ?? null
  const target = await portalTarget(ctx, account, key)
  const gate = await claimAttempt(ctx.db, target, ctx.now())
  if (!gate.open) {
    await inPortalLane(() => verifyAgainstDummy(body.password))
    await audit(ctx, 'portal.sign-in', clientId, 'denied', { reason: gate.pause.kind === 'locked' ? 'locked' : 'paused' })
    throw signInPaused(gate.pause)
  }
  const stored = account?.password_hash
  const passwordOk = await inPortalLane(() => (stored ? verifyPassword(body.password, stored) : verifyAgainstDummy(body.password)))
  if (!account || !passwordOk) {
    const { lockedUntil } = await recordFailure(ctx.db, target, ctx.now(), { claimed: true })
    const reason = !account ? 'unknown-username' : account.password_hash ? 'password' : 'no-password'
    await audit(ctx, 'portal.sign-in', clientId, 'failure', { reason, ...(lockedUntil ? { locked: true } : {}) })
    throw INVALID_SIGN_IN
  }
  if (account.access_enabled !== 1) {
    await clearThrottle(ctx.db, target)
    await audit(ctx, 'portal.sign-in', account.client_id, 'denied', { reason: 'access-disabled' })
    throw new AppError('ACCESS_DISABLED', 'Your portal access is turned off, so you can’t sign in right now. Please contact the practice.')
  }
  await recordSignIn(ctx.db, account.client_id, ctx.now().toISOString())
  await audit(ctx, 'portal.sign-in', account.client_id, 'success')
  return { clientId: account.client_id }
}

/**
 * Sets a new password with a desk-issued reset code (1 hour, single use, newest only). It ends all
 * of the client's sessions and does not sign them in. A valid code works even while sign-in is
 * paused, and ends the pause: this is how a client locked out on purpose gets back in. A code that
 * is not this username's counts as a failed attempt for the username.
 */
export async function resetPassword(ctx: PortalContext, body: z.output<typeof ResetPasswordBody>): Promise<void> {
  refuseWhenPortalBusy()
  const now = ctx.now()
  const key = usernameKey(body.username)
  const account = await findAccountByUsernameKey(ctx.db, key)
  const reset = await findCodeByHash(ctx.db, 'portal_password_resets', hashOneTimeCode(body.code))
  if (!account || !reset || reset.client_id !== account.client_id) {
    await recordFailure(ctx.db, await portalTarget(ctx, account, key), now, { claimed: false })
    await audit(ctx, 'portal.password.reset', account?.client_id ?? null, 'failure', { reason: reset ? 'mismatch' : 'unknown-code' })
    throw new AppError('INVALID_INPUT', WRONG_RESET)
  }
  // The client's own code, expired, used or replaced: not a guess, so not counted.
  const problemWithCode = codeProblem(reset, now)
  if (problemWithCode) {
    await audit(ctx, 'portal.password.reset', account.client_id, 'failure', { reason: problemWithCode })
    throw new AppError('INVALID_INPUT', WRONG_RESET)
  }
  const problem = await passwordFieldProblem(ctx, 'newPassword', body.newPassword, account.client_id, account.username)
  if (problem) {
    await audit(ctx, 'portal.password.reset', account.client_id, 'failure', { reason: 'rules' })
    throw problem
  }
  const passwordHash = await inPortalLane(() => hashPassword(body.newPassword))
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

/** Opens the live username check for this session (the client opened Edit username) until `until`. */
export async function startUsernameChange(ctx: PortalContext, sessionId: number, until: Date): Promise<{ until: string }> {
  await setUsernameChangeUntil(ctx.db, sessionId, until.toISOString())
  return { until: until.toISOString() }
}

/** The live check beside "New username"; the server calls it only during a change in progress, within its per-account limit. */
export async function checkUsername(ctx: PortalContext, clientId: number, raw: string): Promise<UsernameCheck> {
  const problem = usernameProblem(raw)
  if (problem) return { available: false, problem }
  const taken = await isUsernameKeyTaken(ctx.db, usernameKey(raw), clientId)
  return { available: !taken, problem: taken ? 'That username is already taken.' : null }
}

/**
 * The article's last step: the signed-in client changes their own username, re-entering their
 * password first. The password check follows the sign-in rules: paused while the account is
 * locked or in a delay, and a wrong password counts like a failed sign-in (a lock signs the
 * client out). Saving ends the change in progress.
 */
export async function changeUsername(ctx: PortalContext, session: { clientId: number; sessionId: number }, body: z.output<typeof ChangeUsernameBody>): Promise<PortalMe> {
  refuseWhenPortalBusy()
  const { clientId } = session
  const account = await findAccountByClientId(ctx.db, clientId)
  if (!account?.password_hash) throw new AppError('UNAUTHENTICATED', 'Please sign in again.')
  const target: ThrottleTarget = { table: 'portal_accounts', id: clientId }
  const gate = await claimAttempt(ctx.db, target, ctx.now())
  if (!gate.open) {
    await inPortalLane(() => verifyAgainstDummy(body.currentPassword))
    await audit(ctx, 'portal.username.change', clientId, 'denied', { reason: gate.pause.kind === 'locked' ? 'locked' : 'paused' })
    const when = gate.pause.kind === 'locked' ? `until ${pauseEndText(gate.pause.until)}` : 'for a few seconds'
    throw new AppError('LOCKED', `After too many attempts, password checks for your account are paused ${when}. Try again then.`, undefined, gate.pause.until)
  }
  const stored = account.password_hash
  if (!(await inPortalLane(() => verifyPassword(body.currentPassword, stored)))) {
    const { lockedUntil } = await recordFailure(ctx.db, target, ctx.now(), { claimed: true })
    await audit(ctx, 'portal.username.change', clientId, 'failure', { reason: 'password', ...(lockedUntil ? { locked: true } : {}) })
    if (lockedUntil) await deleteSessionsForClient(ctx.db, clientId)
    throw new AppError('INVALID_INPUT', 'That isn’t your current password.', [{ field: 'currentPassword', message: 'That isn’t your current password.' }])
  }
  await clearThrottle(ctx.db, target)
  const at = ctx.now().toISOString()
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
    await setUsernameChangeUntil(trx, session.sessionId, null)
    await appendAudit(trx, { actor: clientActor, at, action: 'portal.username.change', clientId, outcome: 'success' })
  })
  return me(ctx, clientId)
}
