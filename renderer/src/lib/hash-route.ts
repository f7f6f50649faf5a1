import { useSyncExternalStore } from 'react'

/** The desk's main views, one per link in the left menu. The hash names the view: `#settings`. */
export type DeskView = 'clients' | 'settings'

/** Anything else (no hash, an old bookmark) opens Clients, where staff start nearly every task. */
function readView(): DeskView {
  return window.location.hash === '#settings' ? 'settings' : 'clients'
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => {
    window.removeEventListener('hashchange', onChange)
  }
}

/**
 * The view the location's hash asks for. Plain links (`href="#settings"`) switch views, so
 * Back/Forward and "open in the same place after reload" work without a router.
 */
export function useHashRoute(): DeskView {
  return useSyncExternalStore(subscribe, readView)
}
