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

/**
 * A client whose stored row can't be read as a client (a garbled value, a damaged page): the
 * profile says so, and what to do, instead of failing as a fault of the whole desk.
 */
export const damagedProfile = (clientId: number) =>
  new AppError(
    'STORAGE_DAMAGED',
    `Client #${String(clientId)}: this client’s record is damaged, so Portico can’t show it. The other clients are fine. ` +
      'An admin can restore the newest good backup (Settings → Backups), or call support.',
  )
