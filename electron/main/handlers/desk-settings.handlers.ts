import { accessSync, constants, mkdirSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { appendAudit } from '../../../db/repositories/audit.repository'
import { getSetting, putSetting } from '../../../db/repositories/settings.repository'
import { AppError } from '../app-error'
import type { HandlerContext } from '../context'
import type { HandlerMap } from '../dispatcher'

/** The folder backups go to: the admin's choice, or the default beside the database. */
export async function backupFolder(ctx: HandlerContext): Promise<string> {
  return (await getSetting(ctx.db, 'backup.folder')) || ctx.data?.defaultBackupFolder || ''
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
    backupFolder: await backupFolder(ctx),
  }),

  updateDeskSettings: async ({ settings }, ctx) => {
    const problem = folderProblem(settings.backupFolder)
    if (problem) throw new AppError('INVALID_INPUT', problem, [{ field: 'backupFolder', message: problem }])
    await ctx.db.transaction().execute(async (trx) => {
      await putSetting(trx, 'desk.idleLockMinutes', String(settings.idleLockMinutes))
      await putSetting(trx, 'backup.folder', settings.backupFolder)
      await appendAudit(trx, { actor: ctx.actor, at: ctx.now().toISOString(), action: 'settings.update', clientId: null, outcome: 'success', detail: { idleLockMinutes: settings.idleLockMinutes, backupFolderChanged: true } })
    })
    return { idleLockMinutes: settings.idleLockMinutes, backupFolder: settings.backupFolder }
  },
} satisfies Pick<HandlerMap, 'getDeskSettings' | 'updateDeskSettings'>
