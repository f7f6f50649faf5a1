import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react'
import type { PortalMe } from '../../../../shared/portal-api'
import { PORTAL_IDLE_MINUTES, PORTAL_IDLE_MS } from '../../../../shared/portal-session-rules'
import { portal } from './endpoints'
import { PortalError, isSessionEnd, onSessionEnded } from './portal-client'
import { useRouter } from './router'
import { useIdleTimeout } from './use-idle-timeout'

/** A message carried to the sign-in page: why the session ended (alert), or that sign-out worked (status). */
export interface Notice {
  kind: 'alert' | 'status'
  text: string
}

interface SessionValue {
  /** undefined while the first /api/me is in flight; null when signed out. */
  me: PortalMe | null | undefined
  notice: Notice | null
  signedIn: (me: PortalMe) => void
  updated: (me: PortalMe) => void
  /** Signs out, then shows `then` (sign-in unless told otherwise). */
  signOut: (then?: string) => Promise<void>
  /** The server ended this browser's session (a reset or an activation does): forget it, quietly. */
  signedOutByServer: () => void
  clearNotice: () => void
}

const SessionContext = createContext<SessionValue | null>(null)

const IDLE_MESSAGE = `You were signed out after ${PORTAL_IDLE_MINUTES} minutes without activity.`

/** Activity on the page refreshes the server's session at most this often, so both count the same activity. */
const KEEP_ALIVE_MS = 60_000

/**
 * Holds who is signed in. The session ends on the page, and sign-in replaces whatever was shown,
 * when the server says it ended or after 15 minutes without activity (the server's own rule), so
 * a shared tablet never keeps showing the last client's details.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { navigate } = useRouter()
  const [me, setMe] = useState<PortalMe | null | undefined>(undefined)
  const [notice, setNotice] = useState<Notice | null>(null)
  const lastKeepAlive = useRef(0)

  useEffect(() => {
    let live = true
    portal.session().then(
      (state) => {
        if (!live) return
        setMe(state.signedIn ? state.me : null)
        if (!state.signedIn && state.notice) setNotice({ kind: 'alert', text: state.notice })
      },
      (error: unknown) => {
        if (!live) return
        setMe(null)
        setNotice({ kind: 'alert', text: error instanceof PortalError ? error.message : String(error) })
      },
    )
    return () => {
      live = false
    }
  }, [])

  /** Forgets the client (their details leave memory and the page) and shows sign-in, in place of this page. */
  const ended = useCallback(
    (why: string) => {
      setMe(null)
      setNotice({ kind: 'alert', text: why })
      navigate('/sign-in', { replace: true })
    },
    [navigate],
  )

  useEffect(() => onSessionEnded((error) => ended(error.message)), [ended])

  const signedInNow = Boolean(me)
  useEffect(() => {
    if (signedInNow) lastKeepAlive.current = Date.now()
  }, [signedInNow])

  useIdleTimeout({
    active: signedInNow,
    idleMs: PORTAL_IDLE_MS,
    onActivity: () => {
      if (Date.now() - lastKeepAlive.current < KEEP_ALIVE_MS) return
      lastKeepAlive.current = Date.now()
      // A 401 here reaches onSessionEnded; a network blip is not worth a message.
      portal.keepAlive().catch(() => undefined)
    },
    onIdle: () => {
      ended(IDLE_MESSAGE)
      // The server ends it by its own clock too; ending it now leaves nothing to come back to.
      portal.signOut().catch(() => undefined)
    },
  })

  const signOut = useCallback(
    async (then = '/sign-in') => {
      try {
        await portal.signOut()
      } catch (error) {
        // Already signed out on the server is as good as signing out now.
        if (!isSessionEnd(error)) throw error
      }
      setMe(null)
      setNotice({ kind: 'status', text: 'You have signed out.' })
      navigate(then)
    },
    [navigate],
  )

  const value = useMemo<SessionValue>(
    () => ({
      me,
      notice,
      signedIn: (next) => {
        setMe(next)
        setNotice(null)
      },
      updated: setMe,
      signOut,
      signedOutByServer: () => {
        setMe(null)
        setNotice(null)
      },
      clearNotice: () => setNotice(null),
    }),
    [me, notice, signOut],
  )
  return <SessionContext value={value}>{children}</SessionContext>
}

/** The signed-in client (if any) and the actions that change who is signed in. */
export function useSession(): SessionValue {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession is used outside SessionProvider.')
  return session
}
