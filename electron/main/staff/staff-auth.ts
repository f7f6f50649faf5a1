import { appendAudit } from '../../../db/repositories/audit.repository'
import type { ThrottleTarget } from '../../../db/repositories/sign-in-throttles.repository'
import { findStaffById, findStaffByUsernameKey, recordStaffSignIn } from '../../../db/repositories/staff.repository'
import type { StaffAccountRow } from '../../../db/schema'
import { usernameKey } from '../../../shared/username'
import { AppError } from '../app-error'
import type { HandlerContext } from '../context'
import { deskActor } from '../context'
import { verifyAgainstDummy, verifyPassword } from '../services/passwords'
import { claimAttempt, pauseEndText, recordFailure, unknownUsernameTarget } from '../services/sign-in-throttle'
import { takeDeskPasswordCheck } from './desk-sign-in-ceiling'

const WRONG_SIGN_IN = new AppError('UNAUTHENTICATED', 'That username and password don’t match. Check both and try again.')
const WRONG_UNLOCK = new AppError('UNAUTHENTICATED', 'That password isn’t right. Try again, or sign out.')

/**
 * Checks a staff member's password with the portal's rules: an unknown username costs the same
 * hash check, counts its failures the same way and gets the same answers; after each failure the
 * next attempt waits (1, 2, 4, 8 s) and five in a row lock the account for 15 minutes. While
 * paused, the password is not checked: every attempt gets the same answer after a dummy check of
 * the same cost. On top, the desk allows only so many checks a minute. Every attempt is audited, once.
 */
export async function verifyStaffPassword(
  ctx: HandlerContext,
  who: { username: string } | { staffId: number },
  password: string,
  action: 'staff.sign-in' | 'staff.unlock',
): Promise<StaffAccountRow> {
  const at = ctx.now().toISOString()
  const row = 'staffId' in who ? await findStaffById(ctx.db, who.staffId) : await findStaffByUsernameKey(ctx.db, usernameKey(who.username))
  const WRONG = action === 'staff.unlock' ? WRONG_UNLOCK : WRONG_SIGN_IN
  const audit = (outcome: 'success' | 'failure' | 'denied', detail?: Record<string, unknown>) =>
    appendAudit(ctx.db, {
      actor: row ? deskActor(ctx.workstation, { id: row.id, username: row.username, displayName: row.display_name, role: row.role }) : deskActor(ctx.workstation),
      at,
      action,
      clientId: null,
      outcome,
      ...(detail ? { detail } : {}),
    })

  const wait = takeDeskPasswordCheck(ctx.db, ctx.now())
  if (wait !== null) {
    await audit('denied', { reason: 'desk-limit' })
    throw new AppError('RATE_LIMITED', `Too many password attempts at this desk. Wait ${wait === 1 ? 'a second' : `${wait} seconds`}, then try again.`)
  }

  const target: ThrottleTarget = row
    ? { table: 'staff_accounts', id: row.id }
    : await unknownUsernameTarget(ctx.db, 'staff', usernameKey('username' in who ? who.username : ''))
  const gate = await claimAttempt(ctx.db, target, ctx.now())
  if (!gate.open) {
    await verifyAgainstDummy(password)
    await audit('denied', { reason: gate.pause.kind === 'locked' ? 'locked' : 'paused' })
    const message =
      gate.pause.kind === 'locked'
        ? `After too many attempts, sign-in for this account is paused until ${pauseEndText(gate.pause.until)}. Try again then, or ask an admin to set a new password.`
        : 'Sign-in for this account is paused for a few seconds after a password that didn’t match. Wait a moment, then try again.'
    throw new AppError('LOCKED', message, undefined, gate.pause.until)
  }
  const passwordOk = row && row.active === 1 ? await verifyPassword(password, row.password_hash) : await verifyAgainstDummy(password)
  if (!row || !passwordOk) {
    const { lockedUntil } = await recordFailure(ctx.db, target, ctx.now(), { claimed: true })
    const reason = !row ? 'unknown-username' : row.active !== 1 ? 'inactive' : 'password'
    await audit('failure', { reason, ...(lockedUntil ? { locked: true } : {}) })
    throw WRONG
  }
  await recordStaffSignIn(ctx.db, row.id, at)
  await audit('success')
  return row
}
