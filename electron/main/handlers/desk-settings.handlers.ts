import { accessSync, constants, mkdirSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { appendAudit } from '../../../db/repositories/audit.repository'
import { getSetting, putSetting } from '../../../db/repositories/settings.repository'
import { AppError } from '../app-error'
import type { HandlerContext } from '../context'
import { DeskConfigError } from '../desk/desk-config'
import type { HandlerMap } from '../dispatcher'

/** The folder this desk's backups go to: its own choice, or the default beside the database. */
export function backupFolder(ctx: HandlerContext): string {
  return ctx.deskConfig.get().backupFolder || ctx.data?.defaultBackupFolder || ''
}

function folderProblem(folder: string): string | null {
  if (!isAbsolute(folder)) return 'Give the full path of a folder, for example D:\\Portico backups or /Users/shared/Portico backups.'
  try {
    mkdirSync(folder, { recursive: true })
    accessSync(folder, constants.W_OK)
    return null
  } catch {
    return 'Portico can’t write to that folder. Choose a folder this computer can write to.'
  }
}

export const deskSettingsHandlers = {
  getDeskSettings: async (_input, ctx) => ({
    idleLockMinutes: Number(await getSetting(ctx.db, 'desk.idleLockMinutes')),
    backupFolder: backupFolder(ctx),
  }),

  /** The lock minutes are the practice's (shared); the backup folder is this computer's own. */
  updateDeskSettings: async ({ settings }, ctx) => {
    // On a server there are no file backups here: no folder is needed.
    const folderless = settings.backupFolder === '' && ctx.data?.store.fileBackups === false
    const problem = folderless ? null : folderProblem(settings.backupFolder)
    if (problem) throw new AppError('INVALID_INPUT', problem, [{ field: 'backupFolder', message: problem }])
    const folderChanged = settings.backupFolder !== backupFolder(ctx)
    await ctx.db.transaction().execute(async (trx) => {
      await putSetting(trx, 'desk.idleLockMinutes', String(settings.idleLockMinutes))
      await appendAudit(trx, { actor: ctx.actor, at: ctx.now().toISOString(), action: 'settings.update', clientId: null, outcome: 'success', detail: { idleLockMinutes: settings.idleLockMinutes, backupFolderChanged: folderChanged } })
    })
    try {
      if (folderChanged) ctx.deskConfig.setBackupFolder(settings.backupFolder)
    } catch (error) {
      if (!(error instanceof DeskConfigError)) throw error
      throw new AppError('INTERNAL', `The lock time was saved, but this computer’s backup folder was not. ${error.message}`)
    }
    return { idleLockMinutes: settings.idleLockMinutes, backupFolder: backupFolder(ctx) }
  },
} satisfies Pick<HandlerMap, 'getDeskSettings' | 'updateDeskSettings'>
