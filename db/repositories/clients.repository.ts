import { type Kysely, type Transaction, sql } from 'kysely'
import type { ClientFields } from '../../shared/client-input'
import type { ClientPage, ClientStatus, ClientSummary } from '../../shared/dto'
import { type PorticoDialect, dialectOf } from '../dialect/dialect'
import type { ClientRow, Database } from '../schema'

export type Db = Kysely<Database> | Transaction<Database>

type SummaryRow = ClientRow & { portal_username: string | null; portal_enabled: number | null }

/** The one place a client row becomes a DTO: no snake_case crosses IPC. */
export function clientRowToSummary(row: SummaryRow): ClientSummary {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    preferredName: row.preferred_name,
    email: row.email,
    phone: row.phone,
    status: row.status,
    portalUsername: row.portal_username,
    portalEnabled: row.portal_enabled === 1,
  }
}

function summaries(db: Db) {
  return db
    .selectFrom('clients')
    .leftJoin('portal_accounts', 'portal_accounts.client_id', 'clients.id')
    .selectAll('clients')
    .select(['portal_accounts.username as portal_username', 'portal_accounts.access_enabled as portal_enabled'])
}

const PHONE_LIKE = /^[0-9+()\-. ]+$/

/** The phone's digits, and its last seven, stored beside it so a phone search can use an index. */
export function phoneSearchKeys(phone: string | null): { phone_digits: string | null; phone_tail: string | null } {
  const digits = phone?.replace(/\D/g, '') ?? ''
  return digits ? { phone_digits: digits, phone_tail: digits.slice(-7) } : { phone_digits: null, phone_tail: null }
}

/** Cursor for keyset paging through the list in name order. */
export interface ListCursor {
  lastName: string
  firstName: string
  id: number
}

let totals = new WeakMap<object, { n: number; at: number }>()
/** How long a count is trusted: other desks and imports add clients without telling this process. */
const TOTAL_TTL_MS = 30_000
/**
 * The number of clients. Counting a million rows takes tens of milliseconds, so it is cached per
 * open database, dropped by inserts made here, and recounted at most every 30 s.
 */
async function totalClients(db: Db): Promise<number> {
  const cached = totals.get(db)
  if (cached && Date.now() - cached.at < TOTAL_TTL_MS) return cached.n
  const { n } = await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  totals.set(db, { n: Number(n), at: Date.now() })
  return Number(n)
}
/**
 * A new client (or an import, the demo practice, a renamed client) changes the count or the order:
 * forget every cached count, and let the position index be rebuilt.
 */
export function forgetClientTotal(): void {
  totals = new WeakMap()
  listGeneration += 1
}

/**
 * Every MARK_EVERY-th client's place in name order, so the list can open at any position without
 * OFFSET: a page from any position reads at most MARK_EVERY - 1 rows more than it shows.
 */
const MARK_EVERY = 64
/** Rows read per step while building the index: a few milliseconds each, so main never stalls for a frame. */
const BUILD_STEP = 8_192
let listGeneration = 0
interface PositionIndex {
  /** marks[k] is the row just before position k × MARK_EVERY (none for k = 0). */
  marks: ListCursor[]
  generation: number
  builtAt: number
}
const positionIndexes = new WeakMap<object, { index?: PositionIndex; building?: Promise<PositionIndex> }>()

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** How the newest position index was built: for the benchmark's report. */
export interface PositionIndexBuild {
  clients: number
  marks: number
  steps: number
  totalMs: number
  longestStepMs: number
}
let lastBuild: PositionIndexBuild | null = null
export const lastPositionIndexBuild = (): PositionIndexBuild | null => lastBuild

async function buildPositionIndex(db: Db): Promise<PositionIndex> {
  const d = dialectOf(db)
  const generation = listGeneration
  const marks: ListCursor[] = []
  let after: ListCursor | undefined
  let position = 0
  const build = { clients: 0, marks: 0, steps: 0, totalMs: 0, longestStepMs: 0 }
  for (;;) {
    const stepStarted = performance.now()
    let q = db.selectFrom('clients').select(['last_name', 'first_name', 'id'])
    if (after) q = q.where(afterCursor(d, after))
    const rows = await q.orderBy(d.caseless(sql.ref('last_name'))).orderBy(d.caseless(sql.ref('first_name'))).orderBy('id').limit(BUILD_STEP).execute()
    for (const row of rows) {
      position += 1
      if (position % MARK_EVERY === 0) marks.push({ lastName: row.last_name, firstName: row.first_name, id: row.id })
    }
    const stepMs = performance.now() - stepStarted
    build.steps += 1
    build.totalMs += stepMs
    build.longestStepMs = Math.max(build.longestStepMs, stepMs)
    const last = rows.at(-1)
    if (!last || rows.length < BUILD_STEP) break
    after = { lastName: last.last_name, firstName: last.first_name, id: last.id }
    await nextTurn()
  }
  lastBuild = { ...build, clients: position, marks: marks.length }
  return { marks, generation, builtAt: Date.now() }
}

