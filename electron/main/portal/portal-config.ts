import { PORTAL_IDLE_MS } from '../../../shared/portal-session-rules'

/** The portal's timings, in one place so tests and the README agree with the code. */
export const PORTAL_RULES = {
  sessionIdleMs: PORTAL_IDLE_MS, // the portal page's own idle timer uses the same value
  sessionAbsoluteMs: 12 * 60 * 60 * 1000,
  resetCodeTtlMs: 60 * 60 * 1000,
} as const

export const SESSION_COOKIE = 'portico_session'

/**
 * How hard password (and other secret) guessing is made, for portal clients and staff alike. Every
 * number the README's "How it is kept safe" states is here.
 */
export const SIGN_IN_RULES = {
  /** Per account (or per typed username that matches none): failures in a row before the lock. */
  maxFailures: 5,
  /** The lock after those failures. While it lasts no password is checked at all. */
  lockMs: 15 * 60 * 1000,
  /** After each failure short of the lock, no attempt for a while: 1 s, then 2, 4 and 8 s. */
  firstDelayMs: 1000,
  /**
   * While one attempt's password check runs, others for the same account wait (so guesses sent at
   * once are checked one at a time). Ends early when the check does; outlasts any slow hash.
   */
  checkHoldMs: 30 * 1000,
  /** Failures are forgotten after a quiet day, so a typo last month does not count towards a lock. */
  forgetFailuresMs: 24 * 60 * 60 * 1000,
} as const

/** The portal's limits per device and for the whole server (@fastify/rate-limit, per minute). */
export const PORTAL_ATTEMPT_LIMITS = {
  /** One budget per device (IP address) shared by sign-in, password reset, activation and username change. */
  devicePerMinute: 20,
  /** All devices together, on those same four forms: a ceiling for the whole portal. */
  portalPerMinute: 120,
  /** The live "is this username free?" check, per client account (not per device). */
  usernameChecksPerMinute: 5,
  /** The live check answers only during a username change the client has started, for this long. */
  usernameChangeMs: 10 * 60 * 1000,
} as const
export type PortalAttemptLimits = { [K in keyof typeof PORTAL_ATTEMPT_LIMITS]: number }

/** The desk's own ceiling in main: staff password checks (sign-in and unlock) per minute, all accounts together. */
export const DESK_SIGN_IN_LIMIT = { checksPerMinute: 10 } as const
