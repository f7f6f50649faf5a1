import { contract } from '../../../shared/contract'
import { ApiCallError, type Caller } from '../lib/api'

/** Main refuses a staff channel with these when nobody is signed in or the desk is locked. */
const SESSION_ENDED = new Set<string>(['UNAUTHENTICATED', 'SESSION_LOCKED'])

/** Channels that change the session itself: their answers always count. */
const SESSION_CHANNELS = new Set<string>(['lock', 'signOut'])

export interface SessionGuard {
  call: Caller
  /** Drops every answer to a data call already on its way: it belongs to a session that ended. */
  dropPending: () => void
  /** Told when main refuses a call because the session ended (locked, or signed out by main). */
  onSessionEnded: (listener: () => void) => void
}

/**
 * Wraps the caller so that no client data outlives its session. A data call that was sent before
 * the desk locked or signed out never settles: its answer is dropped rather than put back into a
 * store that was just cleared. Public channels (getSession, signIn, unlock, setup) are left alone:
 * their UNAUTHENTICATED only means a wrong password.
 */
export function createSessionGuard(raw: Caller): SessionGuard {
  let epoch = 0
  let ended: () => void = () => undefined

  const call: Caller = async (channel, input) => {
    const guarded = contract[channel].access !== 'public'
    const droppable = guarded && !SESSION_CHANNELS.has(channel)
    const started = epoch
    const never = () => new Promise<never>(() => undefined)
    try {
      const value = await raw(channel, input)
      return droppable && started !== epoch ? never() : value
    } catch (error) {
      const stale = started !== epoch
      if (guarded && error instanceof ApiCallError && SESSION_ENDED.has(error.code)) ended()
      // The call that finds the session ended still fails (and its message is cleared with the
      // rest once main's answer arrives); older ones are simply dropped.
      if (droppable && stale) return never()
      throw error
    }
  }

  return {
    call,
    dropPending: () => {
      epoch += 1
    },
    onSessionEnded: (listener) => {
      ended = listener
    },
  }
}
