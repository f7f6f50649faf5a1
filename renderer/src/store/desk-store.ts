import type { PorticoApi } from '../../../shared/api'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { createCaller } from '../lib/api'
import { createClientsSlice } from './clients.slice'
import type { ClipboardWriter, DeskState, SliceDeps } from './desk-store.types'
import { createPortalAccountSlice } from './portal-account.slice'
import { createPortalSlice } from './portal.slice'
import { createProfileSlice } from './profile.slice'
import { createSettingsSlice } from './settings.slice'

export type DeskStore = StoreApi<DeskState>

export interface DeskStoreOptions {
  /** Type-ahead pause in milliseconds (default 150). Tests may pass 0. */
  searchDelayMs?: number
  /** Defaults to `navigator.clipboard` when there is one. */
  clipboard?: ClipboardWriter
}

// Node (store tests) may have no navigator at all, whatever the DOM types say.
const systemClipboard = (): ClipboardWriter | undefined =>
  typeof navigator === 'undefined' ? undefined : navigator.clipboard

/**
 * The desk's one store, made of typed slices, over any `PorticoApi`. Plain (no React), so its logic
 * can be tested against a fake API; the app passes the real `window.api`.
 */
export function createDeskStore(api: PorticoApi, options: DeskStoreOptions = {}): DeskStore {
  const deps: SliceDeps = {
    call: createCaller(api),
    searchDelayMs: options.searchDelayMs ?? 150,
    clipboard: options.clipboard ? () => options.clipboard : systemClipboard,
  }
  return createStore<DeskState>()((...a) => ({
    ...createClientsSlice(deps)(...a),
    ...createProfileSlice(deps)(...a),
    ...createPortalSlice(deps)(...a),
    ...createPortalAccountSlice(deps)(...a),
    ...createSettingsSlice(deps)(...a),
  }))
}
