import { databaseReachable } from '../../../db/dialect/reachable'
import type { HandlerMap } from '../dispatcher'

/**
 * Whether the practice's database answers. Public, so a desk waiting for the server shows where it
 * is even on the sign-in screen; the location names the server and database, never a password.
 */
export const databaseStatusHandlers = {
  getDatabaseStatus: async (_input, ctx) => ({
    reachable: await databaseReachable(ctx.db),
    location: ctx.data?.store.location ?? null,
  }),
} satisfies Pick<HandlerMap, 'getDatabaseStatus'>
