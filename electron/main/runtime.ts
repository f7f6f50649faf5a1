import { dirname } from 'node:path'
import type { Kysely } from 'kysely'
import { hostAuditStores } from '../../db/audit/host-audit-stores'
import { type AuditTrailStores, type OpenedAuditTrail, openAuditTrail } from '../../db/audit/open-audit-trail'
import { backupBeforeMigration, createBackup, defaultBackupFolder, shouldTakeDailyBackup } from '../../db/backup'
import { type OpenOptions, openDatabase } from '../../db/connection'
import { isServerUrl } from '../../db/dialect/target'
import { appendAudit } from '../../db/repositories/audit.repository'
import { getSetting } from '../../db/repositories/settings.repository'
import type { Database } from '../../db/schema'
import { type DataLayer, type HandlerContext, deskActor, newDeskSession } from './context'
import { createPortalServerControl } from './portal/portal-server-control'
import { WriteGate } from './write-gate'

export interface RuntimeOptions {
  /** The practice's database: a SQLite file's path, or a postgres:// URL for a shared server. */
  dbPath: string
  workstation: string
  /** The built renderer (for the portal page). */
  rendererDir: string
  /** Where the desk's portal listens: 0.0.0.0 in the app, loopback under the browser host. */
  portalHost: string
  /**
   * This desk's own data folder, for what belongs to this computer and not the (possibly shared)
   * database: the portal's certificate and key. The database's folder when not given (required
   * for a server database, which has no folder here).
   */
  deskDir?: string
  open?: OpenOptions
  /**
   * Where the practice's audit key and the chain's recorded heads are kept: the desk's own config
   * in Electron; by default a key file beside the database and the per-user anchor folder.
   */
  audit?: AuditTrailStores
  now?: () => Date
  log?: (line: string) => void
}

const HOUR = 60 * 60 * 1000

/**
 * Everything behind the IPC boundary, shared by the Electron app and the browser host: the
 * database (with a backup before every migration and a daily one), the audit chain check, the
 * session, and the portal server. `reopen` swaps the database file underneath (restore).
 */
export interface DeskRuntime {
  ctx: HandlerContext
  created: boolean
  /**
   * Every IPC call and the daily backup run through this gate; it also counts an open SQLite
   * transaction (the portal's, say) as a write. Installing an update waits on it.
   */
  writes: WriteGate
  /** A checked backup into the default folder beside the database (taken before an update). */
  backupToDefaultFolder: () => Promise<{ name: string }>
  dispose: () => Promise<void>
}

export async function createDeskRuntime(options: RuntimeOptions): Promise<DeskRuntime> {
  const now = options.now ?? (() => new Date())
  const log = options.log ?? ((line: string) => console.error(line))
  const serverDatabase = isServerUrl(options.dbPath)
  if (serverDatabase && !options.deskDir) throw new Error('A desk on a server database needs a folder of its own (deskDir).')
  const deskDir = options.deskDir ?? dirname(options.dbPath)
  // A server's backups are the server's own (pg_dump); only a file is copied into a backup folder.
  const defaultFolder = serverDatabase ? '' : defaultBackupFolder(options.dbPath)
  const open = (path: string) =>
    openDatabase(path, {
      ...options.open,
      beforeMigrate: async ({ store }) => {
        // A server's backups are the server's (pg_dump); a file is copied before it changes.
        if (store.fileBackups) await backupBeforeMigration(store, options.dbPath, now())
      },
    })

  const first = await open(options.dbPath)
  const session = newDeskSession()
  const stores = options.audit ?? hostAuditStores(options.dbPath)
  let trail!: OpenedAuditTrail
  /** Checks the trail at every open (start, restore) and tells admins, in plain words, what is wrong. */
  const openTrail = async (opened: { db: Kysely<Database> }, restored = false) => {
    trail = await openAuditTrail(opened.db, { dbPath: options.dbPath, stores, workstation: options.workstation, now, log, restored })
    session.auditWarning = trail.warning
  }
  try {
    await openTrail(first)
  } catch (error) {
    await first.db.destroy()
    throw error
  }

  const portalFor = (db: Kysely<Database>) => createPortalServerControl({ db, now, rendererDir: options.rendererDir, host: options.portalHost, deskDir })
  const data: DataLayer = {
    db: first.db,
    store: first.store,
    path: options.dbPath,
    defaultBackupFolder: defaultFolder,
    nativeBinding: options.open?.nativeBinding,
    reopen: async (swap) => {
      await ctx.portalServer.stop()
      await trail.close()
      await data.db.destroy()
      const attach = async (reopened: Awaited<ReturnType<typeof open>>, restored = false) => {
        try {
          await openTrail(reopened, restored)
        } catch (error) {
          await reopened.db.destroy()
          throw error
        }
        data.db = reopened.db
        data.store = reopened.store
        ctx.db = reopened.db
        ctx.portalServer = portalFor(reopened.db)
        if (!trail.writesRefused) await ctx.portalServer.resume()
      }
      let undo: (() => Promise<void>) | undefined
      try {
        undo = (await swap())?.undo
      } catch (error) {
        await attach(await open(options.dbPath))
        throw error
      }
      try {
        await attach(await open(options.dbPath), true)
      } catch (error) {
        // The swapped-in file won't open: put the previous one back, so the desk keeps working.
        if (!undo) throw error
        await undo()
        await attach(await open(options.dbPath))
        throw error
      }
    },
  }
  const ctx: HandlerContext = {
    db: first.db,
    actor: deskActor(options.workstation),
    now,
    portalServer: portalFor(first.db),
    session,
    workstation: options.workstation,
    data,
  }
  // The portal is not served from a database that refuses writes: clients couldn't sign in.
  if (!trail.writesRefused) await ctx.portalServer.resume()

  const writes = new WriteGate(() => data.store.writing())

  // One backup a day while the desk runs (checked hourly, and soon after start).
  const daily = () => writes.run(async () => {
    try {
      const folder = (await getSetting(ctx.db, 'backup.folder')) || defaultFolder
      if (data.store.fileBackups && shouldTakeDailyBackup(folder, now())) await createBackup(data.store, folder, now())
    } catch {
      log('[backup] the daily backup could not be written')
    }
  })
  const startTimer = setTimeout(() => void daily(), 60_000)
  const hourly = setInterval(() => void daily(), HOUR)
  startTimer.unref()
  hourly.unref()

  return {
    ctx,
    created: first.created,
    writes,
    backupToDefaultFolder: async () => {
      const at = now()
      // A server database is backed up on the server (pg_dump); this desk has no file to copy.
      if (!data.store.fileBackups) return { name: `none here: the practice database is on the server ${data.store.location}` }
      const info = await createBackup(data.store, defaultFolder, at)
      await appendAudit(data.db, { actor: { type: 'system', name: 'update', workstation: options.workstation }, at: at.toISOString(), action: 'backup.create', clientId: null, outcome: 'success', detail: { name: info.name, reason: 'before-update' } })
      return { name: info.name }
    },
    async dispose() {
      clearTimeout(startTimer)
      clearInterval(hourly)
      await ctx.portalServer.stop()
      // A clean shutdown records the chain's head, so events deleted after it show next time.
      await trail.close()
      await ctx.db.destroy()
    },
  }
}
