import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ListCursor, listClients } from '../../db/repositories/clients.repository'
import type { ClientPage } from '../../shared/dto'
import { DIALECTS } from '../support/dialects'
import { type TestClient, insertManyClients } from '../support/many-clients'
import { tempDatabase } from '../support/temp-db'

/**
 * The same practice on both engines answers every search and every list page with the same
 * clients in the same order: SQLite asks a search field by field, PostgreSQL in one statement,
 * and the desk must not be able to tell which. The server database sorts text as American English
 * by default (as an office server's usually does), so an order left to the default would differ.
 */

/** mulberry32: a small seeded generator, so the practice and the queries are the same every run. */
function seeded(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FIRST = ['Mary', 'Maria', 'Mariam', 'Marek', 'Mark', 'mary', 'Ava', 'Avery', 'Joe', 'Joseph', 'Jo', 'Li', 'Liam', 'Zoë', 'Åsa', 'Łukasz', 'Anne-Marie', 'Mary Jane', 'Sam', 'Samantha', 'Omar', 'Ngozi', 'Thomas', 'Tom']
const LAST = ['Jones', 'Jonsson', 'Johnson', 'Smith', 'smith', 'SMITHERS', 'Nguyen', 'van Dijk', 'Van der Berg', 'O’Brien', "O'Neil", 'García', 'Garcia', 'MacDonald', 'McDonald', 'Lee', 'Le', 'Li', 'de la Cruz', 'Al_Sayed', 'Percent%Sign', 'Okafor', 'Mary']
const NICK = ['Molly', 'Mo', 'Joey', 'Sammy', 'Tommy', 'Mary', 'Av']
const DOMAINS = ['example.org', 'Mail.example.com', 'clinic.test']

function practice(size: number): TestClient[] {
  const rand = seeded(11)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T
  const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(rand() * 10))).join('')
  const taken = new Set<string>()
  return Array.from({ length: size }, (_, i) => {
    const firstName = pick(FIRST)
    const lastName = pick(LAST)
    const handle = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z0-9._%-]/g, '')
    const area = pick(['555', '555', '555', '212', '415'])
    const [exchange, line] = [pick(['236', '237', '010', '999']), digits(4)]
    const phone = pick([`(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `+1 ${area} ${exchange} ${line}`, `${area}${exchange}${line}`, `${area}.${exchange}.${line}`, null])
    let username: string | undefined
    if (rand() < 0.5) {
      // "pt" starts no name or email: a search for it is answered by usernames alone, whose
      // separators sort differently in byte order and in a language's collation.
      const separator = pick(['.', '_', '-', '', '9'])
      username = pick([handle, `${handle}${String(i % 50)}`, `${firstName.charAt(0)}_${lastName}`.replace(/[^A-Za-z0-9._-]/g, ''), `${lastName}${String(i)}`.replace(/[^A-Za-z0-9]/g, ''), `pt${separator}${lastName.replace(/[^A-Za-z]/g, '')}${String(i % 7)}`])
      if (!username || taken.has(username.toLowerCase())) username = `client${String(i)}`
      taken.add(username.toLowerCase())
    }
    return {
      firstName,
      lastName,
      preferredName: rand() < 0.2 ? pick(NICK) : null,
      email: rand() < 0.85 ? `${rand() < 0.1 ? handle.toUpperCase() : handle}${rand() < 0.5 ? String(i % 97) : ''}@${pick(DOMAINS)}` : null,
      phone,
      ...(username ? { username } : {}),
    }
  })
}

function queries(clients: TestClient[]): string[] {
  const rand = seeded(29)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T
  const some = (n: number) => Array.from({ length: n }, () => pick(clients))
  const fixed = [
    ...'abcdefghijklmnopqrstuvwxyz'.split(''),
    'pt', 'ptj', 'pt_', 'pt.', 'pt-', 'pt9', 'ma', 'mar', 'mary', 'MARY', 'jo', 'jon', 'jones', 'smi', 'van', 'van d', 'van dijk', 'dijk van', 'o’b', "o'", 'garc', 'garcí', 'zo', 'zoë', 'łu', 'å', 'mac', 'mc', 'de la',
    '%', '_', '%%', 'a%', 'a_', '%a', 'al_', 'al_s', 'percent%', 'percent%s', '\\', 'mary_', 'm_ry', '.', '@', '-', 'anne-', 'anne-marie',
    '555', '(555)', '555-23', '555 236', '236', '2364', '+1', '+1 555', '415', '999-', '12', '0101',
    'mary jones', 'jones mary', 'mar jon', 'jon mar', 'mary jane', 'jane mary', 'mary smith', 'smith mary', 'li le', 'le li', 'mary mary', 'jo jo',
    'm 555', 'mary 555', 'jones 555', 'mary @example', 'jo example', 'a b', 'mary jones smith', 'zz', 'mary zzzq', 'j_', 'mary.jones', 'mary.jones@', 'client1',
  ]
  const fromData = [
    ...some(40).flatMap((c) => [`${c.firstName} ${c.lastName}`, `${c.lastName} ${c.firstName}`]),
    ...some(20).map((c) => `${c.firstName.slice(0, 3)} ${c.lastName.slice(0, 2)}`),
    ...some(30).flatMap((c) => (c.email ? [c.email, c.email.slice(0, 6)] : [])),
    ...some(30).flatMap((c) => (c.username ? [c.username, c.username.slice(0, 4)] : [])),
    ...some(30).flatMap((c) => (c.phone ? [c.phone, c.phone.replace(/\D/g, '').slice(-7), c.phone.replace(/\D/g, '').slice(-4), c.phone.slice(0, 7)] : [])),
    ...some(15).map((c) => `${c.firstName} ${c.phone ?? c.lastName}`),
    ...some(15).map((c) => `${c.lastName.slice(0, 2)} ${c.username ?? c.email ?? c.firstName}`),
  ]
  return [...new Set([...fixed, ...fromData])]
}

const BOTH = DIALECTS.includes('sqlite') && DIALECTS.includes('postgres')

describe.runIf(BOTH)('the same practice on SQLite and PostgreSQL', () => {
  const clients = practice(4_000)
  const asked = queries(clients)
  let sqlite: Awaited<ReturnType<typeof tempDatabase>>
  let postgres: Awaited<ReturnType<typeof tempDatabase>>
  beforeAll(async () => {
    ;[sqlite, postgres] = await Promise.all([tempDatabase({ dialect: 'sqlite' }), tempDatabase({ dialect: 'postgres', icuLocale: 'en-US' })])
    await insertManyClients(sqlite.db, clients)
    await insertManyClients(postgres.db, clients)
  }, 60_000)
  afterAll(async () => Promise.all([sqlite?.close(), postgres?.close()]))

  const answer = (page: ClientPage) => ({ ids: page.items.map((c) => c.id), total: page.total, hasMore: page.hasMore })

  test(`answers ${String(asked.length)} searches with the same clients in the same order`, async () => {
    expect(asked.length).toBeGreaterThan(300)
    let found = 0
    let more = 0
    for (const limit of [20, 200]) {
      for (const query of asked) {
        const [a, b] = await Promise.all([listClients(sqlite.db, { query, limit }), listClients(postgres.db, { query, limit })])
        expect(answer(b), `"${query}", limit ${String(limit)}`).toEqual(answer(a))
        if (a.items.length > 0) found += 1
        if (a.hasMore) more += 1
      }
    }
    // The comparison means something only if most searches find someone, and many find more than a page.
    expect(found).toBeGreaterThan(asked.length * 2 * 0.7)
    expect(more).toBeGreaterThan(asked.length * 0.3)
  })

  test('pages through the whole list, and answers every position, in the same order', async () => {
    const walk = async (t: typeof sqlite) => {
      const ids: number[] = []
      let after: ListCursor | undefined
      for (;;) {
        const page = await listClients(t.db, { query: '', limit: 300, ...(after ? { after } : {}) })
        ids.push(...page.items.map((c) => c.id))
        const last = page.items.at(-1)
        if (!page.hasMore || !last) return ids
        after = { lastName: last.lastName, firstName: last.firstName, id: last.id }
      }
    }
    const onSqlite = await walk(sqlite)
    expect(onSqlite).toHaveLength(4_000)
    expect(await walk(postgres)).toEqual(onSqlite)
    for (const at of [0, 63, 64, 1_000, 2_345, 3_990]) {
      const [a, b] = await Promise.all([listClients(sqlite.db, { query: '', limit: 50, at }), listClients(postgres.db, { query: '', limit: 50, at })])
      expect(answer(b), `at ${String(at)}`).toEqual(answer(a))
    }
  })
})
