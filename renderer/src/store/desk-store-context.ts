import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import type { DeskStore } from './desk-store'
import type { DeskState } from './desk-store.types'

/** Holds the app's store; tests and stories can provide their own. */
export const DeskStoreContext = createContext<DeskStore | null>(null)

/** Reads from the desk store through a selector (wrap with `useShallow` when it builds a new object). */
export function useDesk<T>(selector: (state: DeskState) => T): T {
  const store = useContext(DeskStoreContext)
  if (!store) throw new Error('useDesk must be used inside <DeskStoreProvider>.')
  return useStore(store, selector)
}
