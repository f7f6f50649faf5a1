import type { ErrorCode, FieldIssue } from '../../shared/errors'

/** An expected failure with a message fit for the front desk. The dispatcher turns it into an envelope. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldIssue[],
    /** When a paused action may be tried again (ISO-8601 UTC). */
    readonly retryAt?: string,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const notFound = (what = 'client') =>
  new AppError('NOT_FOUND', `That ${what} no longer exists. Refresh the list and try again.`)
