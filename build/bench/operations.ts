import type SqliteDatabase from 'better-sqlite3'
import type { ChannelName } from '../../shared/channels'
import { contract } from '../../shared/contract'
import { type Floors, type NameCursor, cursorsInListOrder, prefixPattern } from './floors'
import { type Random, between, pickOne, shuffle } from './prng'

/** One timed call: the handler's input, and the floor that answers the same question. */
export interface Case {
  kind: string
  /** What the case asked, for naming the slowest call (synthetic data only). */
  label: string
  input: unknown
  floor: () => unknown
  /** Search only: the reference floor (the last-name prefix query alone), timed beside it. */
  reference?: () => unknown
}

export interface Operation {
  name: string
  channel: ChannelName
  note: string
  warmup: Case[]
  cases: Case[]
}

export interface SampleTargets {
  searchPerLength: number
  profile: number
  toggle: number
  page: number
  warmup: number
}

export const PAGE_SIZE = 50
/** Once the contract takes a keyset cursor, the page op walks to random depths with it. */
export const listTakesCursor = () => 'after' in contract.listClients.input.shape
export const listTakesPosition = () => 'at' in contract.listClients.input.shape

interface ClientSample {
  first_name: string
  last_name: string
  email: string | null
  phone: string | null
  username: string | null
  access_enabled: number | null
}

