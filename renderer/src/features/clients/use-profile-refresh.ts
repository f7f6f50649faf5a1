import { useEffect } from 'react'
import { useDesk } from '../../store'

/**
 * Keeps the open profile (and its portal panel) up to date with other desks' changes: read again
 * every few seconds while the window shows, and at once when it comes back into view or focus.
 */
export function useProfileRefresh() {
  const watchProfile = useDesk((s) => s.watchProfile)
  const refreshProfile = useDesk((s) => s.refreshProfile)

  useEffect(() => {
    let stop: (() => void) | null = null
    const follow = () => {
      const visible = document.visibilityState === 'visible'
      if (visible && !stop) {
        stop = watchProfile()
        void refreshProfile()
      }
      if (!visible && stop) {
        stop()
        stop = null
      }
    }
    const onFocus = () => {
      if (document.visibilityState === 'visible') void refreshProfile()
    }
    follow()
    document.addEventListener('visibilitychange', follow)
    window.addEventListener('focus', onFocus)
    return () => {
      stop?.()
      document.removeEventListener('visibilitychange', follow)
      window.removeEventListener('focus', onFocus)
    }
  }, [watchProfile, refreshProfile])
}
