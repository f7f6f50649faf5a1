import type { ClientDetail } from '../../../shared/dto'
import type { DeskState, SliceDeps } from './desk-store.types'
import type { ProfileSlice } from './profile.slice'

/** How often the open profile is read again, so changes made at other desks show within seconds. */
export const PROFILE_REFRESH_MS = 3000

/** Shown in the form once the server is back, after a Save that could not reach it. */
export const SAVE_AGAIN_MESSAGE = 'The practice database is back. Your last Save did not reach it, so nothing was saved: check the details and press Save again.'

const FORM_FIELDS = ['firstName', 'lastName', 'preferredName', 'dateOfBirth', 'email', 'phone'] as const
/** Whether another desk changed any of the details the Edit form holds. */
const detailsDiffer = (a: ClientDetail, b: ClientDetail) => FORM_FIELDS.some((field) => a[field] !== b[field])

/** Something the desk is saving for the shown client applies its own answer: a refresh must not cross it. */
const savingSomething = (s: DeskState) =>
  s.saving || s.statusSaving || s.portalSaving || s.inviteSending || s.resetSending || s.unlocking || s.profileLoading

/** What the profile slice shares with its refresh: the store, its newest load, and how it shows a client. */
export interface ProfileInternals {
  set: (partial: Partial<DeskState>) => void
  get: () => DeskState
  /** Counts up with every profile load and save: an answer from before the newest one is stale. */
  currentLoad: () => number
  /** Shows a client in the profile and brings their list row up to date. */
  showClient: (detail: ClientDetail) => void
}

/**
 * The profile slice's refresh actions (see ProfileSlice): reading the open profile again for other
 * desks' changes, on a timer, and once the server is back after an outage.
 */
export function profileRefresh(deps: SliceDeps, { set, get, currentLoad, showClient }: ProfileInternals): Pick<ProfileSlice, 'refreshProfile' | 'watchProfile' | 'profileAfterOutage'> {
  return {
    refreshProfile: async () => {
      const before = get()
      const shown = before.profile
      if (!shown || before.mode === 'new' || before.databaseDown || savingSomething(before)) return
      const load = currentLoad()
      let detail: ClientDetail
      try {
        detail = await deps.call('refreshClient', { clientId: shown.id })
      } catch {
        // What is shown stays; a server out of reach shows its own message.
        return
      }
      const now = get()
      // Another client was picked, or this desk changed the profile meanwhile: its own answer counts.
      if (load !== currentLoad() || now.profile !== shown || savingSomething(now)) return
      if (now.mode === 'edit') {
        const newer = JSON.stringify(detail) === JSON.stringify(shown) ? null : detail
        set({ newerProfile: newer, editedElsewhere: newer !== null && detailsDiffer(shown, newer) })
      } else if (now.mode === 'view' && JSON.stringify(detail) !== JSON.stringify(shown)) {
        showClient(detail)
      }
      // A client's sign-ins, resets and username changes show in the open Activity tab too.
      if (now.profileTab === 'activity' && now.activityClientId === shown.id) void get().loadActivity({ quiet: true })
    },

    watchProfile: () => {
      let handle: unknown
      const tick = () => {
        handle = deps.clock.setTimeout(() => {
          void get().refreshProfile()
          tick()
        }, PROFILE_REFRESH_MS)
      }
      tick()
      return () => {
        deps.clock.clearTimeout(handle)
      }
    },

    profileAfterOutage: async () => {
      const { formOffline, profileError, selectedId, mode } = get()
      if (formOffline) set({ formError: SAVE_AGAIN_MESSAGE, formOffline: false })
      if (profileError && selectedId !== null && mode === 'view') return get().selectClient(selectedId)
      return get().refreshProfile()
    },
  }
}
