import type { ClientPage } from '../../shared/dto'
import { type PorticoDialect, dialectOf } from '../dialect/dialect'
import { type SummaryRow, clientRowToSummary, isUnreadable } from './client-rows'
import { phoneDigitKeys } from '../../shared/phone'
import { PHONE_LIKE, type RankedQueries, type SearchPlan, namePairQueries, prefixQueries } from './client-search-plan'
import { searchRows } from './client-search-statements'
import { type Narrowing, filterOnId } from './client-filters'
import type { ClientFilter } from '../../shared/client-filter'
import { sql } from 'kysely'
import type { Db } from './clients.repository'

/**
 * The words of a search, lower-cased. A phone typed as the desk shows it, "(555) 236-4843" or
 * "555 236 4843", is one phone number.
 */
export function searchWords(query: string): string[] {
  const trimmed = query.trim().toLowerCase()
  const phone = PHONE_LIKE.test(trimmed) && trimmed.replace(/\D/g, '').length >= 3
  return phone ? [trimmed.replace(/\s+/g, '')] : trimmed.split(/\s+/).filter(Boolean).slice(0, 8)
}

/** A word matches a field at its start or at the start of any word inside it ("Mary-Jane", "van Dijk"). */
const startsWith = (value: string | null, word: string) => {
  if (value === null) return false
  const lower = value.toLowerCase()
  return lower.startsWith(word) || lower.includes(` ${word}`) || lower.includes(`-${word}`)
}
function matchesWord(row: SummaryRow, word: string, country: string): boolean {
  const digits = word.replace(/\D/g, '')
  const phone = digits.length >= 3 && PHONE_LIKE.test(word)
  return (
    startsWith(row.first_name, word) ||
    startsWith(row.last_name, word) ||
    startsWith(row.preferred_name, word) ||
    startsWith(row.portal_username, word) ||
    startsWith(row.email, word) ||
    (phone && (phoneDigitKeys(word, country).some((key) => startsWith(row.phone_digits, key)) || startsWith(row.phone_tail, digits)))
  )
}

/**
 * What a search asks for `words` (the first drives the lookup). One word: that word's prefix in
 * every field. Two or more: a full name (either order); failing that, a bounded look at the first
 * word in every field, at most 300 candidates (a name with a phone, email or username, say), so a
 * search never holds main for long at a million clients.
 */
export function searchPlan(d: PorticoDialect, words: [string, ...string[]], limit: number, country = ''): SearchPlan {
  const [driver, second] = words
  const byPrefix = { queries: prefixQueries(d, driver, country), perQuery: limit + 1, enough: limit + 1 }
  if (second === undefined) return { first: byPrefix }
  return {
    first: { queries: namePairQueries(d, driver, second), perQuery: limit + 1, enough: limit + 1 },
    otherwise: { queries: prefixQueries(d, driver, country), perQuery: 100, enough: 300 },
  }
}

/** Each of the plan's questions asks only for clients the filter holds for. */
function narrowedPlan(plan: SearchPlan, filter: Narrowing, now: string): SearchPlan {
  const narrow = (ranked: RankedQueries): RankedQueries => ({
    ...ranked,
    queries: ranked.queries.map((q) => {
      const id = q.from === 'clients' ? sql.ref('clients.id') : sql.ref('portal_accounts.client_id')
      return { ...q, where: sql<boolean>`${q.where} and ${filterOnId(filter, now, id)}` }
    }),
  })
  return { first: narrow(plan.first), ...(plan.otherwise ? { otherwise: narrow(plan.otherwise) } : {}) }
}

/**
 * Type-ahead search that stays fast at a million clients: every field is searched by prefix with
 * its own index (no `%q%` scans), the first word drives the lookup (names are typed from their
 * start), and every other word must start a word in one of the client's fields too ("ava ngu"
 * finds Ava Nguyen); a phone number is found however it is typed, read for the practice's
 * `country`. Results come in relevance order (last-name matches first); `hasMore` says there are
 * more than `limit`. A filter narrows every question, so its matches are found by the same
 * indexes however few of them there are.
 */
export async function searchClients(db: Db, words: [string, ...string[]], limit: number, filter: ClientFilter = 'all', country = ''): Promise<ClientPage> {
  const plan = searchPlan(dialectOf(db), words, limit, country)
  const rows = await searchRows(db, filter === 'all' ? plan : narrowedPlan(plan, filter, new Date().toISOString()))
  const others = words.slice(1)
  // An unreadable row can't be checked against the other words: it is shown (as damaged) rather than hidden.
  const matched = others.length === 0 ? rows : rows.filter((row) => isUnreadable(row) || others.every((w) => matchesWord(row, w, country)))
  const items = matched.slice(0, limit).map(clientRowToSummary)
  return { items, total: items.length, hasMore: matched.length > limit }
}
