import type { DeskSlice } from './desk-store.types'

/** Waits between checks while the server is away: soon at first, then every few seconds. */
export const RETRY_DELAYS_MS = [1000, 2000, 3000, 5000] as const
/** How often a desk asks whether the database answers while its window shows, so an idle desk notices too. */
export const DATABASE_WATCH_MS = 5000

export interface DatabaseSlice {
  /** Where the practice's database is, in words (host:port/database); null until main first says. */
  databaseLocation: string | null
  /** The database can't be reached: the full-window message shows until it answers again. */
  databaseDown: boolean
  /** A call failed because the server can't be reached: check, and if so wait for it to come back. */
  databaseUnreachable: () => void
  /**
   * Asks main whether the database answers. While it doesn't, asks again after a growing pause
   * (1, 2, 3, then every 5 s); once it does, the desk carries on by itself. Resolves with the answer.
   */
  checkDatabase: () => Promise<boolean>
  /** The Retry button: asks at once instead of waiting for the next try. */
  retryDatabaseNow: () => Promise<boolean>
  /** Asks every DATABASE_WATCH_MS whether the database answers (and where it is). Returns the stop function. */
  watchDatabase: () => () => void
}

export const createDatabaseSlice: DeskSlice<DatabaseSlice> = (deps) => (set, get) => {
  const { clock } = deps
  let tries = 0
  let retry: unknown = null
  let pending: Promise<boolean> | null = null

  const stopRetrying = () => {
    clock.clearTimeout(retry)
    retry = null
    tries = 0
  }
  const retryLater = () => {
    clock.clearTimeout(retry)
    const delay = RETRY_DELAYS_MS[Math.min(tries, RETRY_DELAYS_MS.length - 1)]!
    tries += 1
    retry = clock.setTimeout(() => {
      retry = null
      void get().checkDatabase()
    }, delay)
  }
  /** The server is back: pick up where the desk was, leaving any open form exactly as typed. */
  const carryOn = async () => {
    // First, in the same moment the message goes: a failed Save's message says to save again.
    const profile = get().profileAfterOutage()
    await get().loadSession()
    if (get().session?.state === 'signed-in') void get().loadClients({ keepPosition: true })
    await profile
  }

  return {
    databaseLocation: null,
    databaseDown: false,

    databaseUnreachable: () => {
      // Already waiting for the server: the scheduled tries carry on. Otherwise make sure first, so a
      // single dropped connection (which the next call replaces) doesn't flash the message.
      if (!get().databaseDown) void get().checkDatabase()
    },

    checkDatabase: () => {
      pending ??= (async () => {
        try {
          const status = await deps.call('getDatabaseStatus', {})
          if (status.location !== get().databaseLocation) set({ databaseLocation: status.location })
          if (status.reachable) {
            const wasDown = get().databaseDown
            stopRetrying()
            if (wasDown) {
              set({ databaseDown: false })
              void carryOn()
            } else if (get().formOffline) {
              // A Save failed on a connection the server had dropped, and it answers again already.
              void get().profileAfterOutage()
            }
            return true
          }
          set({ databaseDown: true })
          retryLater()
          return false
        } catch {
          // No answer from this desk's own service at all: that has its own message; keep trying
          // only if the database was already known to be away.
          if (get().databaseDown) retryLater()
          return false
        } finally {
          pending = null
        }
      })()
      return pending
    },

    retryDatabaseNow: () => {
      stopRetrying()
      return get().checkDatabase()
    },

    watchDatabase: () => {
      let handle: unknown
      const tick = () => {
        handle = clock.setTimeout(() => {
          // While the server is away, the retries above do the asking.
          if (!get().databaseDown) void get().checkDatabase()
          tick()
        }, DATABASE_WATCH_MS)
      }
      void get().checkDatabase()
      tick()
      return () => {
        clock.clearTimeout(handle)
      }
    },
  }
}
