import type { z } from 'zod'
import { CHANNELS, type ChannelName } from '../../shared/channels'
import { type ChannelOutput, type ParsedInput, contract } from '../../shared/contract'
import type { ApiError, FieldIssue, Result } from '../../shared/errors'
import { WritesRefusedError } from '../../db/audit/chain-seal'
import { type DatabaseFault, databaseFault, faultCode } from '../../db/dialect/faults'
import { AuditKeyMissingError, appendAudit } from '../../db/repositories/audit.repository'
import { currentStaffRow, findStaffById, staffRowToIdentity } from '../../db/repositories/staff.repository'
import { AppError } from './app-error'
import { type HandlerContext, deskActor } from './context'
import { type WriteGate, callThroughGate } from './write-gate'

/** One handler per channel, typed from the contract: a missing one fails to compile. */
export type HandlerMap = {
  [K in ChannelName]: (input: ParsedInput<K>, ctx: HandlerContext) => Promise<ChannelOutput<K>>
}

/** Where a call came from, as judged by the host (Electron or the browser host), never by the caller. */
export interface CallOrigin {
  trusted: boolean
}

export type ErrorLogger = (line: string) => void

/** A call from anywhere but the desk's own page. */
export const UNTRUSTED_SENDER: ApiError = { code: 'FORBIDDEN', message: 'This request did not come from the Portico window.' }

/** The practice's server can't be reached: the call changed nothing, and the desk waits for it. */
export const DATABASE_UNREACHABLE: ApiError = {
  code: 'STORAGE_UNREACHABLE',
  message: 'Portico can’t reach the practice database right now. Nothing was changed. It will carry on by itself when the server is back.',
}

const isChannel = (name: string): name is ChannelName => (CHANNELS as readonly string[]).includes(name)

function invalidInput(error: z.ZodError): ApiError {
  const fields: FieldIssue[] = []
  for (const issue of error.issues) {
    // "client.email" is shown beside the Email field, so the form only needs the last part.
    const field = issue.path.filter((p) => p !== 'client').map(String).join('.') || '(input)'
    // One message per field: the first is the one to fix first.
    if (!fields.some((f) => f.field === field)) fields.push({ field, message: issue.message })
  }
  return { code: 'INVALID_INPUT', message: 'Some details need attention before this can be saved.', fields }
}

/** A database that can't take the change, told as what happened and what to do. Nothing before it is lost. */
const STORAGE_FAULTS: Partial<Record<DatabaseFault, ApiError>> = {
  full: {
    code: 'STORAGE_FULL',
    message: 'The disk that holds Portico’s database is full. Nothing was saved; everything saved before is kept. Free some space on that disk (or ask your IT support), then try again.',
  },
  readonly: {
    code: 'STORAGE_READONLY',
    message: 'Portico can’t save to its database: the file or its folder is read-only for this computer’s user (or the server refuses changes). Nothing was saved; everything saved before is kept. Ask your IT support to allow changes, then try again.',
  },
  io: {
    code: 'STORAGE_IO',
    message: 'The computer could not read or write Portico’s database (a disk or network drive error). Nothing was saved. Check that the drive is connected, then try again; if it keeps happening, contact your IT support.',
  },
  damaged: {
    code: 'STORAGE_DAMAGED',
    message: 'Portico’s database reports damage, so nothing was saved. Restart Portico: it checks the database at start and offers the newest good backup.',
  },
}

/** The database's own failures, told in words the desk can act on. Nothing of the data is logged. */
function storageError(error: unknown, channel: string, log: ErrorLogger): ApiError {
  // The audit trail can't be trusted to record the change: the message says why, in plain words.
  if (error instanceof WritesRefusedError || error instanceof AuditKeyMissingError) return { code: 'FORBIDDEN', message: error.message }
  const fault = databaseFault(error)
  if (fault === 'busy') {
    return {
      code: 'STORAGE_BUSY',
      message: 'The database is busy (another desk may be saving). Nothing was changed. Try again in a moment.',
    }
  }
  if (fault === 'unreachable') return DATABASE_UNREACHABLE
  if (fault === 'conflict') {
    return { code: 'CONFLICT', message: 'That change conflicts with what is already saved. Nothing was changed.' }
  }
  const told = fault ? STORAGE_FAULTS[fault] : undefined
  if (told) {
    log(`[ipc] ${channel} failed: ${fault ?? ''} (${faultCode(error)})`)
    return told
  }
  const code = faultCode(error)
  const name = error instanceof Error ? error.name : typeof error
  log(`[ipc] ${channel} failed: ${name}${code ? ` (${code})` : ''}`)
  return { code: 'INTERNAL', message: 'Something went wrong and nothing was changed. Try again; if it keeps happening, restart Portico.' }
}

/** Channels are public, for any signed-in and unlocked staff member, or for admins only. */
function sessionProblem(access: 'public' | 'staff' | 'admin', ctx: HandlerContext): ApiError | null {
  if (access === 'public') return null
  if (!ctx.session.staff) return { code: 'UNAUTHENTICATED', message: 'Sign in to Portico first.' }
  if (ctx.session.locked) return { code: 'SESSION_LOCKED', message: 'Portico is locked. Unlock it with your password.' }
  return null
}

