import pg from 'pg'
import { prefixUpperBound } from '../../db/dialect/postgres'
import type { ExplainedFloor, Floors, NameCursor } from './floors'

/**
 * The floor on PostgreSQL: raw `pg` prepared statements (named, so each is parsed and planned once
 * on its connection) answering the same questions as the handlers, on a connection of their own.
 * Each question is one statement, one round trip: search puts every field's indexed prefix query
 * in one statement, ranked in the desk's order of relevance, and reads the rows in the same trip.
 * Caseless keys are lower() under the "C" collation, as the schema's indexes hold them.
 */
const lower = (column: string) => `lower(${column} collate "C")`
const SUMMARY = `c.id, c.first_name, c.last_name, c.preferred_name, c.email, c.phone, c.status,
  p.username as portal_username, p.access_enabled as portal_enabled`
const NAME_ORDER = `${lower('c.last_name')}, ${lower('c.first_name')}, c.id`
const ENOUGH = 51

const PHONE_LIKE = /^[0-9+()\-. ]+$/

/** The summary's client columns, and the rank and place a branch gives each row. */
const CLIENT_COLUMNS = 'c.id, c.first_name, c.last_name, c.preferred_name, c.email, c.phone, c.status'

/** One field's prefix query, its rank in the relevance order, and its own order, limited: the clients' rows. */
const branch = (rank: number, from: string, where: string, order: string, limit: number) =>
  `(select ${CLIENT_COLUMNS}, ${rank} as f, row_number() over (order by ${order}) as n from ${from} where ${where} order by ${order} limit ${limit})`

/** Statement parameters as they are bound: each value once, named by its place. */
function binder() {
  const values: unknown[] = []
  return { values, bind: (value: unknown) => `$${values.push(value)}` }
}

/** `key` starts with the text, as a range of parameters (which a plan made once can seek an index with). */
function prefixRange(bind: (value: unknown) => string, text: string): (key: string) => string {
  const low = bind(text)
  const high = bind(prefixUpperBound(text))
  return (key) => `${key} >= ${low} and ${key} < ${high}`
}

/**
 * The desk's fields in its order of relevance, each its own indexed prefix query of `limit` rows;
 * usernames and phone digits only when the word could be one. `variant` names the statement's shape.
 */
function prefixBranches(word: string, limit: number): { branches: string[]; values: unknown[]; variant: string } {
  const { values, bind } = binder()
  const digits = word.replace(/\D/g, '')
  const withUsername = /^[a-z0-9._@-]+$/.test(word)
  const withPhone = digits.length >= 3 && PHONE_LIKE.test(word)
  const starts = prefixRange(bind, word.replace(/[A-Z]+/g, (s) => s.toLowerCase()))
  const branches = [
    branch(1, 'clients c', starts(lower('c.last_name')), `${lower('c.last_name')}, ${lower('c.first_name')}, c.id`, limit),
    branch(2, 'clients c', starts(lower('c.first_name')), `${lower('c.first_name')}, ${lower('c.last_name')}, c.id`, limit),
    branch(3, 'clients c', starts(lower('c.preferred_name')), `${lower('c.preferred_name')}, c.id`, limit),
  ]
  if (withUsername) branches.push(branch(4, 'portal_accounts a join clients c on c.id = a.client_id', starts('(a.username_key collate "C")'), '(a.username_key collate "C")', limit))
  branches.push(branch(5, 'clients c', starts(lower('c.email')), `${lower('c.email')}, c.id`, limit))
  if (withPhone) {
    const phone = prefixRange(bind, digits)
    branches.push(branch(6, 'clients c', phone('(c.phone_digits collate "C")'), '(c.phone_digits collate "C"), c.id', limit))
    branches.push(branch(7, 'clients c', phone('(c.phone_tail collate "C")'), '(c.phone_tail collate "C"), c.id', limit))
  }
  return { branches, values, variant: `${+withUsername}${+withPhone}` }
}

