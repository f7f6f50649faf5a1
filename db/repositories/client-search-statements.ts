import { type RawBuilder, sql } from 'kysely'
import { dialectOf } from '../dialect/dialect'
import { type SummaryRow, rowsInOrder } from './client-rows'
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
    }
    if (ids.length >= ranked.enough) break
  }
  return ids
}

/**
 * The plan's clients, asked field by field (SQLite: in process, each question takes microseconds).
 * Exported, with `searchInOneStatement`, for build/scripts/measure-client-list.ts; callers use `searchRows`.
 */
export async function searchInSteps(db: Db, plan: SearchPlan): Promise<SummaryRow[]> {
  let ids = await idsInSteps(db, plan.first)
  if (ids.length === 0 && plan.otherwise) ids = await idsInSteps(db, plan.otherwise)
  return rowsInOrder(db, ids)
}

/**
 * Every question of `ranked` as one UNION ALL, each row with its question's rank, its place in
 * that question's order, and the plan's `enough`. `guard`, when given, must hold for any to be asked.
 */
function rankedUnion(ranked: RankedQueries, firstRank: number, guard?: RawBuilder<boolean>) {
  return sql.join(
    ranked.queries.map((q, i) => {
      const order = sql.join(q.order)
      return sql`(select ${idOf(q)} as id, ${sql.lit(firstRank + i)} as rank, row_number() over (order by ${order}) as pos, ${sql.lit(ranked.enough)} as enough
        from ${sql.table(q.from)} where ${q.where}${guard ? sql` and ${guard}` : sql``} order by ${order} limit ${ranked.perQuery})`
    }),
    sql` union all `,
  )
}

/**
 * The plan's clients in one statement, so one round trip to the server: the same answer as asking
 * in steps. Each question keeps its own limit; `otherwise` is guarded by "first found no one",
 * which the server checks once before touching its indexes. Then each client is kept at its first
 * (rank, place), and a question's clients are kept only if fewer than `enough` were found before
 * it, as the steps would have stopped there.
 */
export async function searchInOneStatement(db: Db, plan: SearchPlan): Promise<SummaryRow[]> {
  const otherwise = plan.otherwise
    ? sql`, other_hits as (${rankedUnion(plan.otherwise, plan.first.queries.length, sql<boolean>`not exists (select 1 from first_hits)`)})`
    : sql``
  const hits = plan.otherwise ? sql`select * from first_hits union all select * from other_hits` : sql`select * from first_hits`
  const { rows } = await sql<SummaryRow>`with first_hits as (${rankedUnion(plan.first, 0)})${otherwise},
    firsts as (select distinct on (id) id, rank, pos, enough from (${hits}) as hits order by id, rank, pos),
    counted as (select id, rank, pos, enough, count(*) over (order by rank) - count(*) over (partition by rank) as found_before from firsts),
    kept as (select id, rank, pos from counted where found_before < enough)
    select clients.*, portal_accounts.username as portal_username, portal_accounts.access_enabled as portal_enabled
    from kept join clients on clients.id = kept.id left join portal_accounts on portal_accounts.client_id = clients.id
    order by kept.rank, kept.pos`.execute(db)
  return rows
}

/** The clients a search plan finds, in relevance order, asked as this engine asks fastest. */
export function searchRows(db: Db, plan: SearchPlan): Promise<SummaryRow[]> {
  return dialectOf(db).searchInOneStatement ? searchInOneStatement(db, plan) : searchInSteps(db, plan)
}
