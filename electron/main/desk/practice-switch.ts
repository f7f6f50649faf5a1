import { chainSealOf } from '../../../db/audit/chain-seal'
import { databaseFault } from '../../../db/dialect/faults'
import { movePracticeToServer } from '../../../db/move-practice'
import { type Actor, appendAudit } from '../../../db/repositories/audit.repository'
import { findStaffById } from '../../../db/repositories/staff.repository'
import { checkServer } from '../../../db/server-check'
import { type ServerSettings, describeServer, serverUrl } from '../../../db/server-settings'
import type { PracticeCounts, PracticeDatabaseChange, PracticeServerInput } from '../../../shared/practice-database'
import { AppError } from '../app-error'
import type { DataLayer, HandlerContext } from '../context'
import { ensureAuditKey } from './audit-key-import'
import { DeskConfigError } from './desk-config'
import { dataOf, isCurrentServer, practiceDatabaseStatus, refusalOf, resolveServer } from './practice-server'

/** Moves in progress, by data layer, for Settings to show how far they are. */
export const movesInProgress = new WeakMap<DataLayer, { done: number; total: number }>()
/** Desks changing database right now: one change at a time. */
const changing = new WeakSet<DataLayer>()

/** Runs one change of database at a time at this desk (a second click, another admin window). */
async function oneAtATime<T>(data: DataLayer, change: () => Promise<T>): Promise<T> {
  if (changing.has(data)) throw new AppError('CONFLICT', 'This desk is already changing its practice database. Wait until that is done.')
  changing.add(data)
  try {
    return await change()
  } finally {
    changing.delete(data)
  }
}

/** Errors whose own message is already written for the admin (the rest are told in general words). */
const PLAIN = new Set(['DatabaseFromFutureError', 'AuditKeyUnavailableError', 'AuditKeyFileError', 'NotAPorticoDatabaseError', 'ServerTooOldError', 'MigrationFailedError', 'DatabaseDamagedError', 'DatabaseUnreadableError', 'DatabaseNotWritableError'])

/** Why a database could not be opened or copied, in plain words. Nothing of it is logged. */
function reasonOf(error: unknown): string {
  if (databaseFault(error) === 'unreachable') return 'The server could not be reached.'
  if (error instanceof Error && PLAIN.has(error.name)) return error.message
  return 'The database could not be opened.'
}

const systemActor = (ctx: HandlerContext): Actor => ({ type: 'system', name: 'practice-database', workstation: ctx.workstation })

async function recordFailure(ctx: HandlerContext, action: string, step: string): Promise<void> {
  await appendAudit(ctx.db, { actor: ctx.actor, at: ctx.now().toISOString(), action, clientId: null, outcome: 'failure', detail: { step } }).catch(() => undefined)
}

/** Refused before anything happens when this computer can't keep the server's password safely. */
function checkPasswordCanBeKept(ctx: HandlerContext): void {
  if (ctx.deskConfig.cannotKeepPasswords) {
    throw new AppError('FORBIDDEN', 'This computer’s secure storage is not available, so Portico cannot keep the server’s password safely. Nothing was changed.')
  }
}

/** Keeps the choice for the next start; if that fails the desk still switched, and says so. */
function remember(ctx: HandlerContext, keep: () => void): string {
  try {
    keep()
    return ''
  } catch (error) {
    if (!(error instanceof DeskConfigError)) throw error
    return ` But this choice could not be saved on this computer (${error.message}), so when Portico next starts it opens the database it used before.`
  }
}

/**
 * The desk's session after it changed database. Only a moved practice has the same staff
 * accounts: there the admin stays signed in if their account came along unchanged.
 */
async function sessionAfter(ctx: HandlerContext, keepIfSameStaff: boolean): Promise<boolean> {
  const staff = ctx.session.staff
  const row = staff && keepIfSameStaff ? await findStaffById(ctx.data!.db, staff.id) : undefined
  if (row && staff && row.active === 1 && row.username === staff.username) return false
  ctx.session.staff = null
  ctx.session.locked = false
  return true
}

/** Use this server: the desk joins a server that holds the practice, then everyone signs in there. */
export async function joinServer(ctx: HandlerContext, input: PracticeServerInput, keyFile: string | undefined): Promise<PracticeDatabaseChange> {
  const data = dataOf(ctx)
  return oneAtATime(data, () => join(ctx, data, input, keyFile))
}

async function join(ctx: HandlerContext, data: DataLayer, input: PracticeServerInput, keyFile: string | undefined): Promise<PracticeDatabaseChange> {
  const settings = resolveServer(input, ctx)
  if (isCurrentServer(ctx, settings)) throw new AppError('CONFLICT', 'This desk already uses this server.')
  checkPasswordCanBeKept(ctx)
  const check = await checkServer(settings, 'join')
  if (!check.ok) throw refusalOf(check)
  const url = serverUrl(settings)
  await ensureAuditKey(ctx, url, keyFile)
  try {
    await data.switchTo(url)
  } catch (error) {
    await recordFailure(ctx, 'practice.database.join', 'open')
    throw new AppError('INVALID_INPUT', `This desk was not switched: ${reasonOf(error)} It still uses ${data.store.location}.`)
  }
  await appendAudit(data.db, { actor: systemActor(ctx), at: ctx.now().toISOString(), action: 'practice.database.join', clientId: null, outcome: 'success', detail: {} })
  const unsaved = remember(ctx, () => ctx.deskConfig.useServer(settings))
  const signedOut = await sessionAfter(ctx, false)
  const message = `This desk now uses the practice server ${describeServer(settings)}. Sign in with your account there.${unsaved}`
  return { database: practiceDatabaseStatus(ctx, null), message, signedOut, counts: null }
}

