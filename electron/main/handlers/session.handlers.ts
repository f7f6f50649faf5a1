import { randomBytes } from 'node:crypto'
import { appendAudit } from '../../../db/repositories/audit.repository'
import { countStaff, insertStaff, staffRowToIdentity } from '../../../db/repositories/staff.repository'
import { getSetting, putSetting } from '../../../db/repositories/settings.repository'
import { seedDemoPracticeIfEmpty } from '../../../db/demo-practice'
import type { SessionState } from '../../../shared/dto'
import { canonicalUsername, usernameKey, usernameProblem } from '../../../shared/username'
import { AppError } from '../app-error'
import { type HandlerContext, deskActor } from '../context'
import { importRunning } from '../import/pending-imports'
import type { HandlerMap } from '../dispatcher'
import { hashPassword, passwordProblem } from '../services/passwords'
import { personalWords } from '../services/personal-words'
import { verifyStaffPassword } from '../staff/staff-auth'

/** What the renderer may know of the session: its state, who, and (for admins) the audit and damage warnings. */
export async function sessionState(ctx: HandlerContext): Promise<SessionState> {
  const practiceName = (await getSetting(ctx.db, 'practice.name')) || null
  const idleLockMinutes = Number(await getSetting(ctx.db, 'desk.idleLockMinutes'))
  const { staff, locked } = ctx.session
  const state = staff ? (locked ? 'locked' : 'signed-in') : (await countStaff(ctx.db)) === 0 ? 'setup' : 'signed-out'
  return {
    state,
    practiceName,
    staff,
    idleLockMinutes,
    auditWarning: staff?.role === 'admin' && !locked ? ctx.session.auditWarning : null,
    sharedFileWarning: staff && !locked ? sharedFileWarning(ctx.session.otherDesksOnFile) : null,
    pendingAuditWarning: staff?.role === 'admin' && !locked ? pendingAuditWarning(ctx.pendingAudits.size, ctx.pendingAudits.limit, importRunning(ctx.session)) : null,
    damageWarning: staff?.role === 'admin' && !locked ? ctx.session.damage.warning() : null,
  }
}

/** What admins are told while reads' audit events wait for the database (see PendingAudits). */
function pendingAuditWarning(waiting: number, limit: number, importing: boolean): string | null {
  if (waiting === 0) return null
  const count = waiting === 1 ? '1 audit event is' : `${waiting.toLocaleString('en-US')} audit events are`
  // This desk's own import holds the database's write: nothing is wrong, and they follow it.
  if (importing && waiting < limit) return `${count} waiting to be saved until the import being written finishes.`
  const told = `${count} waiting to be saved: Portico can’t write to the practice’s database right now. They’ll be saved when it can.`
  return waiting < limit ? told : `${told} No more can wait, so profiles and the audit export can’t be opened until then. Ask your IT support to check the database (a full disk, a locked file or the server).`
}

/** What both desks are told when they share one practice file. */
function sharedFileWarning(hosts: string[]): string | null {
  if (hosts.length === 0) return null
  const named = hosts.length === 1 ? `Another computer (${hosts[0]!})` : `Other computers (${hosts.join(', ')})`
  return (
    `${named} has this practice’s file open too. A file on a shared folder is not a supported way for several computers to share a practice: ` +
    'changes made at one may not show at the other straight away. Use one computer at a time, and ask your IT person to set up the practice server (see the README, ‘Several desks’).'
  )
}

/** The rules every new staff username and password follow (the portal's, for one set of habits). */
export function staffCredentialProblems(username: string, password: string, facts: { displayName: string; practiceName: string }): AppError | null {
  const nameProblem = usernameProblem(username)
  if (nameProblem) return new AppError('INVALID_INPUT', nameProblem, [{ field: 'username', message: nameProblem }])
  const passProblem = passwordProblem(password, personalWords({ username, ...facts }))
  if (passProblem) return new AppError('INVALID_INPUT', passProblem, [{ field: 'password', message: passProblem }])
  return null
}