function sampler(sqlite: SqliteDatabase.Database, rand: Random, size: number) {
  const byId = sqlite.prepare(`select c.first_name, c.last_name, c.email, c.phone, p.username, p.access_enabled
    from clients c left join portal_accounts p on p.client_id = c.id where c.id = ?`)
  /** A random client for which `has` holds (the practice has plenty of each kind). */
  return (has: (c: ClientSample) => boolean = () => true): { id: number; client: ClientSample } => {
    for (;;) {
      const id = between(rand, 1, size)
      const client = byId.get(id) as ClientSample | undefined
      if (client && has(client)) return { id, client }
    }
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'
/** The digits staff would type for a phone: area code first, no country code. */
const phoneDigits = (phone: string) => phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '')

type QueryKind = 'name' | 'random' | 'email' | 'username' | 'phone'
function searchQuery(kind: QueryKind, length: number, rand: Random, pick: ReturnType<typeof sampler>): string {
  const prefix = (text: string) => text.slice(0, length).toLowerCase()
  switch (kind) {
    case 'name': {
      const { client } = pick((c) => c.last_name.length >= length && c.first_name.length >= length)
      return prefix(rand() < 0.7 ? client.last_name : client.first_name)
    }
    case 'random':
      return Array.from({ length }, () => pickOne(rand, [...LETTERS])).join('')
    case 'email':
      return prefix(pick((c) => c.email !== null && c.email.indexOf('@') >= length).client.email!)
    case 'username':
      return prefix(pick((c) => c.username !== null && c.username.length >= length).client.username!)
    case 'phone':
      return phoneDigits(pick((c) => c.phone !== null).client.phone!).slice(0, length)
  }
}

/** Search as you type: prefixes of real names, random letters, email, username and phone prefixes. */
function searchOperation(length: number, count: number, warmup: number, rand: Random, pick: ReturnType<typeof sampler>, floors: Floors): Operation {
  // Fewer than three digits are not treated as a phone number by the app, so phone kinds start at 3.
  const kinds: QueryKind[] = length >= 3 ? ['name', 'random', 'email', 'username', 'phone'] : ['name', 'random', 'email', 'username']
  const make = (n: number) =>
    shuffle(rand, Array.from({ length: n }, (_, i) => kinds[i % kinds.length]!)).map((kind): Case => {
      const query = searchQuery(kind, length, rand, pick)
      return { kind, label: JSON.stringify(query), input: { query, limit: PAGE_SIZE }, floor: () => floors.search(query), reference: () => floors.lastNameSearch(prefixPattern(query)) }
    })
  return {
    name: `search, ${length} char${length > 1 ? 's' : ''}`,
    channel: 'listClients',
    note: `listClients({ query, limit: ${PAGE_SIZE} }); kinds: ${kinds.join(', ')}`,
    warmup: make(warmup),
    cases: make(count),
  }
}

/** Two words: a real client's full name, in either order, or the first letters of both names. */
function fullNameOperation(count: number, warmup: number, rand: Random, pick: ReturnType<typeof sampler>, floors: Floors): Operation {
  const kinds = ['first last', 'last first', 'prefixes'] as const
  const make = (n: number) =>
    shuffle(rand, Array.from({ length: n }, (_, i) => kinds[i % kinds.length]!)).map((kind): Case => {
      const { client } = pick((c) => !/\s/.test(c.first_name) && !/\s/.test(c.last_name))
      const first = client.first_name.toLowerCase()
      const last = client.last_name.toLowerCase()
      const query = kind === 'first last' ? `${first} ${last}` : kind === 'last first' ? `${last} ${first}` : `${first.slice(0, 3)} ${last.slice(0, 3)}`
      return { kind, label: JSON.stringify(query), input: { query, limit: PAGE_SIZE }, floor: () => floors.fullName(query) }
    })
  return {
    name: 'search, full name',
    channel: 'listClients',
    note: `listClients({ query: 'first last', limit: ${PAGE_SIZE} }); kinds: ${kinds.join(', ')}`,
    warmup: make(warmup),
    cases: make(count),
  }
}

function profileOperation(count: number, warmup: number, rand: Random, size: number, floors: Floors): Operation {
  const make = (n: number) =>
    Array.from({ length: n }, (): Case => {
      const clientId = between(rand, 1, size)
      return { kind: 'random id', label: `client ${clientId}`, input: { clientId }, floor: () => floors.profile(clientId) }
    })
  return { name: 'open a profile', channel: 'getClient', note: 'getClient({ clientId }); also appends one audit event (client.view)', warmup: make(warmup), cases: make(count) }
}

/** Handler and floor each flip a client of their own, so neither undoes the other. */
function toggleOperation(count: number, warmup: number, pick: ReturnType<typeof sampler>, floors: Floors): Operation {
  const used = new Set<number>()
  const account = () => {
    for (;;) {
      const { id, client } = pick((c) => c.access_enabled !== null)
      if (!used.has(id)) return (used.add(id), { id, enabled: client.access_enabled === 1 })
    }
  }
  const make = (n: number) =>
    Array.from({ length: n }, (): Case => {
      const mine = account()
      const floor = account()
      return {
        kind: mine.enabled ? 'turn off' : 'turn on',
        label: `client ${mine.id}`,
        input: { clientId: mine.id, enabled: !mine.enabled },
        floor: () => floors.toggle(floor.id, !floor.enabled),
      }
    })
  return { name: 'toggle portal access', channel: 'setPortalAccess', note: 'setPortalAccess({ clientId, enabled }); one write transaction + audit, waited for on disk (SQLite synchronous=FULL; PostgreSQL synchronous_commit)', warmup: make(warmup), cases: make(count) }
}

/** Cursors at random depths of the list, read in one pass over it in list order. */
function cursorsAtDepths(sqlite: SqliteDatabase.Database, depths: number[]): Map<number, NameCursor> {
  const wanted = new Set(depths)
  const found = new Map<number, NameCursor>()
  const deepest = Math.max(...depths)
  let depth = 0
  for (const row of cursorsInListOrder(sqlite)) {
    if (wanted.has(depth)) found.set(depth, row)
    if (++depth > deepest) break
  }
  return found
}

function pageOperation(count: number, warmup: number, rand: Random, size: number, sqlite: SqliteDatabase.Database, floors: Floors): Operation {
  const withCursor = listTakesCursor()
  const depths = Array.from({ length: count + warmup }, () => between(rand, 0, Math.max(0, size - PAGE_SIZE - 1)))
  const cursors = cursorsAtDepths(sqlite, depths)
  const cases = depths.map((depth): Case => {
    const after = cursors.get(depth)!
    const input = withCursor ? { query: '', limit: PAGE_SIZE, after } : { query: '', limit: PAGE_SIZE }
    return { kind: withCursor ? 'random depth' : 'first page', label: withCursor ? `after row ${depth}` : 'first page', input, floor: () => floors.page(after) }
  })
  return {
    name: 'list page',
    channel: 'listClients',
    note: withCursor
      ? `listClients({ query: '', limit: ${PAGE_SIZE}, after }) at random depths; floor: keyset select at the same depth`
      : `listClients({ query: '', limit: ${PAGE_SIZE} }): the contract has no cursor yet, so always the first page; floor: keyset select at random depths`,
    warmup: cases.slice(count),
    cases: cases.slice(0, count),
  }
}

/**
 * The scrolling list's read: the whole list from a position (`at`), as the desk asks while scrolling
 * or dragging the scroll bar. The first deep call builds main's position index; the warm-up takes it.
 */
function positionOperation(count: number, warmup: number, rand: Random, size: number, sqlite: SqliteDatabase.Database, floors: Floors): Operation {
  const depths = Array.from({ length: count + warmup }, () => between(rand, 0, Math.max(0, size - PAGE_SIZE - 1)))
  const cursors = cursorsAtDepths(sqlite, depths)
  const cases = depths.map((depth): Case => {
    const after = cursors.get(depth)!
    return { kind: 'random position', label: `at ${depth + 1}`, input: { query: '', limit: PAGE_SIZE, at: depth + 1 }, floor: () => floors.page(after) }
  })
  // Warm-up first: the first deep position builds the index.
  return {
    name: 'list from a position',
    channel: 'listClients',
    note: `listClients({ query: '', limit: ${PAGE_SIZE}, at }) at random positions; floor: keyset select from the row before (which needs that row's cursor)`,
    warmup: cases.slice(count),
    cases: cases.slice(0, count),
  }
}

/**
 * Every operation the benchmark times, with its cases drawn by `rand` from the practice in `sqlite`
 * (the cached file, only read): the same seed gives the same cases, whichever engine's `floors`
 * and handlers then answer them.
 */
export function buildOperations(sqlite: SqliteDatabase.Database, floors: Floors, size: number, rand: Random, targets: SampleTargets): Operation[] {
  const pick = sampler(sqlite, rand, size)
  const warm = (n: number) => Math.max(3, Math.round(n * targets.warmup))
  // Each toggle case takes two accounts of its own (handler and floor); small practices have few.
  const accounts = sqlite.prepare('select count(*) from portal_accounts').pluck().get() as number
  const toggles = Math.max(1, Math.min(targets.toggle, Math.floor(accounts / 2) - warm(targets.toggle)))
  return [
    ...[1, 2, 3, 4].map((length) => searchOperation(length, targets.searchPerLength, warm(targets.searchPerLength), rand, pick, floors)),
    fullNameOperation(targets.searchPerLength, warm(targets.searchPerLength), rand, pick, floors),
    profileOperation(targets.profile, warm(targets.profile), rand, size, floors),
    toggleOperation(toggles, warm(targets.toggle), pick, floors),
    pageOperation(targets.page, warm(targets.page), rand, size, sqlite, floors),
    ...(listTakesPosition() ? [positionOperation(targets.page, warm(targets.page), rand, size, sqlite, floors)] : []),
  ]
}
