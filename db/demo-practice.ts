import { createHash, randomBytes } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import { normalisePhone } from '../shared/phone'
import { canonicalUsername, usernameKey } from '../shared/username'
import { type Db, phoneSearchKeys } from './repositories/clients.repository'
import type { Database } from './schema'

/**
 * A demo phone as the desk stores one (E.164): the United States' numbers set aside for fiction,
 * 555-0100 to 555-0199, in a few area codes, so the demo never rings a real person.
 */
function demoPhone(i: number): string {
  const typed = `(${['202', '212', '415', '312', '617'][i % 5]!}) 555-01${pad(i % 100)}`
  const reading = normalisePhone(typed, 'US')
  if (!reading.ok) throw new Error(`The demo phone ${typed} is not a number.`)
  return reading.stored
}
const withPhone = (phone: string | null) => ({ phone, ...phoneSearchKeys(phone) })

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Amelia', 'Oliver', 'Sophia', 'Elijah', 'Isabella', 'Mateo', 'Mia', 'Lucas', 'Charlotte', 'Levi', 'Harper', 'Ezra', 'Evelyn', 'Hudson', 'Luna', 'Asher', 'Priya', 'Arjun', 'Mei', 'Hiroshi', 'Fatima', 'Omar', 'Zanele', 'Kwame', 'Ingrid', 'Lars', 'Sofía', 'Diego', 'Aroha', 'Tane', 'Chloé', 'Mathis', 'Aisha', 'Yusuf', 'Grace', 'Daniel']
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Patel', 'Kim', 'Chen', 'Okafor', 'Mensah', 'Haddad', 'Kowalski', 'Novak', 'Fischer', "O'Brien", 'MacLeod', 'Ngata', 'Tanaka', 'Sato', 'Rossi', 'Dubois']
const PREFERRED: Record<string, string> = { Elijah: 'Eli', Isabella: 'Bella', Oliver: 'Ollie', Charlotte: 'Charlie', Daniel: 'Dan', Sophia: 'Sophie' }

/** A small, fixed pseudo-random sequence, so every demo practice is the same practice. */
function sequence(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

interface DemoClient {
  first: string
  last: string
  preferred?: string
  dob: string
  portal?: { username?: string; enabled: boolean; invited?: boolean; lastSignInDaysAgo?: number }
  inactive?: boolean
}

/** The article's three examples come first, so they are easy to find in the demo. */
const ARTICLE_EXAMPLES: DemoClient[] = [
  { first: 'Ava', last: 'Nguyen', dob: '1991-06-14' },
  { first: 'Joe', last: 'Fake', dob: '1985-02-03', portal: { username: 'joefake', enabled: true, lastSignInDaysAgo: 6 } },
  { first: 'Sam', last: 'Rivera', dob: '1978-11-22', portal: { username: 'samrivera', enabled: false, lastSignInDaysAgo: 120 } },
]

function generated(count: number): DemoClient[] {
  const rand = sequence(20261127)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T
  const clients: DemoClient[] = []
  const seen = new Set<string>()
  while (clients.length < count) {
    const first = pick(FIRST)
    const last = pick(LAST)
    const key = `${first} ${last}`
    if (seen.has(key)) continue
    seen.add(key)
    const dob = `${1940 + Math.floor(rand() * 68)}-${pad(1 + Math.floor(rand() * 12))}-${pad(1 + Math.floor(rand() * 28))}`
    const roll = rand()
    const handle = `${first}.${last}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9.]/g, '')
    const client: DemoClient = { first, last, dob, ...(PREFERRED[first] && rand() < 0.6 ? { preferred: PREFERRED[first] } : {}) }
    if (roll < 0.45) client.portal = { username: handle, enabled: rand() < 0.85, lastSignInDaysAgo: Math.floor(rand() * 200) }
    else if (roll < 0.5) client.portal = { enabled: true, invited: true }
    if (clients.length % 23 === 7) client.inactive = true
    clients.push(client)
  }
  return clients
}

/**
 * Fills an empty database with a believable practice of about 200 clients, including the article's
 * Ava Nguyen, Joe Fake and Sam Rivera, some invited and some inactive clients.
 *
 * No demo account has a usable password: password hashes are left empty, so a demo client can only
 * sign in after a real password reset. Invite tokens are random and never shown. Runs in `db`'s
 * transaction when it is one, else in one of its own.
 */
export async function seedDemoPractice(db: Db, now = new Date(), count = 200): Promise<number> {
  const clients = [...ARTICLE_EXAMPLES, ...generated(count - ARTICLE_EXAMPLES.length)]
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString()
  const seed = async (trx: Transaction<Database>) => {
    for (const [i, c] of clients.entries()) {
      const created = at(400 - (i % 300))
      const handle = `${c.first}.${c.last}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9.]/g, '')
      const { id } = await trx
        .insertInto('clients')
        .values({
          first_name: c.first,
          last_name: c.last,
          preferred_name: c.preferred ?? null,
          date_of_birth: c.dob,
          email: i % 9 === 4 ? null : `${handle}${i}@example.com`,
          ...withPhone(i % 7 === 3 ? null : demoPhone(i * 37)),
          status: c.inactive ? 'inactive' : 'active',
          created_at: created,
          updated_at: created,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      if (!c.portal) continue
      const invitedAt = c.portal.invited ? at(1 + (i % 2)) : at(300)
      await trx
        .insertInto('portal_accounts')
        .values({
          client_id: id,
          username: c.portal.username ? canonicalUsername(c.portal.username) : null,
          username_key: c.portal.username ? usernameKey(c.portal.username) : null,
          password_hash: null,
          access_enabled: c.portal.enabled ? 1 : 0,
          invited_at: invitedAt,
          activated_at: c.portal.username ? at(290) : null,
          last_sign_in_at: c.portal.lastSignInDaysAgo === undefined ? null : at(c.portal.lastSignInDaysAgo),
          created_at: invitedAt,
          updated_at: invitedAt,
        })
        .execute()
      if (c.portal.invited) {
        await trx
          .insertInto('portal_invites')
          .values({
            client_id: id,
            token_hash: createHash('sha256').update(randomBytes(32)).digest('hex'),
            created_at: invitedAt,
            expires_at: new Date(new Date(invitedAt).getTime() + 48 * 3_600_000).toISOString(),
          })
          .execute()
      }
    }
  }
  // Inside the caller's transaction when given one (first-run setup seeds and creates its admin as one write).
  if (db.isTransaction) await seed(db as Transaction<Database>)
  else await (db as Kysely<Database>).transaction().execute(seed)
  return clients.length
}

/** The demo practice, unless the database already has clients (a demo set up again after a restore keeps them). */
export async function seedDemoPracticeIfEmpty(db: Db, now = new Date()): Promise<void> {
  const any = await db.selectFrom('clients').select('id').limit(1).executeTakeFirst()
  if (!any) await seedDemoPractice(db, now)
}
