import type { ActivityItem } from '../../../shared/dto'
import { errorMessage } from '../lib/api'
import type { DeskSlice } from './desk-store.types'

export type ProfileTab = 'details' | 'activity'

export interface ActivitySlice {
  /** Which tab of the client profile is open; kept while staff move from client to client. */
  profileTab: ProfileTab
  /** The portal history of `activityClientId`, newest first. */
  activity: ActivityItem[]
  activityClientId: number | null
  activityLoading: boolean
  activityError: string | null
  setProfileTab: (tab: ProfileTab) => void
  /**
   * Loads the shown client's portal activity; an answer about another client is ignored. `quiet`
   * (a refresh on a timer) keeps what is shown and its state as they are while asking, and keeps
   * them when the question fails.
   */
  loadActivity: (options?: { quiet?: boolean }) => Promise<void>
}

/** Newest first whatever order main used (ISO times in UTC sort as text; ids break ties). */
const newestFirst = (items: ActivityItem[]) => [...items].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id)

export const createActivitySlice: DeskSlice<ActivitySlice> = (deps) => (set, get) => {
  let latestRequest = 0

  return {
    profileTab: 'details',
    activity: [],
    activityClientId: null,
    activityLoading: false,
    activityError: null,

    setProfileTab: (tab) => {
      if (get().profileTab !== tab) set({ profileTab: tab })
    },

    loadActivity: async ({ quiet = false } = {}) => {
      const clientId = get().profile?.id
      if (clientId === undefined) return
      const sameClient = get().activityClientId === clientId
      if (quiet && (!sameClient || get().activityLoading)) return
      const request = ++latestRequest
      if (quiet) {
        try {
          const items = await deps.call('getClientActivity', { clientId })
          if (request === latestRequest) set({ activity: newestFirst(items) })
        } catch {
          // What is shown stays; a real load says what went wrong.
        }
        return
      }
      // Another client's history never shows under this one, not even while loading.
      set({ activityLoading: true, activityError: null, ...(sameClient ? {} : { activity: [], activityClientId: clientId }) })
      try {
        const items = await deps.call('getClientActivity', { clientId })
        if (request !== latestRequest) return
        set({ activity: newestFirst(items), activityClientId: clientId, activityLoading: false })
      } catch (error) {
        if (request !== latestRequest) return
        set({ activityLoading: false, activityError: errorMessage(error) })
      }
    },
  }
}
