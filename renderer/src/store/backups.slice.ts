import type { BackupInfo } from '../../../shared/dto'
import { errorMessage } from '../lib/api'
import { formatDateTime } from '../lib/format'
import type { DeskSlice } from './desk-store.types'

export interface BackupsSlice {
  /** Newest first. */
  backups: BackupInfo[]
  backupsLoading: boolean
  backupsLoadError: string | null
  backingUp: boolean
  /** The backup being restored, by name. */
  restoring: string | null
  /** "Backup saved: …" or "Restored the backup from …": the last thing that went through. */
  backupNotice: string | null
  backupError: string | null
  loadBackups: () => Promise<void>
  backupNow: () => Promise<void>
  /**
   * Restores a backup (main keeps the current database aside), then starts the desk afresh on it:
   * no client selected, the list, staff and settings read again.
   */
  restoreBackup: (name: string) => Promise<void>
}

const newestFirst = (backups: BackupInfo[]) => [...backups].sort((a, b) => b.takenAt.localeCompare(a.takenAt))
const NO_MESSAGES = { backupNotice: null, backupError: null } as const

export const createBackupsSlice: DeskSlice<BackupsSlice> = (deps) => (set, get) => ({
  backups: [],
  backupsLoading: false,
  backupsLoadError: null,
  backingUp: false,
  restoring: null,
  ...NO_MESSAGES,

  loadBackups: async () => {
    set({ backupsLoading: true, backupsLoadError: null })
    try {
      set({ backups: newestFirst(await deps.call('listBackups', {})), backupsLoading: false })
    } catch (error) {
      set({ backupsLoading: false, backupsLoadError: errorMessage(error) })
    }
  },

  backupNow: async () => {
    if (get().backingUp || get().restoring) return
    set({ backingUp: true, ...NO_MESSAGES })
    try {
      const backup = await deps.call('backupNow', {})
      set({ backupNotice: `Backup saved: ${backup.name}${backup.notRecorded ? `. ${backup.notRecorded}` : ''}` })
      await get().loadBackups()
    } catch (error) {
      set({ backupError: `The backup was not saved: ${errorMessage(error)}` })
    } finally {
      set({ backingUp: false })
    }
  },

  restoreBackup: async (name) => {
    if (get().backingUp || get().restoring) return
    set({ restoring: name, ...NO_MESSAGES })
    try {
      const result = await deps.call('restoreBackup', { name })
      // What was on screen came from the old database: drop it before showing the restored one.
      set({
        backupNotice: `Restored the backup from ${formatDateTime(result.takenAt)}: ${String(result.clients)} ${result.clients === 1 ? 'client' : 'clients'}.`,
        profile: null,
        selectedId: null,
        mode: 'view',
        activity: [],
        activityClientId: null,
      })
      await Promise.all([get().loadSession(), get().loadClients(), get().loadBackups(), get().loadStaff(), get().loadDeskSettings()])
    } catch (error) {
      set({ backupError: `The backup was not restored: ${errorMessage(error)}` })
    } finally {
      set({ restoring: null })
    }
  },
})
