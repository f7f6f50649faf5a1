import { useEffect, useRef } from 'react'
import { portalName } from './practice'
import { useRouter } from './router'

/**
 * Sets the tab title and, after an in-app navigation (or when the control that had focus went
 * away), moves focus to the page's h1 so screen readers announce the new page.
 */
export function usePageHeading(title: string) {
  const ref = useRef<HTMLHeadingElement>(null)
  const { navigated } = useRouter()

  useEffect(() => {
    document.title = `${title} · ${portalName}`
  }, [title])

  useEffect(() => {
    const focusLost = document.activeElement === null || document.activeElement === document.body
    if (navigated || focusLost) ref.current?.focus()
    // Only when the page first shows: later renders must not pull focus away from the user.
  }, [])

  return ref
}
