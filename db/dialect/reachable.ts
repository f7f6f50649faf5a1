import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema'
import { databaseFault } from './faults'

/**
 * How long a desk waits for `select 1` before it counts the server as out of reach. A server that
 * is off, or a cut network, often doesn't refuse: it just never answers on a connection the desk
 * already holds, and only the operating system would give up on it, minutes later.
 */
export const PING_TIMEOUT_MS = 4000

/**
 * Whether the practice's database answers right now: one trivial round trip (`select 1`), cheap
 * enough for every desk to ask every few seconds. False when the server can't be reached, dropped
 * the connection, or didn't answer within `timeoutMs`; any other failure is thrown, since it is
 * not a matter of waiting.
 */
export async function databaseReachable(db: Kysely<Database>, timeoutMs = PING_TIMEOUT_MS): Promise<boolean> {
  const answered = sql`select 1`.execute(db).then(() => true)
  // Still settles (and fails, or answers late) after a timeout: nobody is waiting for it then.
  answered.catch(() => undefined)
  let timer: ReturnType<typeof setTimeout> | undefined
  const silence = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
  })
  try {
    return await Promise.race([answered, silence])
  } catch (error) {
    if (databaseFault(error) === 'unreachable') return false
    throw error
  } finally {
    clearTimeout(timer)
  }
}
