import { DESK_SIGN_IN_LIMIT } from '../portal/portal-config'

const MINUTE_MS = 60_000
/** The times of recent staff password checks, per open database (a restore starts afresh). */
const recent = new WeakMap<object, number[]>()

/**
 * The desk's own ceiling on staff password checks (sign-in and unlock, all accounts together), on
 * top of each account's lock and delays: a script in the window can't spray guesses. Takes one
 * check, or returns the seconds until one is free. A clock that jumped back doesn't block.
 */
export function takeDeskPasswordCheck(db: object, now: Date): number | null {
  const at = now.getTime()
  const times = (recent.get(db) ?? []).filter((t) => t > at - MINUTE_MS && t <= at)
  if (times.length >= DESK_SIGN_IN_LIMIT.checksPerMinute) {
    recent.set(db, times)
    return Math.max(1, Math.ceil((times[0]! + MINUTE_MS - at) / 1000))
  }
  times.push(at)
  recent.set(db, times)
  return null
}
