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

/**
 * The filter over the list's `clients` rows, in the shape that lets the planner walk the name
 * index and stop at a page: a status is a column of the row; a portal filter that holds for many
 * clients (on, invited) is an EXISTS on the client's own account, one primary-key probe per client.
 * Written as a condition on the left-joined account instead, SQLite read every account and sorted
 * them (0.7 s for a page at 1M clients). The subquery's `limit 1` keeps SQLite from turning it into
 * a join with a Bloom filter over every account (0.2–0.45 s a page). 'locked' holds for few, so it stays on the joined account,
 * where the planner starts from the lock index. The query must left-join `portal_accounts`.
 */
export function filterOnClient(filter: Narrowing, now: string): RawBuilder<boolean> {
  if (filter === 'active' || filter === 'inactive' || filter === 'locked') return filterOnRow(filter, now)
  return sql<boolean>`exists (select 1 from portal_accounts as fp where fp.client_id = ${sql.ref('clients.id')} and ${holds(filter, 'clients', 'fp', now)} limit 1)`
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

/** The counts the database keeps (migration 0011), and the few accounts locked now (from the lock index). */
interface KeptCounts {
  active: number
  inactive: number
  /** Accounts on and not locked now. */
  portalOn: number
  locked: number
  invited: number
  inactiveOn: number
}

const keptRow = (db: Db) => db.selectFrom('client_counts').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()

async function keptCounts(db: Db, now: string): Promise<KeptCounts> {
  const kept = await keptRow(db)
  const lockedNow = await db
    .selectFrom('portal_accounts')
    .select([sql<number>`count(*)`.as('locked'), sql<number>`coalesce(sum(case when access_enabled = 1 then 1 else 0 end), 0)`.as('on_locked')])
    .where('locked_until', '>', now)
    .where('username', 'is not', null)
    .executeTakeFirstOrThrow()
  return {
    active: Number(kept.active),
    inactive: Number(kept.inactive),
    portalOn: Number(kept.accounts_on) - Number(lockedNow.on_locked),
    locked: Number(lockedNow.locked),
    invited: Number(kept.invited),
    inactiveOn: Number(kept.inactive_on),
  }
}

/**
 * Every filter's count, and how many inactive clients still have access: the counts the database
 * keeps, less the accounts whose lock runs now (a locked account is not "portal on"). `total` is
 * every client.
 */
export async function countByFilter(db: Db, total: number, now: string): Promise<{ byFilter: ClientCounts; inactivePortalOn: number }> {
  const k = await keptCounts(db, now)
  return { byFilter: { all: total, active: k.active, inactive: k.inactive, portal_on: k.portalOn, locked: k.locked, invited: k.invited }, inactivePortalOn: k.inactiveOn }
}

/**
 * How many clients a filter shows: kept by the database (see countByFilter), All counted (one
 * index, remembered per list version). Counted through the join, 'active' read every account beside its client
 * (4.4 s at 1M clients).
 */
export async function filterTotal(db: Db, filter: ClientFilter, now: string): Promise<number> {
  // Every client row, even one whose status is garbled (it still shows in All, as a damaged row).
  if (filter === 'all') return Number((await db.selectFrom('clients').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)
  if (filter === 'active' || filter === 'inactive') return Number((await keptRow(db))[filter])
  const k = await keptCounts(db, now)
  return { active: k.active, inactive: k.inactive, portal_on: k.portalOn, locked: k.locked, invited: k.invited }[filter]
}
