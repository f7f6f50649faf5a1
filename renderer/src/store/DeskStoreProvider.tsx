import { type ReactNode, useState } from 'react'
import { createDeskStore, type DeskStore } from './desk-store'
import { DeskStoreContext } from './desk-store-context'

interface DeskStoreProviderProps {
  children: ReactNode
  /** A ready store (tests); otherwise one is made over the real `window.api`. */
  store?: DeskStore
}

/** Makes one desk store for the lifetime of the app and shares it with every component below. */
export function DeskStoreProvider({ children, store }: DeskStoreProviderProps) {
  const [value] = useState(() => store ?? createDeskStore(window.api))
  return <DeskStoreContext value={value}>{children}</DeskStoreContext>
}
