import { type RawBuilder, sql } from 'kysely'
import { dialectOf } from '../dialect/dialect'
import { databaseFault } from '../dialect/faults'
import { type SummaryRow, type UnreadableRow, rowsInOrder } from './client-rows'
import type { FieldQuery, RankedQueries, SearchPlan } from './client-search-plan'
import type { Db } from './clients.repository'

const idOf = (q: FieldQuery) => (q.from === 'clients' ? sql.ref('clients.id') : sql.ref('portal_accounts.client_id'))

/** Asks the questions one by one, stopping once there are enough: cheapest where each question costs no round trip. */
async function idsInSteps(db: Db, ranked: RankedQueries): Promise<number[]> {
  const ids: number[] = []
  const seen = new Set<number>()
  for (const q of ranked.queries) {
    const { rows } = await sql<{ id: number }>`select ${idOf(q)} as id from ${sql.table(q.from)} where ${q.where}
      order by ${sql.join(q.order)} limit ${ranked.perQuery}`.execute(db)
    for (const { id } of rows) {
      if (seen.has(id)) continue
      seen.add(id)
      ids.push(id)
      if (ids.length === ranked.enough) return ids
    }
  }
  return ids
}

/**
 * The plan's clients, asked field by field (SQLite: in process, each question takes microseconds).
 * Exported, with `searchInOneStatement`, for build/scripts/measure-client-list.ts; callers use `searchRows`.
 */
export async function searchInSteps(db: Db, plan: SearchPlan): Promise<(SummaryRow | UnreadableRow)[]> {
  let ids = await idsInSteps(db, plan.first)
  if (ids.length === 0 && plan.otherwise) ids = await idsInSteps(db, plan.otherwise)
  return rowsInOrder(db, ids)
}

/** One question's rows as the one statement reads them: its rank, the row's place in its order. */
type RankedRow = SummaryRow & { rank: number; pos: number }

/** A question's clients' rows: the clients table, or the portal accounts with their clients. */
const rowsFrom = (q: FieldQuery) => (q.from === 'clients' ? sql`clients` : sql`portal_accounts join clients on clients.id = portal_accounts.client_id`)

/**
 * Every question of `ranked` as one UNION ALL of its clients' rows, each with its question's rank
 * and its place in that question's order. `guard`, when given, must hold for any to be asked.
 * Limits are literals: a plan made once must know them (see `plannedOnce`).
 */
function rankedUnion(ranked: RankedQueries, firstRank: number, guard?: RawBuilder<boolean>) {
  return sql.join(
    ranked.queries.map((q, i) => {
      const order = sql.join(q.order)
      return sql`(select clients.*, ${sql.lit(firstRank + i)} as rank, row_number() over (order by ${order}) as pos
        from ${rowsFrom(q)} where ${q.where}${guard ? sql` and ${guard}` : sql``} order by ${order} limit ${sql.lit(ranked.perQuery)})`
    }),
    sql` union all `,
  )
}

/** The first `enough` clients of rows in (rank, place) order, each at its first place. */
function firstClients(rows: RankedRow[], enough: number): SummaryRow[] {
  const seen = new Set<number>()
  const kept: SummaryRow[] = []
  for (const { rank: _rank, pos: _pos, ...row } of rows) {
    if (seen.has(row.id)) continue
    seen.add(row.id)
    kept.push(row)
    if (kept.length === enough) break
  }
  return kept
}

/**
 * The plan's clients in one statement, so one round trip to the server: the same answer as asking
 * in steps. The questions are one UNION ALL read through a limit of `enough` rows: the server runs
 * a UNION ALL's branches in order and stops pulling once the limit is met, so a question is asked
 * only if the ones before it found fewer (the desk's connections never plan in parallel, see
 * connection-postgres.ts). `otherwise` is guarded by "first found no one", which the server checks
 * once before touching its indexes. Only when the same client came back from two questions and
 * left the limit short is the statement asked again without it. Planned once per connection: its
 * prefixes are ranges of parameters, and planning it would take longer than running it.
 */
export async function searchInOneStatement(db: Db, plan: SearchPlan): Promise<SummaryRow[]> {
  const firstCount = plan.first.queries.length
  const hits = plan.otherwise
    ? sql`with first_hits as (${rankedUnion(plan.first, 0)})
      select * from first_hits union all ${rankedUnion(plan.otherwise, firstCount, sql<boolean>`not exists (select 1 from first_hits)`)}`
    : rankedUnion(plan.first, 0)
  const ask = async (limit: number | null) => {
    // Each client's portal account is looked up per client found (LATERAL … LIMIT 1 is never
    // flattened into a join the planner could answer by reading the whole table), so the limit
    // above bounds every read.
    const statement = sql<RankedRow>`select hits.*, account.username as portal_username, account.access_enabled as portal_enabled,
        account.invited_at as portal_invited_at, account.locked_until as portal_locked_until
      from (select * from (${hits}) as found${limit === null ? sql`` : sql` limit ${sql.lit(limit)}`}) as hits
      left join lateral (select username, access_enabled, invited_at, locked_until from portal_accounts where portal_accounts.client_id = hits.id limit 1) as account on true
      order by hits.rank, hits.pos`
    const { rows } = await dialectOf(db).plannedOnce(statement).execute(db)
    const fromFirst = rows.length === 0 || Number(rows[0]!.rank) < firstCount
    const enough = fromFirst || !plan.otherwise ? plan.first.enough : plan.otherwise.enough
    return { rows, clients: firstClients(rows, enough), enough }
  }
  const limit = Math.max(plan.first.enough, plan.otherwise?.enough ?? 0)
  const read = await ask(limit)
  if (read.rows.length < limit || read.clients.length === read.enough) return read.clients
  return (await ask(null)).clients
}

/** The clients a search plan finds, in relevance order, asked as this engine asks fastest. */
export async function searchRows(db: Db, plan: SearchPlan): Promise<(SummaryRow | UnreadableRow)[]> {
  if (!dialectOf(db).searchInOneStatement) return searchInSteps(db, plan)
  try {
    return await searchInOneStatement(db, plan)
  } catch (error) {
    // A damaged part of the database under one of the clients found: asked in steps, which reads
    // the ids from the indexes and the rows one by one when it must.
    if (databaseFault(error) !== 'damaged') throw error
    return searchInSteps(db, plan)
  }
}
