import { createHash } from 'node:crypto'
import type SqliteDatabase from 'better-sqlite3'
import { FIRST_NAMES, NICKNAMES, SURNAMES, asciiHandle, rareFirstName, rareSurname } from './names'
import { type Random, between, pickOne, seededRandom, weightedPicker, zipfPicker } from './prng'

/**
 * Bump when the generated rows change, so cached practices are rebuilt. The schema is covered
 * separately by the migrations' fingerprint.
 */
export const GENERATOR_VERSION = 1

/** The staff member every benchmark call acts as (an admin, so every channel is open to it). */
export const BENCH_STAFF = { id: 1, username: 'bench.admin', displayName: 'Bench Admin', role: 'admin' } as const

/** The practice is generated as of this moment, so its dates do not depend on when it was built. */
const GENERATED_AT = Date.UTC(2026, 4, 1)
const FIRST_CLIENT_AT = Date.UTC(2017, 0, 1)
const DAY = 86_400_000

const commonSurname = zipfPicker(SURNAMES, 1, 12)
const commonFirstName = zipfPicker(FIRST_NAMES, 1, 8)
const emailDomain = weightedPicker({ 'gmail.com': 38, 'yahoo.com': 10, 'outlook.com': 10, 'icloud.com': 10, 'hotmail.com': 8, 'aol.com': 2, 'proton.me': 3, 'comcast.net': 3, work: 16 })
/** Most clients live near the practice: one local area code, the rest scattered. */
const areaCode = weightedPicker({ '555': 55, '212': 5, '310': 4, '415': 4, '617': 4, '646': 4, '718': 4, '917': 4, '202': 3, '303': 3, '312': 3, '503': 3, '206': 2, '404': 2 })
const phoneFormat = weightedPicker({ paren: 45, dash: 25, dot: 5, bare: 10, intl: 10, none: 5 })

function surname(rand: Random): string {
  const roll = rand()
  if (roll < 0.25) return rareSurname(rand)
  if (roll < 0.27) return `${commonSurname(rand)}-${commonSurname(rand)}`
  return commonSurname(rand)
}

const firstName = (rand: Random) => (rand() < 0.12 ? rareFirstName(rand) : commonFirstName(rand))

function preferredName(rand: Random, first: string): string | null {
  const nicknames = NICKNAMES[first]
  if (nicknames && rand() < 0.35) return pickOne(rand, nicknames)
  return rand() < 0.02 ? commonFirstName(rand) : null
}

function phone(rand: Random): string | null {
  const format = phoneFormat(rand)
  if (format === 'none') return null
  const a = areaCode(rand)
  const e = String(between(rand, 200, 999))
  const l = String(between(rand, 0, 9999)).padStart(4, '0')
  if (format === 'paren') return `(${a}) ${e}-${l}`
  if (format === 'dash') return `${a}-${e}-${l}`
  if (format === 'dot') return `${a}.${e}.${l}`
  if (format === 'bare') return `${a}${e}${l}`
  return `+1 ${a} ${e} ${l}`
}

/** A handle built the ways people build them: "ava.nguyen", "anguyen", "nguyen_a", "ava1991". */
function handle(rand: Random, f: string, l: string, year: string): string {
  const roll = rand()
  if (roll < 0.3) return `${f}.${l}`
  if (roll < 0.42) return `${f}${l}`
  if (roll < 0.57) return `${f.charAt(0)}${l}`
  if (roll < 0.75) return `${f}.${l}${rand() < 0.5 ? year : year.slice(2)}`
  if (roll < 0.82) return `${f}_${l}`
  if (roll < 0.88) return `${l}.${f}`
  return `${f}${between(rand, 1, 999)}`
}

function email(rand: Random, f: string, l: string, year: string): string | null {
  if (rand() < 0.08) return null
  const domain = emailDomain(rand)
  return `${handle(rand, f, l, year)}@${domain === 'work' ? `${asciiHandle(rareSurname(rand))}.com` : domain}`
}

/** A portal username, unique by its lower-cased key; about one in ten has capitals ("AvaNguyen"). */
function username(rand: Random, first: string, last: string, year: string, taken: Set<string>): string {
  let name = handle(rand, asciiHandle(first) || 'client', asciiHandle(last) || 'client', year)
  if (rand() < 0.1) name = name.charAt(0).toUpperCase() + name.slice(1)
  if (name.length < 3) name += year
  while (taken.has(name.toLowerCase())) name = `${name.replace(/\d+$/, '')}${between(rand, 2, 9999)}`
  taken.add(name.toLowerCase())
  return name
}

export interface PracticeCounts {
  clients: number
  portalAccounts: number
  usernames: number
  invites: number
}

