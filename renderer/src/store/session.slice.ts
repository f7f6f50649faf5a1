import type { ChannelInput } from '../../../shared/contract'
import type { SessionState } from '../../../shared/dto'
import { PracticeSetupInput } from '../../../shared/staff-input'
import { errorMessage } from '../lib/api'
import type { DeskSlice } from './desk-store.types'
import { type FormOutcome, OK, outcomeFromError, outcomeFromIssues } from './form-outcome'

export type PracticeSetup = ChannelInput<'setupPractice'>['setup']

/** The demo admin's sign-in, shown once on the setup screen. */
export interface DemoAdmin {
  username: string
  password: string
}

export interface SessionSlice {
  /** Main's last word on the session; null until the first answer. */
  session: SessionState | null
  /** The first look at the session failed, so there is nothing to show but this. */
  sessionError: string | null
  /** A sign-in, unlock, setup or sign-out is on its way to main. */
  authBusy: boolean
  /** Kept only until "Continue to sign in": main never shows the demo password again. */
  demoAdmin: DemoAdmin | null
  /** Put in the sign-in form's Username, e.g. the demo admin's. */
  suggestedUsername: string | null
  /** Said on the sign-in screen: why it is asking again (the desk now uses another practice database). */
  signInNotice: string | null
  /** Asks main for the session. A slower answer never overrides a newer sign-in, lock or unlock. */
  loadSession: () => Promise<void>
  /** First run: a new practice with its first admin (signed in at once), or the demo practice. */
  setupPractice: (setup: PracticeSetup) => Promise<FormOutcome>
  /** Forgets the demo admin's password and goes on to the sign-in screen. */
  continueToSignIn: () => void
  signIn: (username: string, password: string) => Promise<FormOutcome>
  /** Locks at once: the client data is cleared before main even answers. */
  lockDesk: () => Promise<void>
  unlockDesk: (password: string) => Promise<FormOutcome>
  /** Clears the client data and signs out; from the lock screen too, if main allows it. */
  signOut: () => Promise<FormOutcome>
  /** Keyboard, mouse, touch or wheel use: postpones the idle lock. Cheap enough for every event. */
  noteActivity: () => void
  /**
   * Locks after `session.idleLockMinutes` without activity. Returns the stop function; restart it
   * when the minutes change.
   */
  watchIdle: () => () => void
  /** Re-reads the session every `sessionPollMs`, so a lock decided by main shows promptly. */
  watchSession: () => () => void
}

const SETUP_FIELDS = ['practiceName', 'displayName', 'username', 'password'] as const
const CREDENTIAL_FIELDS = ['username', 'password'] as const

const fieldProblem = (field: string, message: string): FormOutcome => ({
  ok: false,
  fieldErrors: { [field]: message },
  message: null,
})

