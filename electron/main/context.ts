import type { Kysely } from 'kysely'
import type { DatabaseStore } from '../../db/dialect/store'
import type { Actor } from '../../db/repositories/audit.repository'
import type { Database } from '../../db/schema'
import type { StaffIdentity } from '../../shared/dto'
import type { PortalServerControl } from './portal/portal-server-control'

/**
 * Who is at this desk, as main alone decides. The renderer can ask (getSession) but never say.
 */
export interface DeskSession {
  staff: StaffIdentity | null
  locked: boolean
  /** Set at start-up when the audit trail's chain check fails; shown to admins. */
  auditWarning: string | null
}

/** The open database, replaced as a whole when a backup is restored. */
export interface DataLayer {
  db: Kysely<Database>
  /** What the database is and can do (file backups, the update gate), without naming its engine. */
  store: DatabaseStore
  path: string
  /** Folder for backups when the admin hasn't chosen one. */
  defaultBackupFolder: string
  /** Electron-ABI better-sqlite3 when run from source; undefined elsewhere. */
  nativeBinding?: string
  /**
   * Closes the database, runs `swap` on the closed file, and opens it again (used by restore). If
   * the swapped file won't open, `swap`'s `undo` puts the previous file back and that is reopened.
   */
  reopen: (swap: () => Promise<{ undo: () => Promise<void> } | void>) => Promise<void>
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
  return { staff: null, locked: false, auditWarning: null }
}
