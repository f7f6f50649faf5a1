import type { Kysely } from 'kysely'
import type { KeyStore } from '../../db/audit/key-store'
import type { DatabaseStore } from '../../db/dialect/store'
import type { Actor } from '../../db/repositories/audit.repository'
import type { Database } from '../../db/schema'
import type { StaffIdentity } from '../../shared/dto'
import type { PendingAudits } from './audit/pending-audits'
import type { DeskConfigStore } from './desk/desk-config'
import { DamageNotices } from './damage/damage-notices'
import type { PortalServerControl } from './portal/portal-server-control'

/**
 * Who is at this desk, as main alone decides. The renderer can ask (getSession) but never say.
 */
export interface DeskSession {
  staff: StaffIdentity | null
  locked: boolean
  /** Set at start-up when the audit trail's chain check fails; shown to admins. */
  auditWarning: string | null
  /** Other computers whose Portico has this practice's file open right now (a file on a shared folder). */
  otherDesksOnFile: string[]
  /** Damage this desk has seen (a failed file check, unreadable client rows), told to admins. */
  damage: DamageNotices
}

/** The open database, replaced as a whole when a backup is restored or the desk changes database. */
export interface DataLayer {
  db: Kysely<Database>
  /** What the database is and can do (file backups, the update gate), without naming its engine. */
  store: DatabaseStore
  /** The file's path or the server's URL (with its password: never shown, sent or logged). */
  path: string
  /** This desk's built-in database file, for Settings → Practice database → "This computer only". */
  builtInPath: string
  /** What went wrong choosing this desk's database at start, for admins; null when nothing did. */
  startNotice: string | null
  /** Folder for backups when the admin hasn't chosen one. */
  defaultBackupFolder: string
  /** Electron-ABI better-sqlite3 when run from source; undefined elsewhere. */
  nativeBinding?: string
  /**
   * Closes the database, runs `swap` on the closed file, and opens it again (used by restore). If
   * the swapped file won't open, `swap`'s `undo` puts the previous file back and that is reopened.
   */
  reopen: (swap: () => Promise<{ undo: () => Promise<void> } | void>) => Promise<void>
  /**
   * Opens `target` (a file or a server URL) and its audit trail, and only then closes the current
   * database and moves the desk onto it. If `target` can't be opened, the current one carries on.
   * The target's trail is taken as chosen on purpose (as a restored backup's): its head is the
   * one recorded from then on.
   */
  switchTo: (target: string) => Promise<void>
  /** Where the practice's audit key is kept for `target` (to import it before joining a server). */
  keysFor: (target: string) => KeyStore
  /**
   * Holds back every write to this database, audit events included, while it is copied elsewhere:
   * the portal stops and the audit trail's head is recorded first. The returned function lets
   * writes through again (and serves the portal again, if the desk is still on this database).
   */
  hold: (reason: string) => Promise<() => Promise<void>>
  /**
   * A backup of this database was just written at `path`: SQLite's full check of it, then of the
   * practice's file, in the background (what they find is told to admins). Resolves when both ran.
   */
  checkAfterBackup: (path: string, name: string) => Promise<void>
}

/**
 * What every handler gets from main. `actor` is derived by the dispatcher from the session for each
 * call, never taken from the renderer.
 */
export interface HandlerContext {
  db: Kysely<Database>
  actor: Actor
  now: () => Date
  /** The client portal this desk may serve (Settings → Client portal). */
  portalServer: PortalServerControl
  session: DeskSession
  workstation: string
  data: DataLayer | null
  /** This computer's own settings: its portal, backup folder and choice of database. */
  deskConfig: DeskConfigStore
  /** Reads' audit events the database could not take yet, written as soon as it can (admins see how many). */
  pendingAudits: PendingAudits
  /** The Electron app's updater, told when Settings → Updates change; absent in the browser host and tests. */
  updates?: { settingsChanged: () => Promise<void> }
}

/** The actor for audit events at this desk: the signed-in staff member, or the bare desk before sign-in. */
export function deskActor(workstation: string, staff: StaffIdentity | null = null): Actor {
  return staff
    ? { type: 'desk', name: staff.displayName, workstation, staffId: staff.id }
    : { type: 'desk', name: 'desk', workstation, staffId: null }
}

export function newDeskSession(): DeskSession {
  return { staff: null, locked: false, auditWarning: null, otherDesksOnFile: [], damage: new DamageNotices() }
}
