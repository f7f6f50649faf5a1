import type { FastifyReply } from 'fastify'
import type { z } from 'zod'
import { databaseFault, faultCode } from '../../../db/dialect/faults'
import type { ApiError, ErrorCode } from '../../../shared/errors'
import { AppError } from '../app-error'

const STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SESSION_LOCKED: 423,
  ACCESS_DISABLED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CODE_NOT_USABLE: 410,
  LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  STORAGE_BUSY: 503,
  STORAGE_UNREACHABLE: 503,
  STORAGE_FULL: 507,
  STORAGE_READONLY: 503,
  STORAGE_IO: 503,
  STORAGE_DAMAGED: 503,
}

/** Parses a request body or query with its shared schema; a failure becomes a 400 with field messages. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {})
  if (parsed.success) return parsed.data
  const fields: { field: string; message: string }[] = []
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.') || '(input)'
    if (!fields.some((f) => f.field === field)) fields.push({ field, message: issue.message })
  }
  throw new AppError('INVALID_INPUT', fields[0]?.message ?? 'Please check what you entered.', fields)
}

/** Every failure as the same envelope the desk uses, with a fitting HTTP status. Nothing personal is logged. */
export function sendError(reply: FastifyReply, error: unknown, log: (line: string) => void): FastifyReply {
  let body: ApiError
  if (error instanceof AppError) {
    body = { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}), ...(error.retryAt ? { retryAt: error.retryAt } : {}) }
    if (error.retryAt) reply.header('Retry-After', new Date(error.retryAt).toUTCString())
  } else {
    const fault = databaseFault(error)
    if (fault === 'busy') {
      body = { code: 'STORAGE_BUSY', message: 'The practice’s system is busy. Nothing was changed. Try again in a moment.' }
    } else if (fault === 'unreachable') {
      body = { code: 'STORAGE_UNREACHABLE', message: 'The practice’s system can’t be reached right now. Nothing was changed. Please try again in a few minutes.' }
    } else if (fault === 'conflict') {
      body = { code: 'CONFLICT', message: 'That conflicts with something already saved. Nothing was changed.' }
    } else {
      const code = faultCode(error)
      log(`[portal] request failed: ${error instanceof Error ? error.name : typeof error}${code ? ` (${code})` : ''}`)
      body = { code: 'INTERNAL', message: 'Something went wrong on our side. Nothing was changed. Please try again.' }
    }
  }
  return reply.code(STATUS[body.code]).send({ ok: false, error: body })
}
