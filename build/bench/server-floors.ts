import pg from 'pg'
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

/** `%` and `_` typed by staff are literal characters; ASCII letters folded as the keys are. */
const caselessPrefix = (text: string) => `${text.replace(/[A-Z]+/g, (s) => s.toLowerCase()).replace(/[\\%_]/g, (c) => `\\${c}`)}%`
const PHONE_LIKE = /^[0-9+()\-. ]+$/

/** One field's prefix query, its rank in the relevance order, and its own order, limited. */
const branch = (rank: number, id: string, table: string, where: string, order: string, limit: number) =>
  `(select ${id} as id, ${rank} as f, row_number() over (order by ${order}) as n from ${table} where ${where} order by ${order} limit ${limit})`

/** Statement parameters as they are bound: each value once, named by its place. */
function binder() {
  const values: unknown[] = []
  return { values, bind: (value: unknown) => `$${values.push(value)}` }
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
  const prefix = bind(caselessPrefix(word))
  const like = (key: string, param: string) => `${key} like ${param} escape '\\'`
  const branches = [
    branch(1, 'id', 'clients', like(lower('last_name'), prefix), `${lower('last_name')}, ${lower('first_name')}, id`, limit),
    branch(2, 'id', 'clients', like(lower('first_name'), prefix), `${lower('first_name')}, ${lower('last_name')}, id`, limit),
    branch(3, 'id', 'clients', like(lower('preferred_name'), prefix), `${lower('preferred_name')}, id`, limit),
  ]
  if (withUsername) branches.push(branch(4, 'client_id', 'portal_accounts', like('(username_key collate "C")', prefix), '(username_key collate "C")', limit))
  branches.push(branch(5, 'id', 'clients', like(lower('email'), prefix), `${lower('email')}, id`, limit))
  if (withPhone) {
    const phone = bind(`${digits}%`)
    branches.push(branch(6, 'id', 'clients', like('(phone_digits collate "C")', phone), '(phone_digits collate "C"), id', limit))
    branches.push(branch(7, 'id', 'clients', like('(phone_tail collate "C")', phone), '(phone_tail collate "C"), id', limit))
  }
  return { branches, values, variant: `${+withUsername}${+withPhone}` }
}

/** Candidates from `branches`, each client once at its best rank, the first `enough`, with their rows. */
const ranked = (branches: string[], enough: number) => `with hits as (${branches.join(' union all ')}),
  ranked as (select id, min(f * 100 + n) as r from hits group by id order by r limit ${enough})
  select ${SUMMARY} from ranked join clients c on c.id = ranked.id left join portal_accounts p on p.client_id = c.id order by ranked.r`

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
  const rows = async (name: string, text: string, values: unknown[]) => (await client.query({ name, text, values })).rows

  /** One word in every field, ranked, with its rows: one statement per shape of word. */
  const prefixSearch = (word: string, perField: number, enough: number) => {
    const { branches, values, variant } = prefixBranches(word, perField)
    return { name: `floor_search_${perField}_${variant}`, text: ranked(branches, enough), values }
  }
  const search = (query: string) => {
    const q = prefixSearch(query.trim().toLowerCase(), ENOUGH, ENOUGH)
    return rows(q.name, q.text, q.values)
  }

  // Two words: the desk's four name-pair queries in one statement; if they find nobody, the first
  // word in every field (100 each, 300 in all), kept when a field starts with the second word.
  const pair = (rank: number, lead: string, other: string, exact: boolean) =>
    branch(rank, 'id', 'clients', `${lower(lead)} ${exact ? '= $1' : "like $3 escape '\\'"} and ${lower(other)} like $2 escape '\\'`, `${lower(lead)}, ${lower(other)}, id`, ENOUGH)
  const pairsText = ranked([pair(1, 'first_name', 'last_name', true), pair(2, 'last_name', 'first_name', true), pair(3, 'first_name', 'last_name', false), pair(4, 'last_name', 'first_name', false)], ENOUGH)
  const startsAWord = (value: unknown, word: string) => {
    if (typeof value !== 'string') return false
    const v = value.toLowerCase()
    return v.startsWith(word) || v.includes(` ${word}`) || v.includes(`-${word}`)
  }
  const fullName = async (query: string) => {
    const [first = '', second = ''] = query.trim().toLowerCase().split(/\s+/)
    const pairs = await rows('floor_full_name', pairsText, [first, caselessPrefix(second), caselessPrefix(first)])
    if (pairs.length > 0) return pairs
    const q = prefixSearch(first, 100, 300)
    const candidates = await rows(q.name, q.text, q.values)
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
    await explain('full name: the four name pairs', pairsText, ['mary', 'jon%', 'mary%']),
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
    close: () => client.end(),
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
