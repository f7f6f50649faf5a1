import { type RawBuilder, sql } from 'kysely'
import { phoneDigitKeys } from '../../shared/phone'
import type { PorticoDialect } from '../dialect/dialect'

/**
 * One indexed question of a search: the clients whose field starts with a word, in that field's
 * own order. `order` ends in a unique key, so the answer is the same on every engine.
 */
export interface FieldQuery {
  /** The clients' own columns, or the portal usernames (whose table holds the client's id). */
  from: 'clients' | 'portal_accounts'
  where: RawBuilder<boolean>
  order: RawBuilder<unknown>[]
}

/**
 * Questions in relevance order, each limited to `perQuery`. A client counts once, where it is
 * first found; no question is asked once `enough` clients are found, since later ones rank lower.
 */
export interface RankedQueries {
  queries: FieldQuery[]
  perQuery: number
  enough: number
}

/** What a search asks: `first`, and only if that finds no one, `otherwise`. */
export interface SearchPlan {
  first: RankedQueries
  otherwise?: RankedQueries
}

export const PHONE_LIKE = /^[0-9+()\-. ]+$/

const [lastName, firstName, preferredName, email, id] = (['last_name', 'first_name', 'preferred_name', 'email', 'id'] as const).map((c) => sql.ref(`clients.${c}`))
const clients = (where: RawBuilder<boolean>, order: RawBuilder<unknown>[]): FieldQuery => ({ from: 'clients', where, order })

/**
 * Clients whose fields start with `word`, one indexed prefix question per field, in this order
 * of relevance: last name, first name, preferred name, portal username, email, phone. A phone is
 * read for the practice's `country` ("NZ"; empty when not chosen).
 */
export function prefixQueries(d: PorticoDialect, word: string, country = ''): FieldQuery[] {
  const digits = word.replace(/\D/g, '')
  const queries = [
    clients(d.startsWithCaseless(lastName!, word), [d.caseless(lastName!), d.caseless(firstName!), id!]),
    clients(d.startsWithCaseless(firstName!, word), [d.caseless(firstName!), d.caseless(lastName!), id!]),
    clients(d.startsWithCaseless(preferredName!, word), [d.caseless(preferredName!), id!]),
    clients(d.startsWithCaseless(email!, word), [d.caseless(email!), id!]),
  ]
  // Usernames (stored lower-case) and phone digits have binary indexes: a case-sensitive prefix
  // can use them where a case-insensitive one would read the whole index.
  if (/^[a-z0-9._@-]+$/.test(word)) {
    const key = sql.ref('portal_accounts.username_key')
    queries.splice(3, 0, { from: 'portal_accounts', where: d.startsWith(key, word), order: [d.bytewise(key)] })
  }
  if (digits.length >= 3 && PHONE_LIKE.test(word)) {
    // The stored number's digits start with one of the ways of reading what was typed (see
    // phoneDigitKeys); failing that, its last seven start with the digits as typed ("236-4843").
    const [phoneDigits, phoneTail] = [sql.ref('clients.phone_digits'), sql.ref('clients.phone_tail')]
    for (const key of phoneDigitKeys(word, country)) queries.push(clients(d.startsWith(phoneDigits, key), [d.bytewise(phoneDigits), id!]))
    queries.push(clients(d.startsWith(phoneTail, digits), [d.bytewise(phoneTail), id!]))
  }
  return queries
}

/**
 * Clients named by two words, first and last name in either order ("mary jones", "jones mary").
 * Each question seeks a two-column name index: an exact first word narrows it to one name and the
 * second word is a prefix within it; then both words as prefixes. Without this, a common first
 * word fills its share of candidates long before the right last names.
 */
export function namePairQueries(d: PorticoDialect, first: string, second: string): FieldQuery[] {
  const byName = (lead: 'first' | 'last', exact: boolean): FieldQuery => {
    const [one, other] = lead === 'first' ? [firstName!, lastName!] : [lastName!, firstName!]
    const where = exact ? sql<boolean>`${d.caseless(one)} = ${d.caselessValue(first)}` : d.startsWithCaseless(one, first)
    return clients(sql<boolean>`${where} and ${d.startsWithCaseless(other, second)}`, [d.caseless(one), d.caseless(other), id!])
  }
  return [byName('first', true), byName('last', true), byName('first', false), byName('last', false)]
}
