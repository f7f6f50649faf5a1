import type SqliteDatabase from 'better-sqlite3'

/**
 * The floor: raw prepared statements answering the same questions as the handlers, with nothing
 * around them (no Kysely, no validation, no audit). The ratio of a handler to its floor is the cost
 * of everything Portico adds. Name order follows the collation of the name index the schema has,
 * so the floor is the best indexed query the file allows. A server's floors answer with promises
 * (server-floors.ts); a file's answer at once.
 */
export interface Floors {
  nameCollation: string
  /** The same question as the desk's search: every field's indexed prefix query, in relevance order. */
  search: (query: string) => unknown
  /** Two words, as a full name: the desk's pair lookups and bounded fallback, raw. */
  fullName: (query: string) => unknown
  /** Only the last-name prefix query: the issue's reference floor, printed beside the real one. */
  lastNameSearch: (pattern: string) => unknown
  profile: (clientId: number) => unknown
  toggle: (clientId: number, enabled: boolean) => unknown
  page: (after: NameCursor) => unknown
  explained: ExplainedFloor[]
}

export interface NameCursor {
  lastName: string
  firstName: string
  id: number
}

export interface ExplainedFloor {
  name: string
  sql: string
  plan: string[]
  /** What the plan does with clients (or portal_accounts): seek an index, walk all of one, or scan the table. */
  access: string
}

const SUMMARY = `c.id, c.first_name, c.last_name, c.preferred_name, c.email, c.phone, c.status,
  p.username as portal_username, p.access_enabled as portal_enabled`

/** `%` and `_` typed by staff are literal characters: the same escaping the app uses. */
export const prefixPattern = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** The collation of the index that orders clients by last name then first name, if there is one. */
function nameIndexCollation(sqlite: SqliteDatabase.Database): string | null {
  const indexes = sqlite.prepare(`select name from pragma_index_list('clients')`).pluck().all() as string[]
  for (const index of indexes) {
    const keys = (sqlite.prepare(`select name, coll from pragma_index_xinfo(?) where key = 1 order by seqno`).all(index) as { name: string; coll: string }[])
    if (keys[0]?.name === 'last_name' && keys[1]?.name === 'first_name') return keys[0].coll.toUpperCase()
  }
  return null
}

function explain(sqlite: SqliteDatabase.Database, name: string, sql: string, params: unknown[]): ExplainedFloor {
  const plan = (sqlite.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail)
  const first = plan[0] ?? ''
  const access = first.startsWith('SEARCH')
    ? 'seeks an index'
    : /^SCAN \w+ USING/.test(first)
      ? 'walks a whole index'
      : 'scans the whole table'
  const sorts = plan.some((line) => line.includes('TEMP B-TREE'))
  return { name, sql: sql.replace(/\s+/g, ' ').trim(), plan, access: sorts ? `${access}, then sorts` : access }
}

/** `order by` for the list's name order, in the collation of the file's name index. */
function nameOrder(sqlite: SqliteDatabase.Database): { found: string | null; c: string; order: string } {
  const found = nameIndexCollation(sqlite)
  const c = found && found !== 'BINARY' ? ` collate ${found.toLowerCase()}` : ''
  return { found, c, order: `order by c.last_name${c}, c.first_name${c}, c.id` }
}

/**
 * Every client's cursor in the list's name order, for picking page depths. PostgreSQL's caseless
 * order (lower() under "C") is the same order as SQLite's NOCASE, so one practice's cursors serve both.
 */
export function cursorsInListOrder(sqlite: SqliteDatabase.Database): IterableIterator<NameCursor> {
  return sqlite.prepare(`select c.last_name as lastName, c.first_name as firstName, c.id from clients c ${nameOrder(sqlite).order}`).iterate() as IterableIterator<NameCursor>
}

