import { dirname, join } from 'node:path'
import type { Kysely } from 'kysely'
import { chainSealOf } from '../../db/audit/chain-seal'
import { hostAuditStores } from '../../db/audit/host-audit-stores'
import { type AuditTrailStores, type OpenedAuditTrail, openAuditTrail } from '../../db/audit/open-audit-trail'
import { backupBeforeMigration, createBackup, defaultBackupFolder, shouldTakeDailyBackup } from '../../db/backup'
import { type OpenOptions, type OpenedDatabase, openDatabase } from '../../db/connection'
import { databaseIdentity, isServerUrl } from '../../db/dialect/target'
import { appendAudit } from '../../db/repositories/audit.repository'
import type { Database } from '../../db/schema'
import { PendingAudits } from './audit/pending-audits'
import { PENDING_AUDITS_NAME, PendingAuditsFile } from './audit/pending-audits-file'
import { type DataLayer, type HandlerContext, deskActor, newDeskSession } from './context'
import { carryOverDeskSettings } from './desk/carry-over'
import { DESK_CONFIG_NAME, DeskConfigStore } from './desk/desk-config'
import { createPortalServerControl } from './portal/portal-server-control'
import { WriteGate } from './write-gate'
import { DeskPresence, PRESENCE_BEAT_MS } from '../../db/desk-presence'
import { fileLastWritten } from '../../db/file-integrity'
import { FILE_CHECK_IDLE_MS, FILE_CHECK_POLL_MS, FileChecks } from './damage/file-checks'

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
   * database: the portal's certificate and key, and the desk's config. The database's folder when
   * not given (required for a server database, which has no folder here).
   */
  deskDir?: string
  /**
   * This desk's own settings (portal, backup folder, database): by default `portico-desk.json` in
   * `deskDir`, keeping no passwords (the browser host takes `--db`).
   */
  deskConfig?: DeskConfigStore
  /** This desk's built-in database file: `dbPath` when that is a file, else `portico.sqlite3` in `deskDir`. */
  builtInPath?: string
  /** What went wrong choosing the database at start (a password that can't be read), shown to admins. */
  startNotice?: string | null
  open?: OpenOptions
  /**
   * Where the practice's audit key and the chain's recorded heads are kept, for each database the
   * desk may open: the desk's own config in Electron; by default a key file beside the database
   * (or in the per-user keys folder for a server) and the per-user anchor folder.
   */
  audit?: AuditTrailStores | ((dbPath: string) => AuditTrailStores)
  now?: () => Date
  log?: (line: string) => void
  /** How often the desk says it has a practice file open and looks for others (tests shorten it). */
  presenceEveryMs?: number
  /** How long the practice's file goes without a write before SQLite's full check runs on it (tests shorten it). */
  fileCheckIdleMs?: number
  /** How often the desk looks whether that check is due. */
  fileCheckEveryMs?: number
}

const HOUR = 60 * 60 * 1000
/** How often committed changes are copied from the write-ahead log into the database file. */
const CHECKPOINT_EVERY_MS = 3_000

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
  /** SQLite's full check of the practice's file, in the background (idle, and after backups), and what it found last. */
  fileChecks: FileChecks
  dispose: () => Promise<void>
}