/**
 * The staff member's account as it is now, not as it was at sign-in: an admin at another desk (or
 * a restore) may have changed their role or deactivated them. Runs before the input is parsed, so
 * a front-desk account learns nothing about an admin channel's fields; the only read is the
 * caller's own staff row. An admin channel always reads it; other channels may take it as the
 * practice server last told this desk (see `currentStaffRow`), which saves a round trip per call.
 */
async function roleProblem(access: 'public' | 'staff' | 'admin', ctx: HandlerContext, sessionRole = false): Promise<ApiError | null> {
  if (access === 'public' || !ctx.session.staff) return null
  // Watching or stopping one's own running import: the role as main's session holds it, re-read when the import started.
  if (sessionRole) return access === 'admin' && ctx.session.staff.role !== 'admin' ? { code: 'FORBIDDEN', message: 'Only an admin can do this. Ask an admin at your practice.' } : null
  const row = access === 'admin' ? await findStaffById(ctx.db, ctx.session.staff.id) : await currentStaffRow(ctx.db, ctx.session.staff.id)
  if (!row || row.active !== 1) {
    ctx.session.staff = null
    ctx.session.locked = false
    return { code: 'UNAUTHENTICATED', message: 'Your account is no longer active here. Ask an admin, then sign in again.' }
  }
  ctx.session.staff = staffRowToIdentity(row)
  if (access === 'admin' && row.role !== 'admin') {
    return { code: 'FORBIDDEN', message: 'Only an admin can do this. Ask an admin at your practice.' }
  }
  return null
}

/** A refused input is recorded by which fields were wrong, never by what was typed. */
async function auditInvalidInput(ctx: HandlerContext, channel: string, error: ApiError): Promise<void> {
  await appendAudit(ctx.db, {
    actor: ctx.actor,
    at: ctx.now().toISOString(),
    action: `ipc.${channel}`,
    clientId: null,
    outcome: 'failure',
    detail: { reason: 'invalid-input', fields: (error.fields ?? []).map((f) => f.field).slice(0, 20) },
  })
}

/**
 * The single entry for every call, from Electron's ipcMain, the browser host and the tests alike:
 * check the sender, the session and the caller's role, parse the input strictly, run the handler,
 * and answer with an envelope. Nothing is thrown back to the caller. Invalid input never reaches a
 * handler: the only database write it causes is its own audit event.
 */
export async function dispatch(
  handlers: HandlerMap,
  ctx: HandlerContext,
  channel: string,
  input: unknown,
  origin: CallOrigin,
  log: ErrorLogger = (line) => console.error(line),
): Promise<Result<unknown>> {
  if (!origin.trusted) {
    return { ok: false, error: UNTRUSTED_SENDER }
  }
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: 'Unknown request.' } }
  }
  const refused = sessionProblem(contract[channel].access, ctx)
  if (refused) return { ok: false, error: refused }
  try {
    // Who may call comes before what they sent: a channel they can't use tells them nothing of its fields.
    const denied = await roleProblem(contract[channel].access, ctx, 'sessionRole' in contract[channel])
    if (denied) return { ok: false, error: denied }
  } catch (error) {
    return { ok: false, error: storageError(error, channel, log) }
  }
  // The actor for this call comes from main's session (as just re-read), whatever the caller sent.
  const callCtx: HandlerContext = { ...ctx, actor: deskActor(ctx.workstation, ctx.session.staff) }
  const parsed = contract[channel].input.safeParse(input)
  if (!parsed.success) {
    const error = invalidInput(parsed.error)
    await auditInvalidInput(callCtx, channel, error).catch(() => log(`[ipc] ${channel}: could not audit a validation failure`))
    return { ok: false, error }
  }
  try {
    const handler = handlers[channel] as (input: unknown, ctx: HandlerContext) => Promise<unknown>
    const value = await handler(parsed.data, callCtx)
    // A call that worked may mean the database takes writes again: audit events waiting go in now.
    ctx.pendingAudits.nudge()
    return { ok: true, value: contract[channel].output.parse(value) }
  } catch (error) {
    if (error instanceof AppError) {
      return { ok: false, error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } }
    }
    return { ok: false, error: storageError(error, channel, log) }
  }
}

/** Answers one call on a channel, judged from where it came (Electron's sender check, the browser host's token). */
export type CallAnswerer = (channel: string, input: unknown, origin: CallOrigin) => Promise<Result<unknown>>

/**
 * The dispatcher over one desk's context, for a host to register. With a `gate`, each call counts
 * as a possible write, so an update never installs in the middle of one.
 */
export function answerWith(handlers: HandlerMap, ctx: HandlerContext, gate?: WriteGate, log?: ErrorLogger): CallAnswerer {
  return (channel, input, origin) => {
    const call = () => dispatch(handlers, ctx, channel, input, origin, log)
    return gate ? callThroughGate(gate, call) : call()
  }
}
