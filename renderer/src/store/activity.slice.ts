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
  /** Loads the shown client's portal activity; an answer about another client is ignored. */
  loadActivity: () => Promise<void>
}

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

    loadActivity: async () => {
      const clientId = get().profile?.id
      if (clientId === undefined) return
      const request = ++latestRequest
      const sameClient = get().activityClientId === clientId
      // Another client's history never shows under this one, not even while loading.
      set({ activityLoading: true, activityError: null, ...(sameClient ? {} : { activity: [], activityClientId: clientId }) })
      try {
        const items = await deps.call('getClientActivity', { clientId })
        if (request !== latestRequest) return
        // Newest first whatever order main used (ISO times in UTC sort as text; ids break ties).
        const newestFirst = [...items].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id)
        set({ activity: newestFirst, activityClientId: clientId, activityLoading: false })
      } catch (error) {
        if (request !== latestRequest) return
        set({ activityLoading: false, activityError: errorMessage(error) })
      }
    },
  }
}
