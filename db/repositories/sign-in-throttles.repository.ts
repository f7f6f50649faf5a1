import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import type { Db } from './clients.repository'

/**
 * Whose attempts are counted: a portal or staff account, or a username that matches no account
 * (by a keyed hash of it only). All three keep the same state, so they behave exactly alike.
 */
export type ThrottleTarget =
  | { table: 'portal_accounts'; id: number }
  | { table: 'staff_accounts'; id: number }
  | { table: 'sign_in_throttles'; keyHash: string }

/** Failures in a row, the lock, and when the next attempt is allowed (ISO-8601 UTC). */
export interface ThrottleState {
  failures: number
  lockedUntil: string | null
  nextAttemptAt: string | null
  lastFailedAt: string | null
}

/** What a change returns: the new state (null clears it), when a keyed row may be forgotten, and its result. */
export interface ThrottleChange<T> {
  next: ThrottleState | null | 'unchanged'
  forgetAt?: string
  result: T
}

const CLEAR: ThrottleState = { failures: 0, lockedUntil: null, nextAttemptAt: null, lastFailedAt: null }

/** The columns that clear an account's throttling, for the writes that prove who the person is. */
export const THROTTLE_CLEARED = { failed_attempts: 0, locked_until: null, next_attempt_at: null, last_failed_at: null } as const

const COLUMNS = ['failed_attempts', 'locked_until', 'next_attempt_at', 'last_failed_at'] as const

async function readState(db: Db, target: ThrottleTarget): Promise<ThrottleState> {
  const row =
    target.table === 'portal_accounts'
      ? await db.selectFrom('portal_accounts').select(COLUMNS).where('client_id', '=', target.id).executeTakeFirst()
      : target.table === 'staff_accounts'
        ? await db.selectFrom('staff_accounts').select(COLUMNS).where('id', '=', target.id).executeTakeFirst()
        : await db.selectFrom('sign_in_throttles').select(COLUMNS).where('key_hash', '=', target.keyHash).executeTakeFirst()
  if (!row) return CLEAR
  return { failures: row.failed_attempts, lockedUntil: row.locked_until, nextAttemptAt: row.next_attempt_at, lastFailedAt: row.last_failed_at }
}

async function writeState(db: Db, target: ThrottleTarget, state: ThrottleState | null, forgetAt: string): Promise<void> {
  const set = state
    ? { failed_attempts: state.failures, locked_until: state.lockedUntil, next_attempt_at: state.nextAttemptAt, last_failed_at: state.lastFailedAt }
    : THROTTLE_CLEARED
  if (target.table === 'portal_accounts') {
    await db.updateTable('portal_accounts').set(set).where('client_id', '=', target.id).execute()
  } else if (target.table === 'staff_accounts') {
    await db.updateTable('staff_accounts').set(set).where('id', '=', target.id).execute()
  } else if (!state) {
    await db.deleteFrom('sign_in_throttles').where('key_hash', '=', target.keyHash).execute()
  } else {
    await db
      .insertInto('sign_in_throttles')
      .values({ key_hash: target.keyHash, ...set, forget_at: forgetAt })
      .onConflict((oc) => oc.column('key_hash').doUpdateSet({ ...set, forget_at: forgetAt }))
      .execute()
  }
}

/**
 * Reads the target's state and writes what `change` decides, in one write transaction, so attempts
 * sent at the same moment are decided one after the other.
 */
export async function changeThrottle<T>(db: Db, target: ThrottleTarget, change: (state: ThrottleState) => ThrottleChange<T>): Promise<T> {
  const run = async (trx: Db): Promise<T> => {
    const decided = change(await readState(trx, target))
    if (decided.next !== 'unchanged') await writeState(trx, target, decided.next, decided.forgetAt ?? '')
    return decided.result
  }
  return db.isTransaction ? run(db) : (db as Kysely<Database>).transaction().execute(run)
}

/** Drops rows for unknown usernames that hold nothing any more (no lock, no delay, failures forgotten). */
export async function forgetOldThrottles(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sign_in_throttles').where('forget_at', '<', now).execute()
}

const SECRET_KEY = 'signIn.throttleKey'

/**
 * The random key behind the keyed hash of unknown usernames, made on first use and kept in the
 * settings table. Two makers at once both insert-or-ignore, then both read the one that won.
 */
export async function throttleSecret(db: Db, make: () => string): Promise<string> {
  const existing = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirst()
  if (existing) return existing.value
  await db.insertInto('settings').values({ key: SECRET_KEY, value: make() }).onConflict((oc) => oc.column('key').doNothing()).execute()
  const row = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow()
  return row.value
}
