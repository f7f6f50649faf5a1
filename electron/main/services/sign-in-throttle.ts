import { createHmac, randomBytes } from 'node:crypto'
import type { Db } from '../../../db/repositories/clients.repository'
import {
  type ThrottleState,
  type ThrottleTarget,
  changeThrottle,
  forgetOldThrottles,
  throttleSecret,
} from '../../../db/repositories/sign-in-throttles.repository'
import { SIGN_IN_RULES } from '../portal/portal-config'

/**
 * Per-account throttling for every secret a person proves they know: a password at sign-in,
 * unlock and username change, a date of birth at activation, a reset code. The same rules hold for
 * an account and for a typed username that matches none, so the answers can't tell them apart.
 */

/** Why an attempt is refused unchecked: the account is locked, or waiting out a delay after a failure. */
export interface Pause {
  kind: 'locked' | 'delay'
  until: string
}

export type Gate = { open: true } | { open: false; pause: Pause }

const iso = (date: Date) => date.toISOString()
const later = (now: Date, ms: number) => iso(new Date(now.getTime() + ms))
const isAfter = (at: string | null, now: Date): at is string => at !== null && new Date(at) > now

/** Failures in a row still remembered: a quiet day forgets them. */
function remembered(state: ThrottleState, now: Date): number {
  if (!state.lastFailedAt) return 0
  return now.getTime() - new Date(state.lastFailedAt).getTime() < SIGN_IN_RULES.forgetFailuresMs ? state.failures : 0
}

function pauseOf(state: ThrottleState, now: Date): Pause | null {
  if (isAfter(state.lockedUntil, now)) return { kind: 'locked', until: state.lockedUntil }
  if (isAfter(state.nextAttemptAt, now)) return { kind: 'delay', until: state.nextAttemptAt }
  return null
}

/** When a row for an unknown username holds nothing any more and may be dropped. */
function forgetAt(state: ThrottleState): string {
  const times = [state.lockedUntil, state.nextAttemptAt, state.lastFailedAt && later(new Date(state.lastFailedAt), SIGN_IN_RULES.forgetFailuresMs)]
  return iso(new Date(Math.max(0, ...times.map((t) => (t ? new Date(t).getTime() : 0)))))
}

/**
 * Starts an attempt whose secret is about to be checked. Refused, without counting, while the
 * account is locked or inside its delay. Otherwise it holds the account until this check is
 * recorded, so parallel guesses are refused rather than checked side by side.
 */
export function claimAttempt(db: Db, target: ThrottleTarget, now: Date): Promise<Gate> {
  return changeThrottle<Gate>(db, target, (state) => {
    const pause = pauseOf(state, now)
    if (pause) return { next: 'unchanged', result: { open: false, pause } }
    const next: ThrottleState = { failures: remembered(state, now), lockedUntil: null, nextAttemptAt: later(now, SIGN_IN_RULES.checkHoldMs), lastFailedAt: state.lastFailedAt }
    return { next, forgetAt: forgetAt(next), result: { open: true } }
  })
}

/**
 * Counts one wrong secret: the next attempt waits 1, 2, 4, then 8 s, and the fifth failure in a
 * row locks for 15 minutes. Nothing is counted while locked, nor (for checks that did not claim,
 * such as reset codes) inside a delay, so guessing never goes faster than the delays allow.
 */
export async function recordFailure(db: Db, target: ThrottleTarget, now: Date, options: { claimed: boolean }): Promise<{ counted: boolean; lockedUntil: string | null }> {
  const outcome = await changeThrottle(db, target, (state) => {
    if (isAfter(state.lockedUntil, now) || (!options.claimed && isAfter(state.nextAttemptAt, now))) {
      return { next: 'unchanged', result: { counted: false, lockedUntil: null } }
    }
    const failures = remembered(state, now) + 1
    const next: ThrottleState =
      failures >= SIGN_IN_RULES.maxFailures
        ? { failures: 0, lockedUntil: later(now, SIGN_IN_RULES.lockMs), nextAttemptAt: null, lastFailedAt: iso(now) }
        : { failures, lockedUntil: null, nextAttemptAt: later(now, SIGN_IN_RULES.firstDelayMs * 2 ** (failures - 1)), lastFailedAt: iso(now) }
    return { next, forgetAt: forgetAt(next), result: { counted: true, lockedUntil: next.lockedUntil } }
  })
  if (target.table === 'sign_in_throttles') await forgetOldThrottles(db, iso(now))
  return outcome
}

/** The person proved who they are (right password, right date of birth, valid reset code): start afresh. */
export function clearThrottle(db: Db, target: ThrottleTarget): Promise<void> {
  return changeThrottle(db, target, () => ({ next: null, result: undefined }))
}

const secrets = new WeakMap<object, Promise<Buffer>>()

/** The database's key for hashing unknown usernames, read (or made) once per open database. */
export function throttleKey(db: Db): Promise<Buffer> {
  let key = secrets.get(db)
  if (!key) {
    key = throttleSecret(db, () => randomBytes(32).toString('base64')).then((value) => Buffer.from(value, 'base64'))
    secrets.set(db, key)
    key.catch(() => secrets.delete(db))
  }
  return key
}

/**
 * The throttle for a typed username that matches no account: an HMAC of its normalised key under
 * the database's own random key. The typed text is never stored.
 */
export async function unknownUsernameTarget(db: Db, kind: 'portal' | 'staff', usernameKey: string): Promise<ThrottleTarget> {
  const keyHash = createHmac('sha256', await throttleKey(db)).update(`${kind}\u0000${usernameKey}`).digest('hex')
  return { table: 'sign_in_throttles', keyHash }
}

/** The pause's end as a reader sees it on the clock: the next whole minute, in the computer's time zone. */
export function pauseEndText(until: string): string {
  const minute = Math.ceil(new Date(until).getTime() / 60_000) * 60_000
  return new Date(minute).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })
}
