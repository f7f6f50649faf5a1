import { type AnchorHTMLAttributes, type MouseEvent, type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react'

/** replace: swap the current history entry instead of adding one (redirects, session ends). */
export interface NavigateOptions {
  replace?: boolean
}

interface RouterValue {
  path: string
  search: string
  /** False until the first in-app navigation, so a fresh page load does not move focus. */
  navigated: boolean
  navigate: (to: string, options?: NavigateOptions) => void
}

const RouterContext = createContext<RouterValue | null>(null)

/** "/profile/" and "/profile" are the same page. */
function normalizePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path
}

function readLocation() {
  return { path: normalizePath(window.location.pathname), search: window.location.search }
}

/** A tiny History API router: the server answers every portal page with the same HTML. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(readLocation)
  const [navigated, setNavigated] = useState(false)

  useEffect(() => {
    const onPopState = () => {
      setLocation(readLocation())
      setNavigated(true)
    }
    window.addEventListener('popstate', onPopState)
    return () => window.removeEventListener('popstate', onPopState)
  }, [])

  const navigate = useCallback((to: string, options: NavigateOptions = {}) => {
    const url = new URL(to, window.location.href)
    if (url.origin !== window.location.origin) {
      window.location.assign(url)
      return
    }
    const href = `${url.pathname}${url.search}${url.hash}`
    const current = `${window.location.pathname}${window.location.search}${window.location.hash}`
    // Clicking a link to the page you are on should not stack a duplicate history entry.
    if (options.replace || href === current) window.history.replaceState(null, '', href)
    else window.history.pushState(null, '', href)
    setLocation(readLocation())
    setNavigated(true)
    window.scrollTo(0, 0)
  }, [])

  const value = useMemo(() => ({ ...location, navigated, navigate }), [location, navigated, navigate])
  return <RouterContext value={value}>{children}</RouterContext>
}

/** The current path, query string and navigate function. */
export function useRouter(): RouterValue {
  const router = useContext(RouterContext)
  if (!router) throw new Error('useRouter is used outside RouterProvider.')
  return router
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }

/** A real link (it works with middle-click and "open in new tab") that navigates in-app on a plain click. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const { navigate } = useRouter()
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0 || rest.target) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
  }
  return <a href={href} {...rest} onClick={handleClick} />
}

/** Replaces the URL once rendered, e.g. a signed-in client opening /sign-in goes home. */
export function Redirect({ to }: { to: string }) {
  const { navigate } = useRouter()
  useEffect(() => navigate(to, { replace: true }), [navigate, to])
  return null
}
