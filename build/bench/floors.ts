import type SqliteDatabase from 'better-sqlite3'

/**
 * The floor: raw prepared statements answering the same questions as the handlers, with nothing
 * around them (no Kysely, no validation, no audit). The ratio of a handler to its floor is the cost
 * of everything Portico adds. Name order follows the collation of the name index the schema has,
 * so the floor is the best indexed query the file allows.
 */
export interface Floors {
  nameCollation: string
  search: (pattern: string) => unknown[]
  profile: (clientId: number) => unknown
  toggle: (clientId: number, enabled: boolean) => void
  page: (after: NameCursor) => unknown[]
  /** Every row's cursor in list order, for picking page depths. */
  cursors: () => IterableIterator<NameCursor>
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

export function prepareFloors(sqlite: SqliteDatabase.Database): Floors {
  const found = nameIndexCollation(sqlite)
  const c = found && found !== 'BINARY' ? ` collate ${found.toLowerCase()}` : ''
  const order = `order by c.last_name${c}, c.first_name${c}, c.id`
  const sql = {
    search: `select ${SUMMARY} from clients c left join portal_accounts p on p.client_id = c.id
      where c.last_name like ? escape '\\' ${order} limit 50`,
    profile: `select c.*, p.username, p.access_enabled, p.invited_at, p.activated_at, p.last_sign_in_at, p.locked_until
      from clients c left join portal_accounts p on p.client_id = c.id where c.id = ?`,
    toggle: `update portal_accounts set access_enabled = ?, updated_at = ? where client_id = ?`,
    page: `select ${SUMMARY} from clients c left join portal_accounts p on p.client_id = c.id
      where (c.last_name, c.first_name, c.id) > (?${c}, ?${c}, ?) ${order} limit 50`,
    cursors: `select c.last_name as lastName, c.first_name as firstName, c.id from clients c ${order}`,
  }
  const search = sqlite.prepare(sql.search)
  const profile = sqlite.prepare(sql.profile)
  const update = sqlite.prepare(sql.toggle)
  const page = sqlite.prepare(sql.page)
  const cursors = sqlite.prepare(sql.cursors)
  const toggle = sqlite.transaction((clientId: number, enabled: boolean) => {
    update.run(enabled ? 1 : 0, new Date().toISOString(), clientId)
  })
  return {
    nameCollation: found ?? 'none (no index on last_name, first_name)',
    search: (pattern) => search.all(pattern),
    profile: (clientId) => profile.get(clientId),
    // IMMEDIATE, as the app's own write transactions are.
    toggle: (clientId, enabled) => toggle.immediate(clientId, enabled),
    page: (after) => page.all(after.lastName, after.firstName, after.id),
    cursors: () => cursors.iterate() as IterableIterator<NameCursor>,
    explained: [
      explain(sqlite, 'search', sql.search, ['smi%']),
      explain(sqlite, 'profile', sql.profile, [1]),
      explain(sqlite, 'toggle', sql.toggle, [1, '', 1]),
      explain(sqlite, 'page', sql.page, ['Smith', 'Mary', 1]),
    ],
  }
}