/**
 * Candidates from `branches` read through a limit of `enough` rows (the server runs the branches in
 * order and stops once the limit is met), each with its portal account looked up. Each client is
 * kept once, at its best rank, by the caller (`firstOfEach`).
 */
const ranked = (branches: string[], enough: number) => `select hits.*, p.username as portal_username, p.access_enabled as portal_enabled
  from (select * from (${branches.join(' union all ')}) as found limit ${enough}) as hits
  left join lateral (select username, access_enabled from portal_accounts where portal_accounts.client_id = hits.id limit 1) as p on true
  order by hits.f, hits.n`

/** Each client once, at its first row. */
function firstOfEach(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const seen = new Set<unknown>()
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id))
}

function explainAccess(plan: string[]): string {
  const text = plan.join('\n')
  const access = /Seq Scan on (clients|portal_accounts)/.test(text) ? 'scans a whole table' : /Index (Only )?Scan/.test(text) ? 'seeks indexes' : 'reads no index'
  return /\bSort\b/.test(text) ? `${access}, then sorts` : access
}

export interface ServerFloors extends Floors {
  /** Times `n` round trips of a prepared `select 1`: the least any statement costs from here. */
  roundTrips(n: number): Promise<number[]>
  close(): Promise<void>
}

/** Opens the floors' own connection to the working copy at `url` and prepares their statements. */
export async function prepareServerFloors(url: string): Promise<ServerFloors> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  // A prefix is a parameter of a prepared statement: a plan made once for every prefix cannot seek
  // an index on it (the planner would read the name index from its start, filtering). The desk's
  // statements are planned for their values each time; so are the floors'.
  await client.query('set plan_cache_mode = force_custom_plan')
  const rows = async (name: string, text: string, values: unknown[]) => (await client.query({ name, text, values })).rows
  // Search, as the desk asks it: its prefixes are ranges of parameters, planned once (a generic
  // plan) on a connection told to plan so.
  const searchClient = new pg.Client({ connectionString: url, options: '-c plan_cache_mode=force_generic_plan -c max_parallel_workers_per_gather=0' })
  await searchClient.connect()
  const generic = async (name: string, text: string, values: unknown[]) => (await searchClient.query({ name, text, values })).rows

  /** One word in every field, ranked, with its rows: one statement per shape of word. */
  const prefixSearch = (word: string, perField: number, enough: number) => {
    const { branches, values, variant } = prefixBranches(word, perField)
    return { name: `floor_search_${perField}_${variant}`, text: ranked(branches, enough), values }
  }
  const search = async (query: string) => {
    const q = prefixSearch(query.trim().toLowerCase(), ENOUGH, ENOUGH)
    return firstOfEach(await generic(q.name, q.text, q.values))
  }

  // Two words: the desk's four name-pair queries in one statement; if they find nobody, the first
  // word in every field (100 each, 300 in all), kept when a field starts with the second word.
  const pairs = (first: string, second: string) => {
    const { values, bind } = binder()
    const exact = bind(first)
    const firstStarts = prefixRange(bind, first)
    const secondStarts = prefixRange(bind, second)
    const pair = (rank: number, lead: string, other: string, isExact: boolean) =>
      branch(rank, 'clients c', `${isExact ? `${lower(lead)} = ${exact}` : firstStarts(lower(lead))} and ${secondStarts(lower(other))}`, `${lower(lead)}, ${lower(other)}, c.id`, ENOUGH)
    const text = ranked([pair(1, 'c.first_name', 'c.last_name', true), pair(2, 'c.last_name', 'c.first_name', true), pair(3, 'c.first_name', 'c.last_name', false), pair(4, 'c.last_name', 'c.first_name', false)], ENOUGH)
    return { text, values }
  }
  const startsAWord = (value: unknown, word: string) => {
    if (typeof value !== 'string') return false
    const v = value.toLowerCase()
    return v.startsWith(word) || v.includes(` ${word}`) || v.includes(`-${word}`)
  }
  const fullName = async (query: string) => {
    const [first = '', second = ''] = query.trim().toLowerCase().split(/\s+/)
    const pair = pairs(first, second)
    const found = firstOfEach(await generic('floor_full_name', pair.text, pair.values))
    if (found.length > 0) return found
    const q = prefixSearch(first, 100, 300)
    const candidates = firstOfEach(await generic(q.name, q.text, q.values))
    return candidates.filter((r) => ['first_name', 'last_name', 'preferred_name', 'portal_username', 'email'].some((k) => startsAWord(r[k], second))).slice(0, ENOUGH)
  }

  const sql = {
    lastName: `select ${SUMMARY} from clients c left join portal_accounts p on p.client_id = c.id where ${lower('c.last_name')} like $1 escape '\\' order by ${NAME_ORDER} limit 50`,
    profile: `select c.*, p.username, p.access_enabled, p.invited_at, p.activated_at, p.last_sign_in_at, p.locked_until
      from clients c left join portal_accounts p on p.client_id = c.id where c.id = $1`,
    toggle: `update portal_accounts set access_enabled = $1, updated_at = $2 where client_id = $3`,
    page: `select ${SUMMARY} from clients c left join portal_accounts p on p.client_id = c.id
      where (${NAME_ORDER}) > (${lower('$1::text')}, ${lower('$2::text')}, $3) order by ${NAME_ORDER} limit 50`,
  }
  const explain = async (name: string, text: string, values: unknown[]): Promise<ExplainedFloor> => {
    const plan = (await client.query<{ 'QUERY PLAN': string }>(`explain (costs off) ${text}`, values)).rows.map((r) => r['QUERY PLAN'])
    // The plan's nodes that read a table or sort, without the conditions: enough to see each index used.
    const nodes = plan.filter((line) => /Scan|Sort/.test(line) && !/^\s*(Sort Key|Presorted Key)/.test(line)).map((line) => line.replace(/^\s*(->\s*)?/, ''))
    return { name, sql: text.replace(/\s+/g, ' ').trim(), plan: nodes, access: explainAccess(plan) }
  }
  const explained = [
    await explain('search (last name only, reference)', sql.lastName, ['smi%']),
    await explain('search: one word, every field', prefixSearch('smi', ENOUGH, ENOUGH).text, prefixSearch('smi', ENOUGH, ENOUGH).values),
    await explain('search: phone digits', prefixSearch('555', ENOUGH, ENOUGH).text, prefixSearch('555', ENOUGH, ENOUGH).values),
    await explain('full name: the four name pairs', pairs('mary', 'jon').text, pairs('mary', 'jon').values),
    await explain('profile', sql.profile, [1]),
    await explain('toggle', sql.toggle, [1, '', 1]),
    await explain('page', sql.page, ['Smith', 'Mary', 1]),
  ]
  return {
    nameCollation: 'lower(… collate "C"), which folds ASCII letters only, as SQLite’s NOCASE',
    search,
    fullName,
    lastNameSearch: (pattern) => rows('floor_last_name', sql.lastName, [pattern]),
    profile: (clientId) => rows('floor_profile', sql.profile, [clientId]),
    // One statement is its own transaction: committed, and waited for, as the app's writes are.
    toggle: (clientId, enabled) => rows('floor_toggle', sql.toggle, [enabled ? 1 : 0, new Date().toISOString(), clientId]),
    page: (after: NameCursor) => rows('floor_page', sql.page, [after.lastName, after.firstName, after.id]),
    explained,
    async roundTrips(n) {
      const times: number[] = []
      for (let i = 0; i < n; i++) {
        const started = performance.now()
        await client.query({ name: 'floor_round_trip', text: 'select 1' })
        times.push(performance.now() - started)
      }
      return times
    },
    close: async () => {
      await Promise.all([client.end(), searchClient.end()])
    },
  }
}

/** The indexes on clients, as the server describes them. */
export async function serverClientIndexes(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<{ def: string }>(`select indexdef as def from pg_indexes where tablename = 'clients' order by indexname`)).rows.map((r) => r.def)
  } finally {
    await client.end()
  }
}
