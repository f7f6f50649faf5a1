import type { PortalMe } from '../../../../shared/portal-api'

/** "First Last": the account menu button's name, as the help article says "click your name". */
export function fullName(me: PortalMe): string {
  return `${me.firstName} ${me.lastName}`.trim()
}

/** The name to greet the client by: their preferred name when they gave one. */
export function greetingName(me: PortalMe): string {
  return me.preferredName?.trim() || me.firstName
}

/**
 * "Joe F.": enough for whoever holds a shared tablet to tell whose session it is, and nothing more
 * (no full surname, username or email).
 */
export function shortName(me: PortalMe): string {
  const initial = me.lastName.trim().charAt(0).toUpperCase()
  return initial ? `${me.firstName.trim()} ${initial}.` : me.firstName.trim()
}

/** Initials for the small avatar beside the name. */
export function initials(me: PortalMe): string {
  return `${me.firstName.charAt(0)}${me.lastName.charAt(0)}`.toUpperCase()
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** A stored ISO timestamp in the reader's own locale and time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date)
}
