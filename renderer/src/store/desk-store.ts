import type { PorticoApi } from '../../../shared/api'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { createCaller } from '../lib/api'
import { type Clock, systemClock } from '../lib/clock'
import { type FileSaver, saveFileFromBrowser } from '../lib/save-file'
import { createActivitySlice } from './activity.slice'
import { createAuditSlice } from './audit.slice'
import { createBackupsSlice } from './backups.slice'
import { createClientFiltersSlice } from './client-filters.slice'
import { createClientsSlice } from './clients.slice'
import { createDatabaseSlice } from './database.slice'
import { createDeskSettingsSlice } from './desk-settings.slice'
import type { ClipboardWriter, DataState, DeskState, SliceDeps } from './desk-store.types'
import { createPortalAccountSlice } from './portal-account.slice'
import { createPortalSlice } from './portal.slice'
import { createPracticeDatabaseSlice } from './practice-database.slice'
import { createPracticeDetailsSlice } from './practice-details.slice'
import { createProfileSlice } from './profile.slice'
import { createReachabilityWatch } from './reachability-watch'
import { createSessionGuard } from './session-guard'
import { createSessionSlice } from './session.slice'
import { createSettingsSlice } from './settings.slice'
import { createStaffSlice } from './staff.slice'

export type DeskStore = StoreApi<DeskState>

export interface DeskStoreOptions {
  /**
   * Type-ahead pause in milliseconds (default 0). A search costs about a millisecond in the
   * database and stale answers are ignored, so waiting only makes results later.
   */
  searchDelayMs?: number
  /** Defaults to `navigator.clipboard` when there is one. */
  clipboard?: ClipboardWriter
  /** Defaults to the real clock; tests pass a fake to run the idle lock and the poll. */
  clock?: Clock
  /** How often the session is re-read while signed in (default 15 s). */
  sessionPollMs?: number
  /** Defaults to a browser download when there is a document. */
  saveFile?: FileSaver
}

// Node (store tests) may have no navigator or document at all, whatever the DOM types say.
const systemClipboard = (): ClipboardWriter | undefined =>
  typeof navigator === 'undefined' ? undefined : navigator.clipboard
const browserSaver = (): FileSaver | undefined => (typeof document === 'undefined' ? undefined : saveFileFromBrowser)

/** The fields (not the actions) of the data slices as first created: what `clearClientData` restores. */
function initialData(data: DataState): Partial<DeskState> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => typeof value !== 'function')) as Partial<DeskState>
}

/**
 * The desk's one store, made of typed slices, over any `PorticoApi`. Plain (no React, no DOM), so
 * its logic can be tested against a fake API; the app passes the real `window.api`.
 */
export function createDeskStore(api: PorticoApi, options: DeskStoreOptions = {}): DeskStore {
  const reachability = createReachabilityWatch(createCaller(api))
  const guard = createSessionGuard(reachability.call)
  const deps: SliceDeps = {
    call: guard.call,
    searchDelayMs: options.searchDelayMs ?? 0,
    clipboard: options.clipboard ? () => options.clipboard : systemClipboard,
    clock: options.clock ?? systemClock,
    sessionPollMs: options.sessionPollMs ?? 15_000,
    saveFile: options.saveFile ? () => options.saveFile : browserSaver,
  }
  const store = createStore<DeskState>()((...a) => {
    const [set] = a
    const data: DataState = {
      ...createClientsSlice(deps)(...a),
      ...createClientFiltersSlice(deps)(...a),
      ...createProfileSlice(deps)(...a),
      ...createPortalSlice(deps)(...a),
      ...createPortalAccountSlice(deps)(...a),
      ...createActivitySlice(deps)(...a),
      ...createSettingsSlice(deps)(...a),
      ...createStaffSlice(deps)(...a),
      ...createDeskSettingsSlice(deps)(...a),
      ...createBackupsSlice(deps)(...a),
      ...createAuditSlice(deps)(...a),
      ...createPracticeDatabaseSlice(deps)(...a),
      ...createPracticeDetailsSlice(deps)(...a),
    }
    const blank = initialData(data)
    return {
      ...data,
      ...createSessionSlice(deps)(...a),
      ...createDatabaseSlice(deps)(...a),
      clearClientData: () => {
        guard.dropPending()
        set(blank)
      },
    }
  })
  // Main could not reach the practice's database: the desk waits for it (and says so) without losing anything.
  reachability.onUnreachable(() => {
    store.getState().databaseUnreachable()
  })
  // Main refused a call because the session ended (locked by the OS, signed out): clear, then ask.
  guard.onSessionEnded(() => {
    store.getState().clearClientData()
    void store.getState().loadSession()
  })
  return store
}
