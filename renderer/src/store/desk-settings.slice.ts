import type { DeskSettings } from '../../../shared/dto'
import { errorMessage } from '../lib/api'
import type { DeskSlice } from './desk-store.types'
import { type FormOutcome, OK, outcomeFromError } from './form-outcome'

/** Settings → Security as typed: the minutes stay text until checked. */
export interface DeskSettingsValues {
  idleLockMinutes: string
  backupFolder: string
}

export interface DeskSettingsSlice {
  deskSettings: DeskSettings | null
  deskSettingsLoading: boolean
  deskSettingsLoadError: string | null
  deskSettingsNotice: string | null
  loadDeskSettings: () => Promise<void>
  /** Saves the idle-lock minutes and the backup folder; the idle timer follows the new minutes. */
  saveDeskSettings: (values: DeskSettingsValues) => Promise<FormOutcome>
}

const FIELDS = ['idleLockMinutes', 'backupFolder']

/** The minutes as a whole number from 1 to 60, or the message to show under the field. */
function parseMinutes(text: string): number | string {
  const minutes = Number(text.trim())
  if (text.trim() === '' || !Number.isInteger(minutes) || minutes < 1 || minutes > 60) {
    return 'Choose a whole number of minutes from 1 to 60.'
  }
  return minutes
}

export const createDeskSettingsSlice: DeskSlice<DeskSettingsSlice> = (deps) => (set, get) => ({
  deskSettings: null,
  deskSettingsLoading: false,
  deskSettingsLoadError: null,
  deskSettingsNotice: null,

  loadDeskSettings: async () => {
    set({ deskSettingsLoading: true, deskSettingsLoadError: null })
    try {
      set({ deskSettings: await deps.call('getDeskSettings', {}), deskSettingsLoading: false })
    } catch (error) {
      set({ deskSettingsLoading: false, deskSettingsLoadError: errorMessage(error) })
    }
  },

  saveDeskSettings: async (values) => {
    const minutes = parseMinutes(values.idleLockMinutes)
    const folder = values.backupFolder.trim()
    // On a server the desk makes no backup files, so it needs no folder.
    const folderMissing = folder === '' && get().practiceDatabase?.fileBackups !== false
    if (typeof minutes === 'string' || folderMissing) {
      const fieldErrors = {
        ...(typeof minutes === 'string' ? { idleLockMinutes: minutes } : {}),
        ...(folderMissing ? { backupFolder: 'Enter the folder where backups are saved.' } : {}),
      }
      return { ok: false, fieldErrors, message: null }
    }
    set({ deskSettingsNotice: null })
    try {
      const saved = await deps.call('updateDeskSettings', { settings: { idleLockMinutes: minutes, backupFolder: folder } })
      set({
        deskSettings: saved,
        deskSettingsNotice: `Settings saved. Portico locks after ${String(saved.idleLockMinutes)} ${saved.idleLockMinutes === 1 ? 'minute' : 'minutes'} without activity.`,
      })
      // The session carries the minutes the idle lock uses.
      await get().loadSession()
      return OK
    } catch (error) {
      return outcomeFromError(error, FIELDS)
    }
  },
})