export const sessionHandlers = {
  getSession: (_input, ctx) => sessionState(ctx),

  setupPractice: async ({ setup }, ctx) => {
    if ((await countStaff(ctx.db)) > 0) throw new AppError('CONFLICT', 'This practice is already set up. Sign in instead.')
    const at = ctx.now().toISOString()
    if (setup.mode === 'demo') {
      // A readable random password, shown once on the setup screen.
      const password = `demo-${randomBytes(9).toString('base64url')}`
      const demoHash = await hashPassword(password)
      await ctx.db.transaction().execute(async (trx) => {
        // Counted again under the write lock: two setups racing can't both create a first admin,
        // and the demo clients go in with the admin, so a setup that loses seeds nothing.
        if ((await countStaff(trx)) > 0) throw new AppError('CONFLICT', 'This practice is already set up. Sign in instead.')
        await seedDemoPracticeIfEmpty(trx, ctx.now())
        await insertStaff(trx, { username: 'demo.admin', usernameKey: usernameKey('demo.admin'), displayName: 'Demo Admin', role: 'admin', passwordHash: demoHash, now: at })
        await putSetting(trx, 'practice.name', 'Demo Practice')
        await appendAudit(trx, { actor: deskActor(ctx.workstation), at, action: 'practice.setup', clientId: null, outcome: 'success', detail: { mode: 'demo' } })
      })
      return { session: await sessionState(ctx), demoAdmin: { username: 'demo.admin', password } }
    }
    const problem = staffCredentialProblems(setup.username, setup.password, { displayName: setup.displayName, practiceName: setup.practiceName })
    if (problem) throw problem
    const passwordHash = await hashPassword(setup.password)
    const id = await ctx.db.transaction().execute(async (trx) => {
      if ((await countStaff(trx)) > 0) throw new AppError('CONFLICT', 'This practice is already set up. Sign in instead.')
      const staffId = await insertStaff(trx, {
        username: canonicalUsername(setup.username),
        usernameKey: usernameKey(setup.username),
        displayName: setup.displayName,
        role: 'admin',
        passwordHash,
        now: at,
      })
      await putSetting(trx, 'practice.name', setup.practiceName)
      await appendAudit(trx, { actor: deskActor(ctx.workstation), at, action: 'practice.setup', clientId: null, outcome: 'success', detail: { mode: 'new' } })
      return staffId
    })
    ctx.session.staff = { id, username: canonicalUsername(setup.username), displayName: setup.displayName, role: 'admin' }
    ctx.session.locked = false
    return { session: await sessionState(ctx), demoAdmin: null }
  },

  signIn: async ({ username, password }, ctx) => {
    const row = await verifyStaffPassword(ctx, { username }, password, 'staff.sign-in')
    ctx.session.staff = staffRowToIdentity(row)
    ctx.session.locked = false
    return sessionState(ctx)
  },

  /**
   * Allowed from the lock screen too: signing out ends the session without unlocking it. Signs out
   * first, then records it: a database that can't be written must never keep someone signed in.
   */
  signOut: async (_input, ctx) => {
    const staff = ctx.session.staff
    ctx.session.staff = null
    ctx.session.locked = false
    // Through the waiting queue: a database that can't be written right now still gets the event later.
    if (staff) await recordLeaving(ctx, 'staff.sign-out', undefined, staff)
    // The person leaves the desk: what they saved goes into the database's main file now.
    ctx.data?.store.checkpoint()
    return sessionState(ctx)
  },

  /** Locks first, then records it: a busy database must never keep the desk unlocked. */
  lock: async (_input, ctx) => {
    ctx.session.locked = true
    await recordLeaving(ctx, 'staff.lock', { by: 'staff' })
    ctx.data?.store.checkpoint()
    return sessionState(ctx)
  },

  /** Only the staff member who was signed in can unlock; anyone else signs them out first. */
  unlock: async ({ password }, ctx) => {
    const staff = ctx.session.staff
    if (!staff || !ctx.session.locked) return sessionState(ctx)
    await verifyStaffPassword(ctx, { staffId: staff.id }, password, 'staff.unlock')
    ctx.session.locked = false
    return sessionState(ctx)
  },
} satisfies Pick<HandlerMap, 'getSession' | 'setupPractice' | 'signIn' | 'signOut' | 'lock' | 'unlock'>

/** Locks the desk from main itself (OS screen lock, suspend), with its audit event. */
export async function lockFromSystem(ctx: HandlerContext, reason: string): Promise<void> {
  if (!ctx.session.staff || ctx.session.locked) return
  ctx.session.locked = true
  await recordLeaving(ctx, 'staff.lock', { by: reason })
}

/**
 * A sign-out's or a lock's event: it has already happened (the session is cleared or locked), so
 * the answer never depends on the database. An event the database can't take now waits in order
 * with the other waiting events; only one the queue can't hold either is left out (and logged).
 */
async function recordLeaving(ctx: HandlerContext, action: string, detail?: Record<string, unknown>, staff = ctx.session.staff): Promise<void> {
  const entry = { actor: deskActor(ctx.workstation, staff), at: ctx.now().toISOString(), action, clientId: null, outcome: 'success' as const, ...(detail ? { detail } : {}) }
  await ctx.pendingAudits.record(entry, { durable: true }).catch((error: unknown) => {
    console.error(`[session] the ${action} event could not be recorded or kept waiting: ${error instanceof Error ? error.name : 'error'}`)
  })
}
