import { checkServer } from '../../../db/server-check'
import { checkResult, dataOf, practiceDatabaseStatus, resolveServer } from '../desk/practice-server'
import { joinServer, moveToServer, movesInProgress, useBuiltIn } from '../desk/practice-switch'
import type { HandlerMap } from '../dispatcher'

/**
 * Settings → Practice database (admins): this computer's built-in database, or the practice's
 * shared PostgreSQL server. The server's password is never sent back, logged, or stored in the
 * practice's database: only sealed in this computer's own settings.
 */
export const practiceDatabaseHandlers = {
  getPracticeDatabase: async (_input, ctx) => practiceDatabaseStatus(ctx, movesInProgress.get(dataOf(ctx)) ?? null),
  checkPracticeServer: async ({ server, purpose }, ctx) => checkResult(await checkServer(resolveServer(server, ctx), purpose), purpose),
  joinPracticeServer: ({ server, auditKey }, ctx) => joinServer(ctx, server, auditKey),
  movePracticeToServer: ({ server }, ctx) => moveToServer(ctx, server),
  useBuiltInDatabase: (_input, ctx) => useBuiltIn(ctx),
} satisfies Pick<HandlerMap, 'getPracticeDatabase' | 'checkPracticeServer' | 'joinPracticeServer' | 'movePracticeToServer' | 'useBuiltInDatabase'>