/**
 * Move this practice to the server: every write here is held while the practice is copied (the
 * file itself is never changed), then the desk opens the copy. A failure leaves the desk on its
 * built-in database as it was.
 */
export async function moveToServer(ctx: HandlerContext, input: PracticeServerInput): Promise<PracticeDatabaseChange> {
  const data = dataOf(ctx)
  return oneAtATime(data, () => move(ctx, data, input))
}

async function move(ctx: HandlerContext, data: DataLayer, input: PracticeServerInput): Promise<PracticeDatabaseChange> {
  if (!data.store.fileBackups) throw new AppError('CONFLICT', `This practice is already on the server ${data.store.location}.`)
  const settings = resolveServer(input, ctx)
  checkPasswordCanBeKept(ctx)
  const check = await checkServer(settings, 'move')
  if (!check.ok) throw refusalOf(check)
  const url = serverUrl(settings)
  const key = chainSealOf(ctx.db)?.key ?? null
  const progress = { done: 0, total: 0 }
  movesInProgress.set(data, progress)
  const release = await data.hold('Portico is moving this practice to the server. Nothing can be changed until that is done; try again in a moment.')
  let counts: { before: PracticeCounts; after: PracticeCounts }
  let step = 'copy'
  try {
    const moved = await movePracticeToServer(ctx.db, url, {
      onProgress: (done, total) => {
        progress.done = done
        progress.total = total
      },
    })
    counts = { before: moved.before, after: moved.after }
    step = 'open'
    // The desk keeps the practice's key for the server as for the file (the browser host keeps one key file per database).
    if (key) await data.keysFor(url).save(key)
    await data.switchTo(url)
  } catch (error) {
    await release()
    await recordFailure(ctx, 'practice.database.move', step)
    const reason = hidePassword(step === 'copy' && error instanceof Error && !databaseFault(error) ? error.message : reasonOf(error), settings)
    throw new AppError(
      'INVALID_INPUT',
      step === 'copy'
        ? `The practice was not moved: ${reason} This desk still uses the database built into this computer, which was not changed.`
        : `The practice was copied to ${describeServer(settings)}, but this desk could not open it there: ${reason} This desk still uses the database built into this computer. Choose “Use this server” to try again.`,
    )
  } finally {
    movesInProgress.delete(data)
  }
  await release()
  await appendAudit(data.db, { actor: ctx.actor, at: ctx.now().toISOString(), action: 'practice.database.move', clientId: null, outcome: 'success', detail: { clients: counts.after.clients, auditEvents: counts.after.auditEvents } })
  const unsaved = remember(ctx, () => ctx.deskConfig.useServer(settings))
  const signedOut = await sessionAfter(ctx, true)
  const message = `This practice is now on the server ${describeServer(settings)}, and this desk uses it. The copy on this computer was left as it was. Other desks can now join it under Settings → Practice database.${unsaved}`
  return { database: practiceDatabaseStatus(ctx, null), message, signedOut, counts }
}

/** A message about the server never carries its password, whatever put it there. */
function hidePassword(message: string, settings: ServerSettings): string {
  return settings.password ? message.split(settings.password).join('(password hidden)') : message
}

/** This computer only: the desk goes back to its built-in database (which holds what it held when the desk left it). */
export async function useBuiltIn(ctx: HandlerContext): Promise<PracticeDatabaseChange> {
  const data = dataOf(ctx)
  return oneAtATime(data, () => builtIn(ctx, data))
}

async function builtIn(ctx: HandlerContext, data: DataLayer): Promise<PracticeDatabaseChange> {
  if (data.store.fileBackups) throw new AppError('CONFLICT', 'This desk already uses the database built into this computer.')
  try {
    await data.switchTo(data.builtInPath)
  } catch (error) {
    await recordFailure(ctx, 'practice.database.built-in', 'open')
    throw new AppError('INVALID_INPUT', `This desk was not switched: ${reasonOf(error)} It still uses the server ${data.store.location}.`)
  }
  await appendAudit(data.db, { actor: systemActor(ctx), at: ctx.now().toISOString(), action: 'practice.database.built-in', clientId: null, outcome: 'success', detail: {} })
  const unsaved = remember(ctx, () => ctx.deskConfig.useFile(data.builtInPath))
  const signedOut = await sessionAfter(ctx, false)
  const message = `This desk now uses the database built into this computer (${data.store.location}). It holds what it held when this desk last used it, not what was entered on the server since. Sign in with your account here.${unsaved}`
  return { database: practiceDatabaseStatus(ctx, null), message, signedOut, counts: null }
}