/** One row of each table the generator fills, as positional values in the columns' order below. */
export const PRACTICE_COLUMNS = {
  staff_accounts: ['id', 'username', 'username_key', 'display_name', 'role', 'password_hash', 'created_at', 'updated_at'],
  clients: ['id', 'first_name', 'last_name', 'preferred_name', 'date_of_birth', 'email', 'phone', 'status', 'created_at', 'updated_at'],
  portal_accounts: ['client_id', 'username', 'username_key', 'password_hash', 'access_enabled', 'invited_at', 'activated_at', 'last_sign_in_at', 'created_at', 'updated_at'],
  portal_invites: ['client_id', 'token_hash', 'created_at', 'expires_at'],
} as const
export type PracticeTable = keyof typeof PRACTICE_COLUMNS
export type PracticeRow = (string | number | null)[]

/**
 * The practice of `size` clients, row by row (a client before its account and invite). About half
 * have a portal username (access on for most), a few are invited but have not chosen one, one in
 * ten is inactive. Client ids follow the order clients joined, not their names. The same size and
 * seed give the same rows, whichever engine they are written to.
 */
export function* practiceRows(size: number, seed: number): Generator<[PracticeTable, PracticeRow], PracticeCounts> {
  const rand = seededRandom(seed)
  const iso = (ms: number) => new Date(ms).toISOString()
  const counts: PracticeCounts = { clients: 0, portalAccounts: 0, usernames: 0, invites: 0 }
  const taken = new Set<string>()
  // Shaped like a real scrypt hash so rows have their real size, but "bench" is no hash kind Portico verifies.
  const unusableHash = `bench$131072$8$1$${'A'.repeat(22)}==$${'B'.repeat(43)}=`

  const at = iso(GENERATED_AT - 3000 * DAY)
  yield ['staff_accounts', [BENCH_STAFF.id, BENCH_STAFF.username, BENCH_STAFF.username, BENCH_STAFF.displayName, 'admin', unusableHash, at, at]]
  for (let id = 1; id <= size; id++) {
    const first = firstName(rand)
    const last = surname(rand)
    const year = String(between(rand, 1935, 2020))
    const dob = `${year}-${String(between(rand, 1, 12)).padStart(2, '0')}-${String(between(rand, 1, 28)).padStart(2, '0')}`
    const joined = FIRST_CLIENT_AT + ((GENERATED_AT - FIRST_CLIENT_AT) * (id - 1)) / size
    const updated = iso(joined + rand() * (GENERATED_AT - joined))
    const f = asciiHandle(first) || 'client'
    const l = asciiHandle(last) || 'client'
    yield ['clients', [id, first, last, preferredName(rand, first), dob, email(rand, f, l, year), phone(rand), rand() < 0.1 ? 'inactive' : 'active', iso(joined), updated]]
    counts.clients++

    const portal = rand()
    if (portal < 0.5) {
      const name = username(rand, first, last, year, taken)
      const invited = joined + rand() * Math.min(30 * DAY, GENERATED_AT - joined)
      const activated = invited + rand() * 2 * DAY
      const signedIn = rand() < 0.7 ? iso(activated + rand() * (GENERATED_AT - activated)) : null
      yield ['portal_accounts', [id, name, name.toLowerCase(), unusableHash, rand() < 0.8 ? 1 : 0, iso(invited), iso(activated), signedIn, iso(invited), iso(activated)]]
      counts.portalAccounts++
      counts.usernames++
    } else if (portal < 0.53) {
      const invited = GENERATED_AT - rand() * 5 * DAY
      yield ['portal_accounts', [id, null, null, null, 1, iso(invited), null, null, iso(invited), iso(invited)]]
      const token = createHash('sha256').update(`${seed}:${id}`).digest('hex')
      yield ['portal_invites', [id, token, iso(invited), iso(invited + 2 * DAY)]]
      counts.portalAccounts++
      counts.invites++
    }
  }
  return counts
}

/** Fills a migrated, empty SQLite database with the practice, in one transaction of prepared statements. */
export function writePractice(sqlite: SqliteDatabase.Database, size: number, seed: number): PracticeCounts {
  const insert = Object.fromEntries(
    Object.entries(PRACTICE_COLUMNS).map(([table, columns]) => [table, sqlite.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`)]),
  ) as Record<PracticeTable, SqliteDatabase.Statement>
  return sqlite.transaction(() => {
    const rows = practiceRows(size, seed)
    for (let next = rows.next(); ; next = rows.next()) {
      if (next.done) return next.value
      insert[next.value[0]].run(...next.value[1])
    }
  })()
}
