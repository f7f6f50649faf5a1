import { ClientInput, type ClientFormValues } from '../../../shared/client-input'
import type { ClientDetail, ClientStatus } from '../../../shared/dto'
import { ApiCallError, errorMessage } from '../lib/api'
import { summaryOf } from './client-summary'
import type { DeskSlice } from './desk-store.types'
import { type ClientField, type FieldErrors, splitFieldIssues } from './field-errors'

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
  /** Marks the shown client active or inactive. */
  setClientStatus: (status: ClientStatus) => Promise<void>
}

const NO_FORM_ERRORS = { fieldErrors: {}, formError: null } as const

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
      set({ mode: 'new', ...NO_FORM_ERRORS })
    },
    startEditClient: () => {
      set({ mode: get().profile ? 'edit' : 'view', ...NO_FORM_ERRORS })
    },
    cancelEdit: () => {
      set({ mode: 'view', ...NO_FORM_ERRORS })
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
          set({ mode: 'view', profileLoading: false, profileError: null })
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
        set({ fieldErrors, formError: other.length ? other.join(' ') : hasFieldErrors ? null : errorMessage(error) })
        return false
      }
    },

    setClientStatus: async (status) => {
      const { profile, statusSaving } = get()
      if (!profile || statusSaving) return
      set({ statusSaving: true, statusError: null })
      try {
        const detail = await deps.call('setClientStatus', { clientId: profile.id, status })
        set({ statusSaving: false })
        if (get().profile?.id === detail.id) showClient(detail)
        else get().patchClientInList(detail.id, summaryOf(detail))
      } catch (error) {
        set({ statusSaving: false })
        if (get().profile?.id === profile.id) set({ statusError: errorMessage(error) })
      }
    },
  }
}
