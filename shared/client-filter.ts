import { z } from 'zod'

/**
 * The client list's narrowing choices. The portal ones are the list row's words (see
 * portal-state.ts): "Portal on" is state 'on', "Locked" is 'locked', "Invited" is 'invited'.
 */
export const ClientFilter = z.enum(['all', 'active', 'inactive', 'portal_on', 'locked', 'invited'])
export type ClientFilter = z.infer<typeof ClientFilter>

/** The words each choice carries in the list's filter row, in the order they are shown. */
export const CLIENT_FILTER_LABELS: Record<ClientFilter, string> = {
  all: 'All',
  active: 'Active',
  inactive: 'Inactive',
  portal_on: 'Portal on',
  locked: 'Locked',
  invited: 'Invited',
}

/** How many clients each choice shows, over the whole practice (not narrowed by a search). */
export const ClientCounts = z.strictObject(
  Object.fromEntries(ClientFilter.options.map((f) => [f, z.number().int().nonnegative()])) as Record<ClientFilter, z.ZodNumber>,
)
export type ClientCounts = Record<ClientFilter, number>

/** The filter row's numbers, and how many inactive clients still have portal access (the bulk action's number). */
export const ClientListCounts = z.strictObject({
  byFilter: ClientCounts,
  inactivePortalOn: z.number().int().nonnegative(),
})
export type ClientListCounts = z.infer<typeof ClientListCounts>

/** What turning portal access off for every inactive client did (one audit event per client). */
export const InactivePortalsTurnedOff = z.strictObject({
  /** Clients whose access was turned off by this call. */
  turnedOff: z.number().int().nonnegative(),
  /** No inactive client's access is left on: the last batch. */
  finished: z.boolean(),
})
export type InactivePortalsTurnedOff = z.infer<typeof InactivePortalsTurnedOff>
