import { ClientInput, type ClientFormValues } from '../../../shared/client-input'
import type { ClientDetail, ClientStatus } from '../../../shared/dto'
import { ApiCallError, errorMessage } from '../lib/api'
import { summaryOf } from './client-summary'
import type { DeskSlice } from './desk-store.types'
import { type ClientField, type FieldErrors, splitFieldIssues } from './field-errors'
import { profileRefresh } from './profile-refresh'

export { PROFILE_REFRESH_MS, SAVE_AGAIN_MESSAGE } from './profile-refresh'

export type ProfileMode = 'view' | 'edit' | 'new'

export interface ProfileSlice {
  profile: ClientDetail | null
  profileLoading: boolean
  profileError: string | null
  mode: ProfileMode
  saving: boolean
  fieldErrors: FieldErrors
  formError: string | null
  statusSaving: boolean
  statusError: string | null
  /** The last Save failed because the server couldn't be reached (its message changes once it is back). */
  formOffline: boolean
  /** While the Edit form is open: the client as now saved, when another desk changed them meanwhile. */
  newerProfile: ClientDetail | null
  /** Another desk changed the details being edited (name, date of birth, email, phone) since the form opened. */
  editedElsewhere: boolean
  /** Selects a client in the list and loads their profile; a slower earlier load is ignored. */
  selectClient: (clientId: number) => Promise<void>
  startNewClient: () => void
  startEditClient: () => void
  cancelEdit: () => void
  clearFieldError: (field: ClientField) => void
  /**
   * Checks the values with the shared schema, then creates or updates the client. Resolves true
   * when saved (the client is then selected and shown); false leaves the messages in state.
   */
  saveClient: (values: ClientFormValues) => Promise<boolean>
  /** Marks the shown client active or inactive (inactive: also turning portal access off, if asked). */
  setClientStatus: (status: ClientStatus, options?: { turnOffPortal?: boolean }) => Promise<void>
  /**
   * Reads the open profile again, for changes made at other desks. The profile and its portal panel
   * are replaced only when shown read-only; an open Edit form keeps what was typed and is told if
   * another desk changed the same details. Quiet when it fails: what is shown stays.
   */
  refreshProfile: () => Promise<void>
  /** Refreshes the open profile every PROFILE_REFRESH_MS. Returns the stop function. */
  watchProfile: () => () => void
  /** The server is back: reload a profile that failed to load, refresh the shown one, reword a failed Save. */
  profileAfterOutage: () => Promise<void>
}

const NO_FORM_ERRORS = { fieldErrors: {}, formError: null, formOffline: false } as const
const NOTHING_NEWER = { newerProfile: null, editedElsewhere: false } as const

export const createProfileSlice: DeskSlice<ProfileSlice> = (deps) => (set, get) => {
  let latestLoad = 0

  /** Shows a saved or reloaded client and brings their list row up to date. */
  const showClient = (detail: ClientDetail) => {
    set({ profile: detail, selectedId: detail.id })
    get().patchClientInList(detail.id, summaryOf(detail))
  }

  return {
    profile: null,
    profileLoading: false,
    profileError: null,
    mode: 'view',
    saving: false,
    ...NO_FORM_ERRORS,
    statusSaving: false,
    statusError: null,
    ...NOTHING_NEWER,

    selectClient: async (clientId) => {
      const load = ++latestLoad
      const keep = get().profile?.id === clientId
      get().resetPortalMessages()
      set({
        selectedId: clientId,
        profile: keep ? get().profile : null,
        profileLoading: true,
        profileError: null,
        mode: 'view',
        statusError: null,
        ...NO_FORM_ERRORS,
        ...NOTHING_NEWER,
      })
      try {
        const detail = await deps.call('getClient', { clientId })
        if (load !== latestLoad) return
        set({ profileLoading: false })
        showClient(detail)
      } catch (error) {
        if (load !== latestLoad) return
        set({ profileLoading: false, profileError: errorMessage(error) })
      }
    },

    startNewClient: () => {
      set({ mode: 'new', ...NO_FORM_ERRORS, ...NOTHING_NEWER })
    },
    startEditClient: () => {
      set({ mode: get().profile ? 'edit' : 'view', ...NO_FORM_ERRORS, ...NOTHING_NEWER })
    },
    cancelEdit: () => {
      // Back to the profile as it is now saved, other desks' changes included.
      const newer = get().newerProfile
      set({ mode: 'view', ...NO_FORM_ERRORS, ...NOTHING_NEWER })
      if (newer && get().profile?.id === newer.id) showClient(newer)
    },
    clearFieldError: (field) => {
      if (!get().fieldErrors[field]) return
      set({ fieldErrors: { ...get().fieldErrors, [field]: undefined } })
    },

    saveClient: async (values) => {
      if (get().saving) return false
      const checked = ClientInput.safeParse(values)
      if (!checked.success) {
        const issues = checked.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }))
        const { fieldErrors, other } = splitFieldIssues(issues)
        set({ fieldErrors, formError: other.length ? other.join(' ') : null })
        return false
      }
      const { mode, profile } = get()
      // Counts as the latest load: an older profile load must not replace what is being saved, and
      // if staff pick another client meanwhile, this answer must not pull them back.
      const load = ++latestLoad
      set({ saving: true, ...NO_FORM_ERRORS })
      try {
        const detail =
          mode === 'edit' && profile
            ? await deps.call('updateClient', { clientId: profile.id, client: values })
            : await deps.call('createClient', { client: values })
        set({ saving: false })
        if (load === latestLoad) {
          set({ mode: 'view', profileLoading: false, profileError: null, ...NOTHING_NEWER })
          showClient(detail)
        }
        // A new client joins the list, an edited one may move in it: refresh it where it is.
        await get().loadClients({ keepPosition: true })
        return true
      } catch (error) {
        set({ saving: false })
        if (load !== latestLoad) return false
        const { fieldErrors, other } = splitFieldIssues(error instanceof ApiCallError ? error.fields : [])
        const hasFieldErrors = Object.keys(fieldErrors).length > 0
        const formOffline = error instanceof ApiCallError && error.code === 'STORAGE_UNREACHABLE'
        set({ fieldErrors, formError: other.length ? other.join(' ') : hasFieldErrors ? null : errorMessage(error), formOffline })
        return false
      }
    },

    setClientStatus: async (status, options = {}) => {
      const { profile, statusSaving } = get()
      if (!profile || statusSaving) return
      set({ statusSaving: true, statusError: null })
      try {
        const detail = await deps.call('setClientStatus', { clientId: profile.id, status, ...(options.turnOffPortal ? { turnOffPortal: true } : {}) })
        set({ statusSaving: false })
        if (get().profile?.id === detail.id) showClient(detail)
        else get().patchClientInList(detail.id, summaryOf(detail))
      } catch (error) {
        set({ statusSaving: false })
        if (get().profile?.id === profile.id) set({ statusError: errorMessage(error) })
      }
    },

    ...profileRefresh(deps, { set, get, currentLoad: () => latestLoad, showClient }),
  }
}
