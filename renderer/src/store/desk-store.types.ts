import type { StateCreator } from 'zustand/vanilla'
import type { Caller } from '../lib/api'
import type { Clock } from '../lib/clock'
import type { FileSaver } from '../lib/save-file'
import type { ActivitySlice } from './activity.slice'
import type { AuditSlice } from './audit.slice'
import type { BackupsSlice } from './backups.slice'
import type { ClientFiltersSlice } from './client-filters.slice'
import type { ClientsSlice } from './clients.slice'
import type { DatabaseSlice } from './database.slice'
import type { DeskSettingsSlice } from './desk-settings.slice'
import type { PortalAccountSlice } from './portal-account.slice'
import type { PortalSlice } from './portal.slice'
import type { PracticeDatabaseSlice } from './practice-database.slice'
import type { PracticeDetailsSlice } from './practice-details.slice'
import type { ProfileSlice } from './profile.slice'
import type { SessionSlice } from './session.slice'
import type { SettingsSlice } from './settings.slice'
import type { StaffSlice } from './staff.slice'

/** Every slice that holds data from the practice's database: all of it goes when the desk locks. */
export type DataState = ClientsSlice &
  ClientFiltersSlice &
  ProfileSlice &
  PortalSlice &
  PortalAccountSlice &
  ActivitySlice &
  SettingsSlice &
  StaffSlice &
  DeskSettingsSlice &
  BackupsSlice &
  AuditSlice &
  PracticeDatabaseSlice &
  PracticeDetailsSlice

export interface ResetSlice {
  /**
   * Puts every data slice back to its initial state (clients, search, profile, one-time codes,
   * activity, staff, settings, backups, audit export) and drops answers still on their way. Called
   * on lock and sign-out, and whenever main says the session ended.
   */
  clearClientData: () => void
}

/** The whole desk state: every slice's fields and actions side by side. */
export type DeskState = DataState & SessionSlice & DatabaseSlice & ResetSlice

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
  /** Time for the idle lock and the session poll. */
  clock: Clock
  /** How often the session is re-read while signed in. */
  sessionPollMs: number
  /** Looked up at export time, since there is no document in Node. */
  saveFile: () => FileSaver | undefined
}

/** A slice creator in the zustand slices pattern, given the shared deps. */
export type DeskSlice<T> = (deps: SliceDeps) => StateCreator<DeskState, [], [], T>