export function prepareFloors(sqlite: SqliteDatabase.Database): Floors {
  const { found, c, order } = nameOrder(sqlite)
  const sql = {
    search: `select ${SUMMARY} from clients c left join portal_accounts p on p.client_id = c.id
      where c.last_name like ? escape '\\' ${order} limit 50`,
    profile: `select c.*, p.username, p.access_enabled, p.invited_at, p.activated_at, p.last_sign_in_at, p.locked_until
      from clients c left join portal_accounts p on p.client_id = c.id where c.id = ?`,
    toggle: `update portal_accounts set access_enabled = ?, updated_at = ? where client_id = ?`,
    page: `select ${SUMMARY} from clients c left join portal_accounts p on p.client_id = c.id
      where (c.last_name, c.first_name, c.id) > (?${c}, ?${c}, ?) ${order} limit 50`,
  }
  const search = sqlite.prepare(sql.search)
  const allFields = prepareAllFieldSearch(sqlite)
  const profile = sqlite.prepare(sql.profile)
  const update = sqlite.prepare(sql.toggle)
  const page = sqlite.prepare(sql.page)
  const toggle = sqlite.transaction((clientId: number, enabled: boolean) => {
    update.run(enabled ? 1 : 0, new Date().toISOString(), clientId)
  })
  return {
    nameCollation: found ?? 'none (no index on last_name, first_name)',
    search: allFields.search,
    fullName: allFields.fullName,
    lastNameSearch: (pattern) => search.all(pattern),
    profile: (clientId) => profile.get(clientId),
    // IMMEDIATE, as the app's own write transactions are.
    toggle: (clientId, enabled) => toggle.immediate(clientId, enabled),
    page: (after) => page.all(after.lastName, after.firstName, after.id),
    explained: [
      explain(sqlite, 'search (last name only, reference)', sql.search, ['smi%']),
      ...allFields.explained,
      explain(sqlite, 'profile', sql.profile, [1]),
      explain(sqlite, 'toggle', sql.toggle, [1, '', 1]),
      explain(sqlite, 'page', sql.page, ['Smith', 'Mary', 1]),
    ],
  }
}

/**
 * The desk's search with nothing around it: for a one-word query, the same indexed prefix query per
 * field in the same relevance order (last name, first name, preferred name, username, email, phone
 * digits, last seven digits), stopping once 51 distinct clients are found, then one query for those
 * rows. What the handler adds on top (Kysely, validation, the dispatcher) is the ratio.
 */
