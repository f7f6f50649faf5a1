import type { ClientDetail, InviteIssued, PortalAccess } from '../../../shared/dto'
import { errorMessage } from '../lib/api'
import { fullName } from '../lib/client-name'
import type { DeskSlice, DeskState } from './desk-store.types'
import { portalStateOfAccess } from './client-summary'
import { NO_ACCOUNT_MESSAGES } from './portal-account.slice'

/** A just-issued invite, kept only until the dialog showing its code is closed. */
export interface IssuedInvite extends InviteIssued {
  clientName: string
}

export type CopyState = 'idle' | 'copied' | 'failed'

export const INVITE_ACCESS_NOTICE = 'Portal access is now on so the client can sign in once they pick a username.'

export interface PortalSlice {
  portalSaving: boolean
  portalError: string | null
  inviteSending: boolean
  inviteError: string | null
  inviteNotice: string | null
  issuedInvite: IssuedInvite | null
  copyState: CopyState
  /**
   * Turns the shown client's portal access on or off. The switch moves at once; if main refuses,
   * it moves back and `portalError` says why. Ignored while a change is already saving.
   */
  setPortalAccess: (enabled: boolean) => Promise<void>
  /** Sends (or resends, voiding the old code) an invite; the one-time code lands in `issuedInvite`. */
  sendPortalInvite: () => Promise<void>
  /** Closes the invite dialog and forgets the one-time code. */
  dismissInvite: () => void
  /** Copies the shown client's username to the clipboard so staff can paste it for the client. */
  copyUsername: () => Promise<void>
  /** Clears the panel's messages, e.g. when another client is selected. */
  resetPortalMessages: () => void
  /** Applies main's answer to the profile (if still shown) and to the list row. */
  applyPortalAccess: (portal: PortalAccess) => void
}

const withPortal = (profile: ClientDetail, portal: PortalAccess): ClientDetail => ({
  ...profile,
  portal,
  portalEnabled: portal.enabled,
  portalUsername: portal.username,
})

/** Every message the panel shows, the account slice's too: a new action or another client clears them all. */
const NO_MESSAGES = {
  portalError: null,
  inviteError: null,
  inviteNotice: null,
  copyState: 'idle',
  ...NO_ACCOUNT_MESSAGES,
} as const

export const createPortalSlice: DeskSlice<PortalSlice> = (deps) => (set, get) => {
  const isShown = (state: DeskState, clientId: number) => state.profile?.id === clientId

  return {
    portalSaving: false,
    inviteSending: false,
    issuedInvite: null,
    portalError: null,
    inviteError: null,
    inviteNotice: null,
    copyState: 'idle',

    setPortalAccess: async (enabled) => {
      const { profile, portalSaving } = get()
      if (!profile || portalSaving) return
      const previous = profile.portal.enabled
      set({
        portalSaving: true,
        ...NO_MESSAGES,
        profile: withPortal(profile, { ...profile.portal, enabled }),
      })
      try {
        get().applyPortalAccess(await deps.call('setPortalAccess', { clientId: profile.id, enabled }))
      } catch (error) {
        const current = get().profile
        if (current && isShown(get(), profile.id)) {
          set({
            profile: withPortal(current, { ...current.portal, enabled: previous }),
            portalError: `Portal access was not changed: ${errorMessage(error)}`,
          })
        }
      } finally {
        set({ portalSaving: false })
      }
    },

    sendPortalInvite: async () => {
      const { profile, inviteSending } = get()
      if (!profile || inviteSending) return
      set({ inviteSending: true, ...NO_MESSAGES })
      try {
        const issued = await deps.call('sendPortalInvite', { clientId: profile.id })
        get().applyPortalAccess(issued.portal)
        // The dialog opens even if staff moved on: the code cannot be shown again later.
        set({ issuedInvite: { ...issued, clientName: fullName(profile) } })
        if (isShown(get(), profile.id) && issued.portal.enabled) set({ inviteNotice: INVITE_ACCESS_NOTICE })
      } catch (error) {
        if (isShown(get(), profile.id)) set({ inviteError: errorMessage(error) })
      } finally {
        set({ inviteSending: false })
      }
    },

    dismissInvite: () => {
      if (get().issuedInvite) set({ issuedInvite: null })
    },

    copyUsername: async () => {
      const username = get().profile?.portal.username
      if (!username) return
      set({ copyState: 'idle' })
      try {
        const clipboard = deps.clipboard()
        if (!clipboard) throw new Error('No clipboard')
        await clipboard.writeText(username)
        set({ copyState: 'copied' })
      } catch {
        set({ copyState: 'failed' })
      }
    },

    resetPortalMessages: () => {
      set({ ...NO_MESSAGES })
    },

    applyPortalAccess: (portal) => {
      const profile = get().profile
      if (profile?.id === portal.clientId) set({ profile: withPortal(profile, portal) })
      get().patchClientInList(portal.clientId, { portalEnabled: portal.enabled, portalUsername: portal.username, portalState: portalStateOfAccess(portal) })
    },
  }
}
