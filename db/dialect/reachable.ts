import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema'
import { databaseFault } from './faults'

/**
 * Whether the practice's database answers right now: one trivial round trip (`select 1`), cheap
 * enough for every desk to ask every few seconds. False only when the server can't be reached (or
 * dropped the connection); any other failure is thrown, since it is not a matter of waiting.
 */
export async function databaseReachable(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch (error) {
    if (databaseFault(error) === 'unreachable') return false
    throw error
  }
}
