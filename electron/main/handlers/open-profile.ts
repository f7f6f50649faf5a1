import type { DeskSession } from '../context'

/**
 * Which client's profile each desk session has on screen: the one it last opened (its view
 * recorded in the audit trail), created or changed. Reading that profile again to show other
 * desks' changes is part of the same view, so it is not recorded again; any other client must be
 * opened (and recorded) first. Kept beside the session, not in it: only these handlers need it.
 */
const shown = new WeakMap<DeskSession, { staffId: number; clientId: number }>()

/** The staff member signed in at this desk now has `clientId`'s profile on screen. */
export function noteProfileShown(session: DeskSession, clientId: number): void {
  if (session.staff) shown.set(session, { staffId: session.staff.id, clientId })
}

/** Whether `clientId`'s profile is the one this desk's signed-in staff member last had shown. */
export function profileIsShown(session: DeskSession, clientId: number): boolean {
  const entry = shown.get(session)
  return entry !== undefined && entry.clientId === clientId && entry.staffId === session.staff?.id
}
