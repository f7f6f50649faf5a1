import { appendAudit } from '../../../db/repositories/audit.repository'
import {
  countActiveAdmins,
  findStaffById,
  findStaffByUsernameKey,
  insertStaff,
  listStaffRows,
  setStaffPasswordHash,
  staffRowToMember,
  updateStaffRow,
} from '../../../db/repositories/staff.repository'
import { canonicalUsername, usernameKey } from '../../../shared/username'
import { AppError } from '../app-error'
import type { HandlerContext } from '../context'
import type { HandlerMap } from '../dispatcher'
import { getSetting } from '../../../db/repositories/settings.repository'
import { hashPassword, passwordProblem } from '../services/passwords'
import { personalWords } from '../services/personal-words'
import { staffCredentialProblems } from './session.handlers'

const notFound = () => new AppError('NOT_FOUND', 'That staff member no longer exists. Refresh the list.')
const usernameTaken = () =>
  new AppError('CONFLICT', 'That username is already used by another staff member.', [{ field: 'username', message: 'That username is already used by another staff member.' }])

async function member(ctx: HandlerContext, id: number) {
  const row = await findStaffById(ctx.db, id)
  if (!row) throw notFound()
  return staffRowToMember(row, ctx.now())
}

const audit = (ctx: Pick<HandlerContext, 'db' | 'actor' | 'now'>, action: string, detail: Record<string, unknown>) =>
  appendAudit(ctx.db, { actor: ctx.actor, at: ctx.now().toISOString(), action, clientId: null, outcome: 'success', detail })

/** Admins manage staff. There is always at least one active admin, and nobody deactivates themselves. */
export const staffHandlers = {
  listStaff: async (_input, ctx) => (await listStaffRows(ctx.db)).map((row) => staffRowToMember(row, ctx.now())),

  createStaff: async ({ staff }, ctx) => {
    const problem = staffCredentialProblems(staff.username, staff.password, { displayName: staff.displayName, practiceName: await getSetting(ctx.db, 'practice.name') })
    if (problem) throw problem
    // Checked first so a taken name is told before the slow hash, and again under the write lock:
    // two admins adding the same username at two desks are both told which field to change.
    if (await findStaffByUsernameKey(ctx.db, usernameKey(staff.username))) throw usernameTaken()
    const at = ctx.now().toISOString()
    const passwordHash = await hashPassword(staff.password)
    const id = await ctx.db.transaction().execute(async (trx) => {
      if (await findStaffByUsernameKey(trx, usernameKey(staff.username))) throw usernameTaken()
      const staffId = await insertStaff(trx, { username: canonicalUsername(staff.username), usernameKey: usernameKey(staff.username), displayName: staff.displayName, role: staff.role, passwordHash, now: at })
      await appendAudit(trx, { actor: ctx.actor, at, action: 'staff.create', clientId: null, outcome: 'success', detail: { staffId, role: staff.role } })
      return staffId
    })
    return member(ctx, id)
  },

  updateStaff: async ({ staffId, staff }, ctx) => {
    if (staffId === ctx.session.staff?.id && !staff.active) throw new AppError('CONFLICT', 'You can’t deactivate your own account.')
    // The admin count, the change and its audit event share one write transaction, so two admins
    // demoting each other at two desks can't leave the practice without one.
    await ctx.db.transaction().execute(async (trx) => {
      const row = await findStaffById(trx, staffId)
      if (!row) throw notFound()
      const losesAdmin = row.role === 'admin' && row.active === 1 && (staff.role !== 'admin' || !staff.active)
      if (losesAdmin && (await countActiveAdmins(trx, staffId)) === 0) {
        throw new AppError('CONFLICT', 'Portico needs at least one active admin. Make someone else an admin first.')
      }
      await updateStaffRow(trx, staffId, staff, ctx.now().toISOString())
      await audit({ ...ctx, db: trx }, 'staff.update', { staffId, role: staff.role, active: staff.active })
    })
    if (ctx.session.staff?.id === staffId) ctx.session.staff = { ...ctx.session.staff, displayName: staff.displayName, role: staff.role }
    return member(ctx, staffId)
  },

  setStaffPassword: async ({ staffId, password }, ctx) => {
    const row = await findStaffById(ctx.db, staffId)
    if (!row) throw notFound()
    const problem = passwordProblem(password, personalWords({ username: row.username, displayName: row.display_name, practiceName: await getSetting(ctx.db, 'practice.name') }))
    if (problem) throw new AppError('INVALID_INPUT', problem, [{ field: 'password', message: problem }])
    const passwordHash = await hashPassword(password)
    await ctx.db.transaction().execute(async (trx) => {
      await setStaffPasswordHash(trx, staffId, passwordHash, ctx.now().toISOString())
      await audit({ ...ctx, db: trx }, 'staff.password.set', { staffId })
    })
    return member(ctx, staffId)
  },
} satisfies Pick<HandlerMap, 'listStaff' | 'createStaff' | 'updateStaff' | 'setStaffPassword'>