function prepareAllFieldSearch(sqlite: SqliteDatabase.Database): {
  search: (query: string) => unknown[]
  fullName: (query: string) => unknown[]
  explained: ExplainedFloor[]
} {
  const explained: ExplainedFloor[] = []
  const field = (sql: string) => {
    const name = /where (\w+)/.exec(sql)![1]!
    explained.push(explain(sqlite, `search: ${name}`, sql, [name.endsWith('_key') || name.startsWith('phone') ? 'smi*' : 'smi%', 51]))
    return sqlite.prepare(sql).pluck()
  }
  const lastName = field(`select id from clients where last_name like ? escape '\\' order by last_name collate nocase, first_name collate nocase, id limit ?`)
  const firstName = field(`select id from clients where first_name like ? escape '\\' order by first_name collate nocase, last_name collate nocase, id limit ?`)
  const preferred = field(`select id from clients where preferred_name like ? escape '\\' limit ?`)
  const username = field(`select client_id from portal_accounts where username_key glob ? order by username_key limit ?`)
  const email = field(`select id from clients where email like ? escape '\\' limit ?`)
  const phoneDigits = field(`select id from clients where phone_digits glob ? limit ?`)
  const phoneTail = field(`select id from clients where phone_tail glob ? limit ?`)
  const rows = sqlite.prepare(`select ${SUMMARY} from clients c left join portal_accounts p on p.client_id = c.id
    where c.id in (select value from json_each(?))`)
  const ENOUGH = 51
  /** Ids of clients with a field starting with `word`, field by field, until `enough` are found. */
  const prefixIds = (word: string, perField: number, enough: number, into: { ids: number[]; seen: Set<number> }) => {
    const like = prefixPattern(word)
    const digits = word.replace(/\D/g, '')
    const steps: [SqliteDatabase.Statement, string][] = [[lastName, like], [firstName, like], [preferred, like]]
    if (/^[a-z0-9._@-]+$/.test(word)) steps.push([username, `${word}*`])
    steps.push([email, like])
    if (digits.length >= 3 && /^[0-9+()\-. ]+$/.test(word)) steps.push([phoneDigits, `${digits}*`], [phoneTail, `${digits}*`])
    for (const [statement, pattern] of steps) {
      for (const id of statement.all(pattern, perField) as number[]) {
        if (into.seen.has(id)) continue
        into.seen.add(id)
        into.ids.push(id)
      }
      if (into.ids.length >= enough) break
    }
  }
  const readRows = (ids: number[]) => {
    if (ids.length === 0) return []
    const byId = new Map((rows.all(JSON.stringify(ids)) as { id: number }[]).map((r) => [r.id, r]))
    return ids.flatMap((id) => byId.get(id) ?? [])
  }
  const search = (query: string) => {
    const found = { ids: [] as number[], seen: new Set<number>() }
    prefixIds(query.trim().toLowerCase(), ENOUGH, ENOUGH, found)
    return readRows(found.ids)
  }

  // Two words: first and last name in either order, on the two-column name indexes; then, if that
  // found nobody, up to 300 candidates for the first word in any field, kept when a
  // field starts with the second word. The desk's own order and limits.
  const pair = (sql: string) => sqlite.prepare(sql).pluck()
  const pairs = [
    pair(`select id from clients where first_name = ? collate nocase and last_name like ? escape '\\' order by first_name collate nocase, last_name collate nocase, id limit ?`),
    pair(`select id from clients where last_name = ? collate nocase and first_name like ? escape '\\' order by last_name collate nocase, first_name collate nocase, id limit ?`),
    pair(`select id from clients where first_name like ? escape '\\' and last_name like ? escape '\\' order by first_name collate nocase, last_name collate nocase, id limit ?`),
    pair(`select id from clients where last_name like ? escape '\\' and first_name like ? escape '\\' order by last_name collate nocase, first_name collate nocase, id limit ?`),
  ]
  explained.push(explain(sqlite, 'full name: first = ? and last like ?', (pairs[0]!.source), ['mary', 'jon%', 51]))
  const startsAWord = (value: unknown, word: string) => {
    if (typeof value !== 'string') return false
    const lower = value.toLowerCase()
    return lower.startsWith(word) || lower.includes(` ${word}`) || lower.includes(`-${word}`)
  }
  const fullName = (query: string) => {
    const [first = '', second = ''] = query.trim().toLowerCase().split(/\s+/)
    const found = { ids: [] as number[], seen: new Set<number>() }
    const args: [string, string][] = [[first, prefixPattern(second)], [first, prefixPattern(second)], [prefixPattern(first), prefixPattern(second)], [prefixPattern(first), prefixPattern(second)]]
    for (const [i, statement] of pairs.entries()) {
      for (const id of statement.all(args[i]![0], args[i]![1], ENOUGH) as number[]) {
        if (found.seen.has(id)) continue
        found.seen.add(id)
        found.ids.push(id)
      }
      if (found.ids.length >= ENOUGH) break
    }
    const pairCount = found.ids.length
    if (pairCount === 0) prefixIds(first, 100, 300, found)
    const matched = readRows(found.ids).filter((row, i) => {
      if (i < pairCount) return true
      const r = row as Record<string, unknown>
      return ['first_name', 'last_name', 'preferred_name', 'portal_username', 'email'].some((k) => startsAWord(r[k], second))
    })
    return matched.slice(0, ENOUGH)
  }
  return { search, fullName, explained }
}
