import { PORTAL_IDLE_MS } from '../../../shared/portal-session-rules'

/** The portal's timings, in one place so tests and the README agree with the code. */
export const PORTAL_RULES = {
  sessionIdleMs: PORTAL_IDLE_MS, // the portal page's own idle timer uses the same value
  sessionAbsoluteMs: 12 * 60 * 60 * 1000,
  maxFailedSignIns: 5,
  lockMs: 15 * 60 * 1000,
  resetCodeTtlMs: 60 * 60 * 1000,
} as const

export const SESSION_COOKIE = 'portico_session'

/** Five failures in a row lock an account for 15 minutes: portal clients and staff alike. */
export const LOCK_RULE = { maxFailures: PORTAL_RULES.maxFailedSignIns, lockMs: PORTAL_RULES.lockMs } as const
