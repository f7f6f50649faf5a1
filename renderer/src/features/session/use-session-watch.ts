import { useEffect } from 'react'
import { useDesk } from '../../store'

/** What counts as someone at the desk. Listened to on window, passively, so scrolling stays smooth. */
const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'touchstart', 'wheel'] as const

/**
 * While signed in: lock after the practice's idle minutes, and re-read the session every 15 s and
 * whenever the window comes back (focus, visible), so a lock decided by main (the OS screen locked,
 * the computer slept) shows promptly.
 */
export function useSessionWatch() {
  const signedIn = useDesk((s) => s.session?.state === 'signed-in')
  const idleMinutes = useDesk((s) => s.session?.idleLockMinutes)
  const noteActivity = useDesk((s) => s.noteActivity)
  const watchIdle = useDesk((s) => s.watchIdle)
  const watchSession = useDesk((s) => s.watchSession)
  const loadSession = useDesk((s) => s.loadSession)

  useEffect(() => {
    if (!signedIn) return
    const options = { passive: true } as const
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, noteActivity, options)
    const stop = watchSession()
    const recheck = () => {
      if (document.visibilityState === 'visible') void loadSession()
    }
    window.addEventListener('focus', recheck)
    document.addEventListener('visibilitychange', recheck)
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, noteActivity)
      stop()
      window.removeEventListener('focus', recheck)
      document.removeEventListener('visibilitychange', recheck)
    }
  }, [signedIn, noteActivity, watchSession, loadSession])

  // Restarted when an admin changes the minutes, so the new value applies straight away.
  useEffect(() => {
    if (!signedIn || idleMinutes === undefined) return
    return watchIdle()
  }, [signedIn, idleMinutes, watchIdle])
}