/**
 * The position index for this database. The first call builds it (in small steps, at a million
 * clients about 120 of them), and so does the first call after a client is added or renamed here.
 * One older than the count's 30 s still answers while a fresh one is built.
 */
async function positionIndex(db: Db): Promise<PositionIndex> {
  let entry = positionIndexes.get(db)
  if (!entry) positionIndexes.set(db, (entry = {}))
  const state = entry
  const rebuild = () =>
    (state.building ??= buildPositionIndex(db).then(
      (index) => ((state.index = index), (state.building = undefined), index),
      (error: unknown) => {
        state.building = undefined
        throw error
      },
    ))
  const current = state.index
  // A client added or renamed here: the old marks would answer every deep position a row off, so
  // wait for the new ones (in steps; the event loop stays free).
  if (!current || current.generation !== listGeneration) return rebuild()
  // Only age (other desks' changes, which this process can't see) lets the old index answer meanwhile.
  if (Date.now() - current.builtAt > TOTAL_TTL_MS) void rebuild().catch(() => undefined)
  return current
}

/** Rows strictly after a cursor, in name order. */
function afterCursor(d: PorticoDialect, after: ListCursor) {
  const [last, first] = [d.caseless(sql.ref('clients.last_name')), d.caseless(sql.ref('clients.first_name'))]
  const [lastName, firstName] = [d.caselessValue(after.lastName), d.caselessValue(after.firstName)]
  return sql<boolean>`${last} >= ${lastName} and (${last} > ${lastName}
        or ${first} > ${firstName}
        or (${first} = ${firstName} and clients.id > ${after.id}))`
}

/** One page of the whole list from a position: the nearest mark at or before it, then a short keyset read. */
async function listAt(db: Db, at: number, limit: number): Promise<ClientPage> {
  // The top of the list needs no index: answer at once, and build the index for deeper positions.
  if (at < MARK_EVERY) void positionIndex(db).catch(() => undefined)
  const { marks } = at < MARK_EVERY ? { marks: [] } : await positionIndex(db)
  const k = Math.min(Math.floor(at / MARK_EVERY), marks.length)
  const skip = at - k * MARK_EVERY
  const rows = skip > MARK_EVERY * 2 ? [] : await listPage(db, skip + limit + 1, k === 0 ? undefined : marks[k - 1])
  return { items: rows.slice(skip, skip + limit).map(clientRowToSummary), total: await totalClients(db), hasMore: rows.length > skip + limit }
}

/** One page of the whole list in name order, after a cursor: never OFFSET, so every depth costs the same. */
async function listPage(db: Db, limit: number, after: ListCursor | undefined) {
  const d = dialectOf(db)
  let q = summaries(db)
  if (after) q = q.where(afterCursor(d, after))
  return q.orderBy(d.caseless(sql.ref('clients.last_name'))).orderBy(d.caseless(sql.ref('clients.first_name'))).orderBy('clients.id').limit(limit).execute()
}

/** An indexed query returning client ids, not yet limited. */
type IdQuery = { limit: (n: number) => { execute: () => Promise<{ id: number }[]> } }

/**
 * Runs `queries` in order (their order is the relevance order), each limited to `perQuery`, keeping
 * each id once, and stops once there are `enough`: later queries can't rank higher.
 */
async function collectIds(queries: IdQuery[], perQuery: number, enough: number): Promise<number[]> {
  const ids: number[] = []
  const seen = new Set<number>()
  for (const q of queries) {
    for (const { id } of await q.limit(perQuery).execute()) {
      if (seen.has(id)) continue
      seen.add(id)
      ids.push(id)
    }
    if (ids.length >= enough) break
  }
  return ids
}

