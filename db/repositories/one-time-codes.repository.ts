import type { Db } from './clients.repository'

/** The two tables of single-use codes: portal invites and password resets share one shape. */
export type CodeTable = 'portal_invites' | 'portal_password_resets'

export interface NewCode {
  clientId: number
  tokenHash: string
  now: string
  expiresAt: string
}

/** Records a new code (by its hash only) and voids every older open code of the client: newest only. */
export async function issueCode(db: Db, table: CodeTable, code: NewCode): Promise<void> {
  await voidOpenCodes(db, table, code.clientId, code.now)
  await db
    .insertInto(table)
    .values({ client_id: code.clientId, token_hash: code.tokenHash, created_at: code.now, expires_at: code.expiresAt })
    .execute()
}

/** Voids every open (unused, not yet voided) code of the client in `table`; how many there were. */
export async function voidOpenCodes(db: Db, table: CodeTable, clientId: number, now: string): Promise<number> {
  const result = await db
    .updateTable(table)
    .set({ voided_at: now })
    .where('client_id', '=', clientId)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function findCodeByHash(db: Db, table: CodeTable, tokenHash: string) {
  return db.selectFrom(table).selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
}

/** Why a code that exists can't be used, or null when it can. */
export function codeProblem(
  row: { used_at: string | null; voided_at: string | null; expires_at: string },
  now: Date,
): 'used' | 'voided' | 'expired' | null {
  if (row.used_at) return 'used'
  if (row.voided_at) return 'voided'
  if (new Date(row.expires_at) <= now) return 'expired'
  return null
}

/**
 * Marks a code used if, and only if, it is still open at this moment. Two redemptions racing for
 * one code both run this; exactly one sees `true`.
 */
export async function consumeCode(db: Db, table: CodeTable, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return result.numUpdatedRows === 1n
}
