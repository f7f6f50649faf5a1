import type { StateCreator } from 'zustand/vanilla'
import type { Caller } from '../lib/api'
import type { ClientsSlice } from './clients.slice'
import type { PortalAccountSlice } from './portal-account.slice'
import type { PortalSlice } from './portal.slice'
import type { ProfileSlice } from './profile.slice'
import type { SettingsSlice } from './settings.slice'

/** The whole desk state: every slice's fields and actions side by side. */
export type DeskState = ClientsSlice & ProfileSlice & PortalSlice & PortalAccountSlice & SettingsSlice

/** Only what the clipboard part of the store needs, so tests can pass a fake. */
export interface ClipboardWriter {
  writeText: (text: string) => Promise<void>
}

/** What every slice is built with: the unwrapped API and a few tunables. */
export interface SliceDeps {
  call: Caller
  /** Pause after the last keystroke before searching. */
  searchDelayMs: number
  /** Looked up at copy time, since the clipboard may be missing (e.g. outside a browser). */
  clipboard: () => ClipboardWriter | undefined
}

/** A slice creator in the zustand slices pattern, given the shared deps. */
export type DeskSlice<T> = (deps: SliceDeps) => StateCreator<DeskState, [], [], T>