/**
 * Ids of clients whose fields start with `word`, one indexed prefix query per field, in this order
 * of relevance: last name, first name, preferred name, portal username, email, phone.
 */
async function prefixMatches(db: Db, word: string, perField: number, enough: number): Promise<number[]> {
  const d = dialectOf(db)
  const digits = word.replace(/\D/g, '')
  const [last, first, preferred, email] = (['last_name', 'first_name', 'preferred_name', 'email'] as const).map((c) => sql.ref(c))
  const queries: IdQuery[] = [
    db.selectFrom('clients').select('id').where(d.startsWithCaseless(last!, word)).orderBy(d.caseless(last!)).orderBy(d.caseless(first!)).orderBy('id'),
    db.selectFrom('clients').select('id').where(d.startsWithCaseless(first!, word)).orderBy(d.caseless(first!)).orderBy(d.caseless(last!)).orderBy('id'),
    db.selectFrom('clients').select('id').where(d.startsWithCaseless(preferred!, word)).orderBy(d.caseless(preferred!)).orderBy('id'),
    db.selectFrom('clients').select('id').where(d.startsWithCaseless(email!, word)).orderBy(d.caseless(email!)).orderBy('id'),
  ]
  // Usernames (stored lower-case) and phone digits have binary indexes: a case-sensitive prefix
  // can use them where a case-insensitive one would read the whole index.
  if (/^[a-z0-9._@-]+$/.test(word)) {
    queries.splice(3, 0, db.selectFrom('portal_accounts').select('client_id as id').where(d.startsWith(sql.ref('username_key'), word)).orderBy('username_key'))
  }
  if (digits.length >= 3 && PHONE_LIKE.test(word)) {
    queries.push(db.selectFrom('clients').select('id').where(d.startsWith(sql.ref('phone_digits'), digits)).orderBy('phone_digits').orderBy('id'))
    queries.push(db.selectFrom('clients').select('id').where(d.startsWith(sql.ref('phone_tail'), digits)).orderBy('phone_tail').orderBy('id'))
  }
  return collectIds(queries, perField, enough)
}

/**
 * Ids of clients named by two words, first and last name in either order ("mary jones",
 * "jones mary"). Each query seeks the two-column name index: an exact first word narrows the index
 * to one name and the second word is a prefix within it; then both words as prefixes. Without
 * this, a common first word fills its share of candidates long before the right last names.
 */
async function namePairMatches(db: Db, first: string, second: string, limit: number): Promise<number[]> {
  const d = dialectOf(db)
  const byName = (lead: 'first_name' | 'last_name', exact: boolean): IdQuery => {
    const [one, other] = [sql.ref(lead), sql.ref(lead === 'first_name' ? 'last_name' : 'first_name')]
    return db
      .selectFrom('clients')
      .select('id')
      .where(exact ? sql<boolean>`${d.caseless(one)} = ${d.caselessValue(first)}` : d.startsWithCaseless(one, first))
      .where(d.startsWithCaseless(other, second))
      .orderBy(d.caseless(one))
      .orderBy(d.caseless(other))
      .orderBy('id')
  }
  return collectIds([byName('first_name', true), byName('last_name', true), byName('first_name', false), byName('last_name', false)], limit, limit)
}

/** A word matches a field at its start or at the start of any word inside it ("Mary-Jane", "van Dijk"). */
const startsWith = (value: string | null, word: string) => {
  if (value === null) return false
  const lower = value.toLowerCase()
  return lower.startsWith(word) || lower.includes(` ${word}`) || lower.includes(`-${word}`)
}
function matchesWord(row: SummaryRow, word: string): boolean {
  const digits = word.replace(/\D/g, '')
  return (
    startsWith(row.first_name, word) ||
    startsWith(row.last_name, word) ||
    startsWith(row.preferred_name, word) ||
    startsWith(row.portal_username, word) ||
    startsWith(row.email, word) ||
    (digits.length >= 3 && PHONE_LIKE.test(word) && (startsWith(row.phone_digits, digits) || startsWith(row.phone_tail, digits)))
  )
}

/**
 * Type-ahead search that stays fast at a million clients: every field is searched by prefix with
 * its own index (no `%q%` scans), the first word drives the lookup (names are typed from their
 * start), and every other word must start a word in one of the client's fields too ("ava ngu"
 * finds Ava Nguyen). Results come in relevance
 * order (last-name matches first); `hasMore` says there are more than `limit`.
 * An empty query pages through everyone in name order with a keyset cursor.
 */
