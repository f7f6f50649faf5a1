/** The portal's timings, in one place so tests and the README agree with the code. */
export const PORTAL_RULES = {
  sessionIdleMs: 15 * 60 * 1000,
  sessionAbsoluteMs: 12 * 60 * 60 * 1000,
  maxFailedSignIns: 5,
  lockMs: 15 * 60 * 1000,
  resetCodeTtlMs: 60 * 60 * 1000,
} as const

export const SESSION_COOKIE = 'portico_session'

/**
 * One more failed password check: returns when the account is now locked until, or null when this
 * failure doesn't lock it yet. Portal clients and staff share the rule.
 */
export function lockAfterFailure(failedAttemptsBefore: number, now: Date): string | null {
  return failedAttemptsBefore + 1 >= PORTAL_RULES.maxFailedSignIns ? new Date(now.getTime() + PORTAL_RULES.lockMs).toISOString() : null
}
