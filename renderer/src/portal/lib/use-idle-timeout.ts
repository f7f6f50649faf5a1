import { useEffect, useRef } from 'react'

/** What counts as someone using the page. Listened to on window, passively, so scrolling stays smooth. */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'touchstart', 'wheel'] as const

export interface IdleTimeoutOptions {
  /** Only counts while true (someone is signed in); going false stops the timer. */
  active: boolean
  idleMs: number
  /** Called on every bit of activity: keep it cheap. */
  onActivity?: () => void
  /** Called once, after idleMs without activity. */
  onIdle: () => void
}

/**
 * Calls onIdle once the page has gone idleMs without a key, pointer, touch or wheel. It reads
 * Date.now and uses setTimeout (so Playwright's page.clock can move it), and checks again whenever
 * the page is shown, since a tablet that slept may fire its timers late.
 */
export function useIdleTimeout({ active, idleMs, onActivity, onIdle }: IdleTimeoutOptions): void {
  const handlers = useRef({ onActivity, onIdle })
  useEffect(() => {
    handlers.current = { onActivity, onIdle }
  })

  useEffect(() => {
    if (!active) return
    let lastActivity = Date.now()
    let timer: ReturnType<typeof setTimeout> | undefined
    // One timer, moved on only when it fires early: activity itself just notes the time.
    const check = () => {
      clearTimeout(timer)
      const left = lastActivity + idleMs - Date.now()
      if (left <= 0) handlers.current.onIdle()
      else timer = setTimeout(check, left)
    }
    const noteActivity = () => {
      lastActivity = Date.now()
      handlers.current.onActivity?.()
    }
    const onShown = () => {
      if (document.visibilityState === 'visible') check()
    }
    const options = { passive: true, capture: true } as const
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, noteActivity, options)
    document.addEventListener('visibilitychange', onShown)
    timer = setTimeout(check, idleMs)
    return () => {
      clearTimeout(timer)
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, noteActivity, options)
      document.removeEventListener('visibilitychange', onShown)
    }
  }, [active, idleMs])
}