export async function listClients(db: Db, params: { query: string; limit: number; after?: ListCursor; at?: number }): Promise<ClientPage> {
  const trimmed = params.query.trim().toLowerCase()
  // A phone typed as the desk shows it, "(555) 236-4843" or "555 236 4843", is one phone number.
  const phone = PHONE_LIKE.test(trimmed) && trimmed.replace(/\D/g, '').length >= 3
  const words = phone ? [trimmed.replace(/\s+/g, '')] : trimmed.split(/\s+/).filter(Boolean).slice(0, 8)
  if (words.length === 0 && params.at !== undefined) return listAt(db, params.at, params.limit)
  if (words.length === 0) {
    const rows = await listPage(db, params.limit + 1, params.after)
    return { items: rows.slice(0, params.limit).map(clientRowToSummary), total: await totalClients(db), hasMore: rows.length > params.limit }
  }
  const [driver, ...others] = words as [string, ...string[]]
  if (others.length === 0) {
    const ids = await prefixMatches(db, driver, params.limit + 1, params.limit + 1)
    const rows = await rowsInOrder(db, ids)
    const items = rows.slice(0, params.limit).map(clientRowToSummary)
    return { items, total: items.length, hasMore: rows.length > params.limit }
  }
  // Two or more words: a full name (either order); failing that, the first word in any field with
  // every other word starting a word somewhere in the client's fields.
  const pairs = await namePairMatches(db, driver, others[0]!, params.limit + 1)
  // Not a name (a name with a phone, email or username, say): a bounded look at the first word in
  // every field, at most 300 candidates, so a search never holds main for long at a million clients.
  const ids = pairs.length > 0 ? [] : await prefixMatches(db, driver, 100, 300)
  const candidates = [...new Set([...pairs, ...ids])]
  const matched = (await rowsInOrder(db, candidates)).filter((row) => others.every((w) => matchesWord(row, w)))
  const items = matched.slice(0, params.limit).map(clientRowToSummary)
  return { items, total: items.length, hasMore: matched.length > params.limit }
}

/** The summary rows for these ids, in the order given. */
async function rowsInOrder(db: Db, ids: number[]): Promise<SummaryRow[]> {
  if (ids.length === 0) return []
  const rows = await summaries(db).where('clients.id', 'in', ids).execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

export async function findClientRow(db: Db, clientId: number): Promise<SummaryRow | undefined> {
  return summaries(db).where('clients.id', '=', clientId).executeTakeFirst()
}

export async function insertClient(db: Db, fields: ClientFields, now: string): Promise<number> {
  const { id } = await db
    .insertInto('clients')
    .values({
      first_name: fields.firstName,
      last_name: fields.lastName,
      preferred_name: fields.preferredName,
      date_of_birth: fields.dateOfBirth,
      email: fields.email,
      phone: fields.phone,
      ...phoneSearchKeys(fields.phone),
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  forgetClientTotal()
  return id
}

/** Returns the names of the fields that changed (never their values), or null if no such client. */
export async function updateClientFields(
  db: Db,
  clientId: number,
  fields: ClientFields,
  now: string,
): Promise<(keyof ClientFields)[] | null> {
  const before = await db.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirst()
  if (!before) return null
  const next = {
    first_name: fields.firstName,
    last_name: fields.lastName,
    preferred_name: fields.preferredName,
    date_of_birth: fields.dateOfBirth,
    email: fields.email,
    phone: fields.phone,
  }
  const names: Record<keyof typeof next, keyof ClientFields> = {
    first_name: 'firstName',
    last_name: 'lastName',
    preferred_name: 'preferredName',
    date_of_birth: 'dateOfBirth',
    email: 'email',
    phone: 'phone',
  }
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => before[k] !== next[k]).map((k) => names[k])
  if (changed.includes('firstName') || changed.includes('lastName')) forgetClientTotal()
  if (changed.length > 0) {
    await db.updateTable('clients').set({ ...next, ...phoneSearchKeys(next.phone), updated_at: now }).where('id', '=', clientId).execute()
  }
  return changed
}

/** Returns false when there is no such client. */
export async function setClientStatus(db: Db, clientId: number, status: ClientStatus, now: string): Promise<boolean> {
  const result = await db
    .updateTable('clients')
    .set({ status, updated_at: now })
    .where('id', '=', clientId)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
