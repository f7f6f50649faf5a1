import { z } from 'zod'

/**
 * A client's portal account in one word, as the list row says it: no account, invited (no
 * username chosen yet), on, off, or locked after failed sign-ins.
 */
export const PortalState = z.enum(['none', 'invited', 'on', 'off', 'locked'])
export type PortalState = z.infer<typeof PortalState>

/** The facts a portal state is read from: the list reads them from rows, the profile from its panel. */
export interface PortalFacts {
  hasUsername: boolean
  invited: boolean
  enabled: boolean
  locked: boolean
}

/** The one rule for the word: a username makes an account (locked, on or off); else an invite; else none. */
export function portalStateOf({ hasUsername, invited, enabled, locked }: PortalFacts): PortalState {
  if (hasUsername) return locked ? 'locked' : enabled ? 'on' : 'off'
  return invited ? 'invited' : 'none'
}