export const createSessionSlice: DeskSlice<SessionSlice> = (deps) => (set, get) => {
  const { clock } = deps
  // Answers apply in the order their calls were made: a poll sent before a lock must not undo it.
  let sent = 0
  let applied = 0
  let pendingLoad: Promise<void> | null = null
  let lastActivity = clock.now()

  /** Takes main's answer; anything but "signed in as the same person" clears the client data. */
  const apply = (request: number, next: SessionState) => {
    if (request < applied) return
    applied = request
    const before = get().session
    const samePerson = before?.state === 'signed-in' && before.staff?.id === next.staff?.id
    if (next.state !== 'signed-in' || !samePerson) get().clearClientData()
    if (next.state === 'signed-in' && !samePerson) lastActivity = clock.now()
    // A poll that finds nothing new leaves the state alone, so nothing re-renders every 15 s.
    if (JSON.stringify(before) === JSON.stringify(next) && get().sessionError === null) return
    set({ session: next, sessionError: null })
  }

  /** Runs a sign-in style call: busy while it runs, main's session applied when it answers. */
  const authCall = async (run: () => Promise<SessionState>, fields: readonly string[]): Promise<FormOutcome> => {
    const request = ++sent
    set({ authBusy: true })
    try {
      apply(request, await run())
      return OK
    } catch (error) {
      return outcomeFromError(error, fields)
    } finally {
      set({ authBusy: false })
    }
  }

  return {
    session: null,
    sessionError: null,
    authBusy: false,
    demoAdmin: null,
    suggestedUsername: null,
    signInNotice: null,

    loadSession: () => {
      // Focus, visibility and refused calls may all ask at once: one question is enough.
      pendingLoad ??= (async () => {
        const request = ++sent
        try {
          apply(request, await deps.call('getSession', {}))
        } catch (error) {
          // A failed poll keeps what is shown; only a failed first look has nothing to show.
          if (!get().session) set({ sessionError: errorMessage(error) })
        } finally {
          pendingLoad = null
        }
      })()
      return pendingLoad
    },

    setupPractice: async (setup) => {
      const checked = PracticeSetupInput.safeParse(setup)
      if (!checked.success) {
        const issues = checked.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }))
        return outcomeFromIssues(issues, SETUP_FIELDS, 'Check the details and try again.')
      }
      const request = ++sent
      set({ authBusy: true })
      try {
        const result = await deps.call('setupPractice', { setup })
        apply(request, result.session)
        if (result.demoAdmin) set({ demoAdmin: result.demoAdmin, suggestedUsername: result.demoAdmin.username })
        return OK
      } catch (error) {
        // Set up meanwhile (another window?): the sign-in screen is what comes next.
        void get().loadSession()
        return outcomeFromError(error, SETUP_FIELDS)
      } finally {
        set({ authBusy: false })
      }
    },

    continueToSignIn: () => {
      set({ demoAdmin: null })
    },

    signIn: (username, password) => {
      if (!username.trim()) return Promise.resolve(fieldProblem('username', 'Enter your username.'))
      if (!password) return Promise.resolve(fieldProblem('password', 'Enter your password.'))
      return authCall(() => deps.call('signIn', { username, password }), CREDENTIAL_FIELDS).then((outcome) => {
        if (outcome.ok) set({ signInNotice: null })
        return outcome
      })
    },

    lockDesk: async () => {
      const { session } = get()
      if (session?.state !== 'signed-in') return
      get().clearClientData()
      // Shown as locked at once, and counted as main's newest word: a poll already on its way
      // (sent while signed in) cannot bring the desk back.
      const request = ++sent
      applied = request
      set({ session: { ...session, state: 'locked', auditWarning: null, pendingAuditWarning: null } })
      try {
        apply(request, await deps.call('lock', {}))
      } catch {
        await get().loadSession()
      }
    },

    unlockDesk: (password) => {
      if (!password) return Promise.resolve(fieldProblem('password', 'Enter your password.'))
      return authCall(() => deps.call('unlock', { password }), ['password'])
    },

    signOut: async () => {
      get().clearClientData()
      const outcome = await authCall(() => deps.call('signOut', {}), [])
      if (outcome.ok) {
        set({ suggestedUsername: null })
        return outcome
      }
      // Refused (e.g. main does not sign out a locked desk): show whatever main now says.
      await get().loadSession()
      return get().session?.state === 'signed-out' ? OK : outcome
    },

    noteActivity: () => {
      lastActivity = clock.now()
    },

    watchIdle: () => {
      let handle: unknown
      const check = () => {
        const session = get().session
        if (session?.state !== 'signed-in') return
        const due = lastActivity + session.idleLockMinutes * 60_000 - clock.now()
        // Checked when due rather than reset on every event: mouse moves cost nothing this way.
        if (due <= 0) void get().lockDesk()
        else handle = clock.setTimeout(check, due)
      }
      check()
      return () => {
        clock.clearTimeout(handle)
      }
    },

    watchSession: () => {
      let handle: unknown
      const tick = () => {
        handle = clock.setTimeout(() => {
          void get().loadSession()
          tick()
        }, deps.sessionPollMs)
      }
      tick()
      return () => {
        clock.clearTimeout(handle)
      }
    },
  }
}
