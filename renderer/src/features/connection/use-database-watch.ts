import { useEffect } from 'react'
import { useDesk } from '../../store'

/**
 * While the window shows, asks every few seconds whether the practice's database answers, so a desk
 * nobody is using also shows the message when the server goes away (and learns where it is).
 * Asks again straight away when the window comes back.
 */
export function useDatabaseWatch() {
  const watchDatabase = useDesk((s) => s.watchDatabase)
  const checkDatabase = useDesk((s) => s.checkDatabase)

  useEffect(() => {
    let stop: (() => void) | null = null
    const follow = () => {
      const visible = document.visibilityState === 'visible'
      if (visible && !stop) stop = watchDatabase()
      if (!visible && stop) {
        stop()
        stop = null
      }
    }
    const recheck = () => {
      if (document.visibilityState === 'visible') void checkDatabase()
    }
    follow()
    document.addEventListener('visibilitychange', follow)
    window.addEventListener('focus', recheck)
    return () => {
      stop?.()
      document.removeEventListener('visibilitychange', follow)
      window.removeEventListener('focus', recheck)
    }
  }, [watchDatabase, checkDatabase])
}
