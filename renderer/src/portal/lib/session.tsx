import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import type { PortalMe } from '../../../../shared/portal-api'
import { portal } from './endpoints'
import { PortalError, isSessionEnd, onSessionEnded } from './portal-client'
import { useRouter } from './router'

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
  signOut: () => Promise<void>
  clearNotice: () => void
}

const SessionContext = createContext<SessionValue | null>(null)

/**
 * What the server says when there simply is no session cookie. On a fresh visit that is not news,
 * so it is not shown; "signed out after inactivity" or "access turned off" are.
 */
const NO_SESSION_MESSAGE = 'Please sign in.'

/** Holds who is signed in, and sends the page to sign-in whenever the server says the session ended. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { navigate } = useRouter()
  const [me, setMe] = useState<PortalMe | null | undefined>(undefined)
  const [notice, setNotice] = useState<Notice | null>(null)

  useEffect(() => {
    let live = true
    portal.me().then(
      (value) => live && setMe(value),
      (error: unknown) => {
        if (!live) return
        setMe(null)
        const message = error instanceof PortalError ? error.message : String(error)
        if (message !== NO_SESSION_MESSAGE) setNotice({ kind: 'alert', text: message })
      },
    )
    return () => {
      live = false
    }
  }, [])

  useEffect(
    () =>
      onSessionEnded((error) => {
        setMe(null)
        setNotice({ kind: 'alert', text: error.message })
        navigate('/sign-in', { replace: true })
      }),
    [navigate],
  )

  const signOut = useCallback(async () => {
    try {
      await portal.signOut()
    } catch (error) {
      // Already signed out on the server is as good as signing out now.
      if (!isSessionEnd(error)) throw error
    }
    setMe(null)
    setNotice({ kind: 'status', text: 'You have signed out.' })
    navigate('/sign-in')
  }, [navigate])

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
