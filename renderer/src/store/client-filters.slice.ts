import type { ClientFilter, ClientListCounts } from '../../../shared/client-filter'
import { errorMessage } from '../lib/api'
import type { DeskSlice } from './desk-store.types'

/** Where turning off inactive clients' portal access has got to (between batches), or how it ended. */
export interface InactivePortalsRun {
  /** Clients turned off so far. */
  done: number
  /** The number the admin confirmed, raised if more turned up meanwhile. */
  total: number
  finished: boolean
  error: string | null
}

export interface ClientFiltersSlice {
  /** Which clients the list (and any search) shows. */
  filter: ClientFilter
  /** The filter row's numbers; null until first read. */
  counts: ClientListCounts | null
  /** The bulk action's progress, while it runs and after it ends (until dismissed); null otherwise. */
  inactivePortalsRun: InactivePortalsRun | null
  /** Narrows the list to `filter` and reads it from its top. */
  setFilter: (filter: ClientFilter) => Promise<void>
  /** Reads each filter's count again (after a change here, or to catch up with other desks). */
  loadCounts: () => Promise<void>
  /**
   * Admins: turns portal access off for every inactive client, a batch per call, so the desk
   * stays responsive and shows how far it has got. `confirmed` is the number the admin agreed to.
   */
  turnOffInactivePortals: (confirmed: number) => Promise<void>
  dismissInactivePortalsRun: () => void
}

export const createClientFiltersSlice: DeskSlice<ClientFiltersSlice> = (deps) => (set, get) => {
  let countsAsked = 0
  return {
    filter: 'all',
    counts: null,
    inactivePortalsRun: null,

    setFilter: async (filter) => {
      if (filter === get().filter) return
      set({ filter })
      await get().loadClients()
    },

    loadCounts: async () => {
      const asked = ++countsAsked
      try {
        const counts = await deps.call('countClients', {})
        // An older answer arriving after a newer one is dropped.
        if (asked === countsAsked) set({ counts })
      } catch {
        // The counts are a guide: the list itself says what went wrong, and the next read retries.
      }
    },

    turnOffInactivePortals: async (confirmed) => {
      let run: InactivePortalsRun = { done: 0, total: confirmed, finished: false, error: null }
      set({ inactivePortalsRun: run })
      try {
        for (;;) {
          const step = await deps.call('turnOffInactivePortals', {})
          const done = run.done + step.turnedOff
          run = { ...run, done, total: Math.max(run.total, done), finished: step.finished || step.turnedOff === 0 }
          set({ inactivePortalsRun: run })
          if (run.finished) break
        }
      } catch (error) {
        set({ inactivePortalsRun: { ...run, finished: true, error: errorMessage(error) } })
      }
      await get().loadClients({ keepPosition: true })
    },

    dismissInactivePortalsRun: () => set({ inactivePortalsRun: null }),
  }
}
