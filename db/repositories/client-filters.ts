import { type RawBuilder, sql } from 'kysely'
import type { ClientCounts, ClientFilter } from '../../shared/client-filter'
import type { Db } from './clients.repository'

/** A filter that narrows the list (every one but 'all'). */
export type Narrowing = Exclude<ClientFilter, 'all'>

/**
 * The one rule for each filter, over a client row `c` and its portal account `p` (left-joined, so
 * its columns may be null). The portal filters say what portalStateOf says: a username makes an
 * account, locked while its lock runs, else on when switched on; no username but an invite is
 * invited. `now` decides whether a lock still runs, as the row's word does.
 */
function holds(filter: Narrowing, c: string, p: string, now: string): RawBuilder<boolean> {
  const col = (table: string, name: string) => sql.ref(`${table}.${name}`)
  const lockRuns = sql<boolean>`${col(p, 'locked_until')} > ${now}`
  switch (filter) {
    case 'active':
      return sql<boolean>`${col(c, 'status')} = 'active'`
    case 'inactive':
      return sql<boolean>`${col(c, 'status')} = 'inactive'`
    case 'portal_on':
      return sql<boolean>`(${col(p, 'username')} is not null and ${col(p, 'access_enabled')} = 1 and (${col(p, 'locked_until')} is null or not (${lockRuns})))`
    case 'locked':
      return sql<boolean>`(${col(p, 'username')} is not null and ${lockRuns})`
    case 'invited':
      return sql<boolean>`(${col(p, 'username')} is null and ${col(p, 'invited_at')} is not null)`
  }
}

/** The filter over `clients` left-joined with `portal_accounts` (as `summaries` reads them). */
export const filterOnRow = (filter: Narrowing, now: string) => holds(filter, 'clients', 'portal_accounts', now)

/** The filter for the client whose id is `id`: for questions asked of another table (a search's). */
export function filterOnId(filter: Narrowing, now: string, id: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from clients as fc left join portal_accounts as fp on fp.client_id = fc.id
    where fc.id = ${id} and ${holds(filter, 'fc', 'fp', now)})`
}

/** Only the portal filters read a lock, whose end moves a client out of them as time passes. */
export const readsLocks = (filter: ClientFilter) => filter === 'portal_on' || filter === 'locked'

/** What a list's cache is checked against: read together, in one statement (see `readListStamps`). */
export interface ListStamps {
  /** Clients added, removed or renamed at any desk (migration 0007's counter). */
  list: number
  /** Clients moved between statuses or portal words at any desk (migration 0010's counter); read only for a filter. */
  state: number | null
  /** The soonest lock still running, or null; read only for a filter that reads locks. */
  unlock: string | null
}

/**
 * The counters a list's cache depends on, in one statement (one round trip on a server): the
 * list's version, and for a filter the state counter too, and for the portal filters the soonest
 * lock still running (one indexed seek), so a lock ending counts as a change.
 */
export async function readListStamps(db: Db, filter: ClientFilter, now: string): Promise<ListStamps> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('client_list_version').select('version').where('id', '=', 1).as('list'),
      (filter === 'all' ? sql<null>`null` : eb.selectFrom('client_state_version').select('version').where('id', '=', 1)).as('state'),
      (readsLocks(filter) ? eb.selectFrom('portal_accounts').select('locked_until').where('locked_until', '>', now).orderBy('locked_until').limit(1) : sql<null>`null`).as('unlock'),
    ])
    .executeTakeFirstOrThrow()
  if (row.list === null) throw new Error('The database has no client list version (migration 0007 is missing).')
  return { list: Number(row.list), state: row.state === null ? null : Number(row.state), unlock: row.unlock ?? null }
}

/**
 * What a filter's cached total and positions were read at: the list's version, the filter
 * counter's (migration 0010), and, for filters that read locks, the soonest lock to run out.
 * Equal stamps mean the same answer.
 */
export function filterStamp(filter: ClientFilter, stamps: ListStamps): string {
  if (filter === 'all') return String(stamps.list)
  if (!readsLocks(filter)) return `${String(stamps.list)}.${String(stamps.state)}`
  return `${String(stamps.list)}.${String(stamps.state)}.${stamps.unlock ?? ''}`
}

/**
 * Every filter's count in three indexed reads: the statuses from the status index, the portal
 * words from the accounts alone (an account always has its client). `total` is every client.
 */
export async function countByFilter(db: Db, total: number, now: string): Promise<ClientCounts> {
  const { active } = await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('active')).where('status', '=', 'active').executeTakeFirstOrThrow()
  const { inactive } = await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('inactive')).where('status', '=', 'inactive').executeTakeFirstOrThrow()
  const portal = await db
    .selectFrom('portal_accounts')
    .select([
      sql<number>`coalesce(sum(case when ${filterOnRow('portal_on', now)} then 1 else 0 end), 0)`.as('portal_on'),
      sql<number>`coalesce(sum(case when ${filterOnRow('locked', now)} then 1 else 0 end), 0)`.as('locked'),
      sql<number>`coalesce(sum(case when ${filterOnRow('invited', now)} then 1 else 0 end), 0)`.as('invited'),
    ])
    .executeTakeFirstOrThrow()
  return {
    all: total,
    active: Number(active),
    inactive: Number(inactive),
    portal_on: Number(portal.portal_on),
    locked: Number(portal.locked),
    invited: Number(portal.invited),
  }
}