export async function createDeskRuntime(options: RuntimeOptions): Promise<DeskRuntime> {
  const now = options.now ?? (() => new Date())
  const log = options.log ?? ((line: string) => console.error(line))
  if (isServerUrl(options.dbPath) && !options.deskDir) throw new Error('A desk on a server database needs a folder of its own (deskDir).')
  const deskDir = options.deskDir ?? dirname(options.dbPath)
  const deskConfig = options.deskConfig ?? new DeskConfigStore(join(deskDir, DESK_CONFIG_NAME))
  // Nothing personal in the line: the folder may be named after the user.
  if (deskConfig.problem) log('[desk] this computer’s settings file could not be read; the desk started with the defaults')
  const builtInPath = options.builtInPath ?? (isServerUrl(options.dbPath) ? join(deskDir, 'portico.sqlite3') : options.dbPath)
  const storesFor = (path: string): AuditTrailStores =>
    typeof options.audit === 'function' ? options.audit(path) : (options.audit ?? hostAuditStores(path))
  /** The desk's chosen folder, or `backups/` beside a file; none for a server (pg_dump is the server's). */
  const backupFolderFor = (path: string) => deskConfig.get().backupFolder || (isServerUrl(path) ? '' : defaultBackupFolder(path))
  const open = (path: string) =>
    openDatabase(path, {
      ...options.open,
      beforeMigrate: async ({ store }) => {
        // A server's backups are the server's (pg_dump); a file is copied before it changes, into
        // the desk's folder (or, until the desk has carried its settings over, the one the file names).
        const config = deskConfig.get()
        if (store.fileBackups) await backupBeforeMigration(store, path, now(), config.carriedOver ? config.backupFolder : undefined)
      },
    })

  const session = newDeskSession()
  /** Opens the trail of a just-opened database and checks it; the database is closed again if that fails. */
  const openTrailOn = async (opened: OpenedDatabase, path: string, restored = false): Promise<OpenedAuditTrail> => {
    try {
      return await openAuditTrail(opened.db, { dbPath: path, stores: storesFor(path), workstation: options.workstation, now, log, restored })
    } catch (error) {
      await opened.db.destroy()
      throw error
    }
  }
  const first = await open(options.dbPath)
  let trail = await openTrailOn(first, options.dbPath)
  session.auditWarning = trail.warning
  if (!deskConfig.get().carriedOver) await carryOverDeskSettings(first.db, options.dbPath, deskConfig, log)

  const portalFor = (db: Kysely<Database>) => createPortalServerControl({ db, now, rendererDir: options.rendererDir, host: options.portalHost, deskDir, deskConfig })
  /** Moves the desk onto a database whose trail is open: handlers, portal and the admins' warning follow. */
  const attach = async (opened: OpenedDatabase, path: string, openedTrail: OpenedAuditTrail) => {
    data.db = opened.db
    data.store = opened.store
    data.path = path
    data.defaultBackupFolder = isServerUrl(path) ? '' : defaultBackupFolder(path)
    // What was seen damaged belonged to the database the desk just left.
    session.damage.forgetDatabase()
    ctx.db = opened.db
    trail = openedTrail
    session.auditWarning = openedTrail.warning
    ctx.portalServer = portalFor(opened.db)
    // The portal is not served from a database that refuses writes: clients couldn't sign in.
    if (!trail.writesRefused) await ctx.portalServer.resume()
  }
  const openAgain = async (path: string, restored = false) => {
    const reopened = await open(path)
    await attach(reopened, path, await openTrailOn(reopened, path, restored))
  }
  const data: DataLayer = {
    db: first.db,
    store: first.store,
    path: options.dbPath,
    builtInPath,
    startNotice: options.startNotice ?? null,
    defaultBackupFolder: isServerUrl(options.dbPath) ? '' : defaultBackupFolder(options.dbPath),
    nativeBinding: options.open?.nativeBinding,
    reopen: async (swap) => {
      const path = data.path
      await ctx.portalServer.stop()
      await trail.close()
      await data.db.destroy()
      let undo: (() => Promise<void>) | undefined
      try {
        undo = (await swap())?.undo
      } catch (error) {
        await openAgain(path)
        throw error
      }
      try {
        await openAgain(path, true)
      } catch (error) {
        // The swapped-in file won't open: put the previous one back, so the desk keeps working.
        if (!undo) throw error
        await undo()
        await openAgain(path)
        throw error
      }
    },
    switchTo: async (target) => {
      if (databaseIdentity(target) === databaseIdentity(data.path)) throw new Error('This desk already uses that database.')
      // Reads' audit events belong to this practice's trail: they are written here before the desk moves.
      await pendingAudits.flush()
      if (pendingAudits.size > 0) {
        throw new Error(`${pendingAudits.size} audit event(s) of this desk are still waiting to be saved to the database it uses now, which can’t take them yet. Try again once it can.`)
      }
      await ctx.portalServer.stop()
      let opened: OpenedDatabase
      try {
        opened = await open(target)
      } catch (error) {
        if (!trail.writesRefused) await ctx.portalServer.resume()
        throw error
      }
      // The current trail's last head is recorded first, so it can't land over the new one's.
      await trail.close()
      let openedTrail: OpenedAuditTrail
      try {
        // Chosen on purpose, like a restored backup: its trail's head becomes the one recorded here
        // (the replaced head is kept for the record). Going back to an older copy of the practice
        // is not tampering; the confirmation said what it holds.
        openedTrail = await openTrailOn(opened, target, true)
      } catch (error) {
        // The desk stays where it was, its trail checked again.
        trail = await openAuditTrail(data.db, { dbPath: data.path, stores: storesFor(data.path), workstation: options.workstation, now, log })
        session.auditWarning = trail.warning
        if (!trail.writesRefused) await ctx.portalServer.resume()
        throw error
      }
      await data.db.destroy()
      await attach(opened, target, openedTrail)
    },
    keysFor: (target) => storesFor(target).keys,
    hold: async (reason) => {
      const held = data.db
      await ctx.portalServer.stop()
      const seal = chainSealOf(held)
      if (seal) seal.held = reason
      // The head as it stands once nothing more can be appended: what the copy must carry on from.
      await trail.flush()
      return async () => {
        if (seal) seal.held = null
        if (data.db === held && !trail.writesRefused) await ctx.portalServer.resume()
      }
    },
    checkAfterBackup: async (path, name) => {
      await fileChecks.afterBackup(path, name)
    },
  }
  const pendingAudits = new PendingAudits({
    current: () => ({ db: data.db, database: databaseIdentity(data.path) }),
    file: new PendingAuditsFile(join(deskDir, PENDING_AUDITS_NAME)),
    log,
  })
  const ctx: HandlerContext = {
    db: first.db,
    actor: deskActor(options.workstation),
    now,
    portalServer: portalFor(first.db),
    session,
    workstation: options.workstation,
    data,
    deskConfig,
    pendingAudits,
  }
  // Audit events left waiting when the desk last closed happened before anything this run does.
  await pendingAudits.restore()
  // The portal is not served from a database that refuses writes: clients couldn't sign in.
  if (!trail.writesRefused) await ctx.portalServer.resume()

  const writes = new WriteGate(() => data.store.writing())
  // SQLite's full check, off the main thread: once the file has been idle a while, and after backups.
  const fileChecks = new FileChecks({
    current: () => ({ db: data.db, store: data.store }),
    notices: session.damage,
    lastWrite: () => (data.store.fileBackups ? fileLastWritten(data.path) : null),
    ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
    idleMs: options.fileCheckIdleMs ?? FILE_CHECK_IDLE_MS,
    now,
    workstation: options.workstation,
    log,
  })

  // One backup a day while the desk runs (checked hourly, and soon after start).
  const daily = () => writes.run(async () => {
    try {
      const folder = backupFolderFor(data.path)
      if (data.store.fileBackups && shouldTakeDailyBackup(folder, now())) {
        const info = await createBackup(data.store, folder, now())
        void fileChecks.afterBackup(info.path, info.name)
      }
    } catch {
      log('[backup] the daily backup could not be written')
    }
  })
  const startTimer = setTimeout(() => void daily(), 60_000)
  const hourly = setInterval(() => void daily(), HOUR)
  // The main file is never far behind its write-ahead log: a lost -wal costs at most these seconds.
  const checkpoints = setInterval(() => data.store.checkpoint(), CHECKPOINT_EVERY_MS)
  // Another computer with the same practice file open (a shared folder): both desks say so.
  let presence: DeskPresence | null = null
  const lookForOtherDesks = () => {
    const path = data.store.fileBackups ? data.path : null
    if (presence && presence.dbPath !== path) {
      presence.leave()
      presence = null
    }
    if (path && !presence) presence = new DeskPresence(path, options.workstation)
    presence?.beat(now())
    session.otherDesksOnFile = presence?.others(now()) ?? []
  }
  lookForOtherDesks()
  const presenceTimer = setInterval(lookForOtherDesks, options.presenceEveryMs ?? PRESENCE_BEAT_MS)
  presenceTimer.unref()
  const fileCheckTimer = setInterval(() => fileChecks.tick(), options.fileCheckEveryMs ?? FILE_CHECK_POLL_MS)
  fileCheckTimer.unref()
  startTimer.unref()
  hourly.unref()
  checkpoints.unref()

  return {
    ctx,
    created: first.created,
    writes,
    fileChecks,
    backupToDefaultFolder: async () => {
      const at = now()
      // A server database is backed up on the server (pg_dump); this desk has no file to copy.
      if (!data.store.fileBackups) return { name: `none here: the practice database is on the server ${data.store.location}` }
      const info = await createBackup(data.store, defaultBackupFolder(data.path), at)
      await appendAudit(data.db, { actor: { type: 'system', name: 'update', workstation: options.workstation }, at: at.toISOString(), action: 'backup.create', clientId: null, outcome: 'success', detail: { name: info.name, reason: 'before-update' } })
      void fileChecks.afterBackup(info.path, info.name)
      return { name: info.name }
    },
    async dispose() {
      clearTimeout(startTimer)
      clearInterval(hourly)
      clearInterval(checkpoints)
      clearInterval(presenceTimer)
      clearInterval(fileCheckTimer)
      // A check under way finishes (and records what it found) before its database closes.
      await fileChecks.settled()
      presence?.leave()
      await ctx.portalServer.stop()
      // What still waits is kept in this desk's folder and written first at the next start.
      await pendingAudits.close()
      // A clean shutdown records the chain's head, so events deleted after it show next time.
      await trail.close()
      data.store.checkpoint()
      await ctx.db.destroy()
    },
  }
}
