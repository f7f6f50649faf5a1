import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import type { Db } from './clients.repository'

/** Portal accounts and staff accounts share the failed-password bookkeeping. */
export type AccountTable = { table: 'portal_accounts'; id: number } | { table: 'staff_accounts'; id: number }

export interface LockRule {
  maxFailures: number
  lockMs: number
}

/**
 * Counts one failed password check, atomically: the increment and the decision to lock happen in
 * one write transaction, so guesses sent at the same moment all count. Returns when the account is
 * now locked until, or null if this failure didn't lock it.
 */
export async function countFailedPassword(db: Db, account: AccountTable, now: Date, rule: LockRule): Promise<string | null> {
  const at = now.toISOString()
  const run = async (trx: Db): Promise<string | null> => {
    const row =
      account.table === 'portal_accounts'
        ? await trx
            .updateTable('portal_accounts')
            .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1), updated_at: at }))
            .where('client_id', '=', account.id)
            .returning(['failed_attempts', 'locked_until'])
            .executeTakeFirst()
        : await trx
            .updateTable('staff_accounts')
            .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1), updated_at: at }))
            .where('id', '=', account.id)
            .returning(['failed_attempts', 'locked_until'])
            .executeTakeFirst()
    if (!row || row.failed_attempts < rule.maxFailures) return null
    if (row.locked_until && new Date(row.locked_until) > now) return null
    const lockedUntil = new Date(now.getTime() + rule.lockMs).toISOString()
    if (account.table === 'portal_accounts') {
      await trx.updateTable('portal_accounts').set({ failed_attempts: 0, locked_until: lockedUntil }).where('client_id', '=', account.id).execute()
    } else {
      await trx.updateTable('staff_accounts').set({ failed_attempts: 0, locked_until: lockedUntil }).where('id', '=', account.id).execute()
    }
    return lockedUntil
  }
  return db.isTransaction ? run(db) : (db as Kysely<Database>).transaction().execute(run)
}

/** The lock as it stands now, read after a (slow) password check so a lock set meanwhile counts. */
export async function currentLock(db: Db, account: AccountTable): Promise<string | null> {
  const row =
    account.table === 'portal_accounts'
      ? await db.selectFrom('portal_accounts').select('locked_until').where('client_id', '=', account.id).executeTakeFirst()
      : await db.selectFrom('staff_accounts').select('locked_until').where('id', '=', account.id).executeTakeFirst()
  return row?.locked_until ?? null
}
