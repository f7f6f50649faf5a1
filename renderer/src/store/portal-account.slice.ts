import type { PasswordResetIssued } from '../../../shared/dto'
import { errorMessage } from '../lib/api'
import { fullName } from '../lib/client-name'
import type { DeskSlice } from './desk-store.types'

/** A just-issued password reset, kept only until the dialog showing its code is closed. */
export interface IssuedReset extends PasswordResetIssued {
  clientName: string
}

export const UNLOCK_NOTICE = 'Sign-in unlocked'

/** This slice's panel messages; `resetPortalMessages` clears them with the rest of the panel's. */
export const NO_ACCOUNT_MESSAGES = { resetError: null, unlockError: null, unlockNotice: null } as const

/**
 * Help for a client who already has an account: a password reset code, and lifting the lock that
 * failed sign-ins put on. Staff never see or choose a password; the client picks it with the code.
 */
export interface PortalAccountSlice {
  resetSending: boolean
  resetError: string | null
  issuedReset: IssuedReset | null
  unlocking: boolean
  unlockError: string | null
  unlockNotice: string | null
  /** Issues a one-time reset code for the shown client; it lands in `issuedReset`. */
  sendPasswordReset: () => Promise<void>
  /** Closes the reset dialog and forgets the one-time code. */
  dismissReset: () => void
  /** Lifts the shown client's sign-in lock. Resolves true when main unlocked the account. */
  unlockPortalAccount: () => Promise<boolean>
}

export const createPortalAccountSlice: DeskSlice<PortalAccountSlice> = (deps) => (set, get) => ({
  resetSending: false,
  issuedReset: null,
  unlocking: false,
  ...NO_ACCOUNT_MESSAGES,

  sendPasswordReset: async () => {
    const { profile, resetSending } = get()
    if (!profile || resetSending) return
    get().resetPortalMessages()
    set({ resetSending: true })
    try {
      const issued = await deps.call('sendPasswordReset', { clientId: profile.id })
      get().applyPortalAccess(issued.portal)
      // The dialog opens even if staff moved on: the code cannot be shown again later.
      set({ issuedReset: { ...issued, clientName: fullName(profile) } })
    } catch (error) {
      if (get().profile?.id === profile.id) set({ resetError: errorMessage(error) })
    } finally {
      set({ resetSending: false })
    }
  },

  dismissReset: () => {
    if (get().issuedReset) set({ issuedReset: null })
  },

  unlockPortalAccount: async () => {
    const { profile, unlocking } = get()
    if (!profile || unlocking) return false
    get().resetPortalMessages()
    set({ unlocking: true })
    try {
      get().applyPortalAccess(await deps.call('unlockPortalAccount', { clientId: profile.id }))
      if (get().profile?.id === profile.id) set({ unlockNotice: UNLOCK_NOTICE })
      return true
    } catch (error) {
      if (get().profile?.id === profile.id) set({ unlockError: `Sign-in was not unlocked: ${errorMessage(error)}` })
      return false
    } finally {
      set({ unlocking: false })
    }
  },
})
