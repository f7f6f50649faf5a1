import { existsSync, renameSync } from 'node:fs'
import { basename, join } from 'node:path'
import { createBackup, listBackups, restoreBackup } from '../../../db/backup'
import { appendAudit } from '../../../db/repositories/audit.repository'
import { findStaffById } from '../../../db/repositories/staff.repository'
import { AppError } from '../app-error'
import type { HandlerContext } from '../context'
import type { HandlerMap } from '../dispatcher'
import { backupFolder } from './desk-settings.handlers'

/** What to do instead of a file backup when the practice is on a server (Settings → Backups says the same). */
export function serverBackupStatement(location: string): string {
  return `This practice’s data is on the server ${location}. Back it up on the server with pg_dump — see the README, ‘Several desks’.`
}

/** The data layer of a desk whose database is a file; on a server, backups are the server's (pg_dump). */
function dataLayer(ctx: HandlerContext) {
  if (!ctx.data) throw new AppError('INTERNAL', 'Backups are not available here.')
  if (!ctx.data.store.fileBackups) throw new AppError('FORBIDDEN', serverBackupStatement(ctx.data.store.location))
  return ctx.data
}

const toInfo = (b: { name: string; takenAt: string; sizeBytes: number }) => ({ name: b.name, takenAt: b.takenAt, sizeBytes: b.sizeBytes })

/** Admins back up by hand and restore; the daily and pre-migration backups run by themselves. */
export const backupHandlers = {
  listBackups: async (_input, ctx) => {
    if (ctx.data) dataLayer(ctx)
    return listBackups(backupFolder(ctx)).map(toInfo)
  },

  /**
   * Says what happened: a backup that was written is reported written, even when its record in the
   * activity log can't be (another program holding the database's write lock, say).
   */
  backupNow: async (_input, ctx) => {
    const data = dataLayer(ctx)
    const at = ctx.now()
    let info: Awaited<ReturnType<typeof createBackup>>
    try {
      info = await createBackup(data.store, backupFolder(ctx), at)
    } catch (error) {
      await appendAudit(ctx.db, { actor: ctx.actor, at: at.toISOString(), action: 'backup.create', clientId: null, outcome: 'failure' }).catch(() => undefined)
      throw error instanceof AppError ? error : new AppError('INTERNAL', 'The backup could not be written. Check that the backup folder exists and has space, then try again.')
    }
    // SQLite's full check of the copy and of the practice's file runs in the background; admins hear of damage.
    void data.checkAfterBackup(info.path, info.name)
    try {
      await appendAudit(ctx.db, { actor: ctx.actor, at: at.toISOString(), action: 'backup.create', clientId: null, outcome: 'success', detail: { name: info.name } })
      return toInfo(info)
    } catch {
      return { ...toInfo(info), notRecorded: 'Portico could not record it in the activity log: the database was busy or could not be written just then.' }
    }
  },

  /** Checks the file, keeps the current database aside, and reopens the data layer on the restored file. */
  restoreBackup: async ({ name }, ctx) => {
    const data = dataLayer(ctx)
    const folder = backupFolder(ctx)
    const backup = listBackups(folder).find((b) => b.name === name)
    if (!backup || basename(name) !== name) throw new AppError('NOT_FOUND', 'That backup is no longer in the backup folder. Refresh the list.')
    const actor = ctx.actor
    let result: Awaited<ReturnType<typeof restoreBackup>> | undefined
    try {
      await data.reopen(async () => {
        result = await restoreBackup({ currentPath: data.path, backupPath: join(folder, name), now: ctx.now(), nativeBinding: data.nativeBinding })
        const keptAside = result.keptAsidePath
        return {
          // The restored file is set aside (never deleted) and the previous database goes back.
          undo: async () => {
            if (!keptAside) return
            const stamp = ctx.now().toISOString().replace(/[:.]/g, '-')
            for (const suffix of ['', '-wal', '-shm']) {
              if (existsSync(data.path + suffix)) renameSync(data.path + suffix, `${data.path}.failed-restore-${stamp}${suffix}`)
            }
            for (const suffix of ['', '-wal', '-shm']) {
              if (existsSync(keptAside + suffix)) renameSync(keptAside + suffix, data.path + suffix)
            }
          },
        }
      })
    } catch (error) {
      await appendAudit(data.db, { actor, at: ctx.now().toISOString(), action: 'backup.restore', clientId: null, outcome: 'failure', detail: { name } }).catch(() => undefined)
      throw new AppError('INVALID_INPUT', error instanceof Error ? error.message : 'That backup could not be restored. The current database was not changed.')
    }
    // From here on only the reopened database is valid (this call's ctx.db was closed by reopen).
    const db = data.db
    // An older backup may predate this staff account: then nobody stays signed in on it.
    const staffId = ctx.session.staff?.id
    const stillThere = staffId !== undefined && (await findStaffById(db, staffId)) !== undefined
    if (!stillThere) ctx.session.staff = null
    const recordedBy = stillThere ? actor : { type: 'system' as const, name: 'restore', workstation: ctx.workstation }
    await appendAudit(db, { actor: recordedBy, at: ctx.now().toISOString(), action: 'backup.restore', clientId: null, outcome: 'success', detail: { name } })
    return { takenAt: result!.takenAt, clients: result!.clients, keptAside: result!.keptAsidePath ? basename(result!.keptAsidePath) : '' }
  },
} satisfies Pick<HandlerMap, 'listBackups' | 'backupNow' | 'restoreBackup'>
