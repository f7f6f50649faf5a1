import { appendAudit } from '../../../db/repositories/audit.repository'
import { countFailedPassword, currentLock } from '../../../db/repositories/sign-in-failures.repository'
import { findStaffById, findStaffByUsernameKey, recordStaffSignIn } from '../../../db/repositories/staff.repository'
import type { StaffAccountRow } from '../../../db/schema'
import { usernameKey } from '../../../shared/username'
import { AppError } from '../app-error'
import type { HandlerContext } from '../context'
import { deskActor } from '../context'
import { LOCK_RULE } from '../portal/portal-config'
import { verifyAgainstDummy, verifyPassword } from '../services/passwords'

const WRONG_SIGN_IN = new AppError('UNAUTHENTICATED', 'That username and password don’t match. Check both and try again.')
const WRONG_UNLOCK = new AppError('UNAUTHENTICATED', 'That password isn’t right. Try again, or sign out.')

/**
 * Checks a staff member's password with the portal's rules: unknown usernames still cost a full
 * hash check, five failures in a row lock the account for 15 minutes, and a lock is only told once
 * the password is right. Every attempt is audited, once.
 */
export async function verifyStaffPassword(
  ctx: HandlerContext,
  who: { username: string } | { staffId: number },
  password: string,
  action: 'staff.sign-in' | 'staff.unlock',
): Promise<StaffAccountRow> {
  const now = ctx.now()
  const at = now.toISOString()
  const row = 'staffId' in who ? await findStaffById(ctx.db, who.staffId) : await findStaffByUsernameKey(ctx.db, usernameKey(who.username))
  const WRONG = action === 'staff.unlock' ? WRONG_UNLOCK : WRONG_SIGN_IN
  const audit = (outcome: 'success' | 'failure' | 'denied', staff: StaffAccountRow | undefined, detail?: Record<string, unknown>) =>
    appendAudit(ctx.db, {
      actor: staff ? deskActor(ctx.workstation, { id: staff.id, username: staff.username, displayName: staff.display_name, role: staff.role }) : deskActor(ctx.workstation),
      at,
      action,
      clientId: null,
      outcome,
      ...(detail ? { detail } : {}),
    })
  if (!row || row.active !== 1) {
    await verifyAgainstDummy(password)
    await audit('failure', row, { reason: row ? 'inactive' : 'unknown-username' })
    throw WRONG
  }
  const passwordOk = await verifyPassword(password, row.password_hash)
  const account = { table: 'staff_accounts', id: row.id } as const
  // Read after the slow hash check: a lock set by a parallel guess meanwhile still counts.
  const lockedUntil = await currentLock(ctx.db, account)
  const locked = lockedUntil !== null && new Date(lockedUntil) > now
  if (!passwordOk) {
    if (!locked) {
      const lockUntil = await countFailedPassword(ctx.db, account, now, LOCK_RULE)
      await audit('failure', row, { reason: 'password', ...(lockUntil ? { locked: true } : {}) })
    } else {
      await audit('failure', row, { reason: 'password-while-locked' })
    }
    throw WRONG
  }
  if (locked) {
    await audit('denied', row, { reason: 'locked' })
    throw new AppError('LOCKED', 'After too many attempts this account is locked for 15 minutes. Try again later, or ask an admin.')
  }
  await recordStaffSignIn(ctx.db, row.id, at)
  await audit('success', row)
  return row
}
