import type { Kysely } from 'kysely'
import type { Actor } from '../../db/repositories/audit.repository'
import type { Database } from '../../db/schema'
import type { PortalServerControl } from './portal/portal-server-control'

/**
 * What every handler gets from main. The actor is decided here, never by the renderer: until staff
 * accounts exist it is "desk" on this workstation.
 */
export interface HandlerContext {
  db: Kysely<Database>
  actor: Actor
  now: () => Date
  /** The client portal this desk may serve (Settings → Client portal). */
  portalServer: PortalServerControl
}

export function deskActor(workstation: string): Actor {
  return { type: 'desk', name: 'desk', workstation }
}
