import type { Kysely, Transaction } from 'kysely'
import type { ClientFilter } from '../../shared/client-filter'
import type { ClientFields } from '../../shared/client-input'
import type { ClientPage, ClientStatus, ClientSummary } from '../../shared/dto'
import type { Database } from '../schema'
import { listInNameOrder } from './client-list'
import type { ListCursor } from './client-name-order'
import { type SummaryRow, clientRowToSummary, summaries } from './client-rows'
import { searchClients, searchWords } from './client-search'
import { PHONE_LIKE } from './client-search-plan'
import { getSetting } from './settings.repository'

/** What every repository function takes first: the database, or a transaction on it. */
export type Db = Kysely<Database> | Transaction<Database>
// The list's cursor and the row-to-DTO mapping live beside the queries that use them; callers
// keep importing them from here.
export type { ListCursor } from './client-name-order'
export { clientRowToSummary } from './client-rows'

/** The phone's digits, and its last seven, stored beside it so a phone search can use an index. */
export function phoneSearchKeys(phone: string | null): { phone_digits: string | null; phone_tail: string | null } {
  const digits = phone?.replace(/\D/g, '') ?? ''
  return digits ? { phone_digits: digits, phone_tail: digits.slice(-7) } : { phone_digits: null, phone_tail: null }
}

/**
 * The desk's client list: a search (see `searchClients`) or, for an empty query, everyone in name
 * order from a keyset cursor or a position (see `listInNameOrder`); either narrowed by `filter`.
 * A phone number is read for `country` (Settings → Practice's, read here when not given).
 */
export async function listClients(
  db: Db,
  params: { query: string; limit: number; after?: ListCursor; at?: number; filter?: ClientFilter; country?: string },
): Promise<ClientPage> {
  const words = searchWords(params.query)
  if (words.length === 0) return listInNameOrder(db, params)
  const country = params.country ?? (words.some((w) => PHONE_LIKE.test(w)) ? await getSetting(db, 'practice.country') : '')
  return searchClients(db, words as [string, ...string[]], params.limit, params.filter ?? 'all', country)
}

export async function findClientRow(db: Db, clientId: number): Promise<SummaryRow | undefined> {
  return summaries(db).where('clients.id', '=', clientId).executeTakeFirst()
}

/** A client's own record for the profile pane (the portal's part is read by portal-access), or undefined. */
export async function findClientRecord(
  db: Db,
  clientId: number,
): Promise<{ summary: Omit<ClientSummary, 'portalUsername' | 'portalEnabled' | 'dateOfBirth' | 'portalState'>; dateOfBirth: string; createdAt: string; updatedAt: string } | undefined> {
  const row = await db.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirst()
  if (!row) return undefined
  const noPortal = { portal_username: null, portal_enabled: null, portal_invited_at: null, portal_locked_until: null }
  const { portalUsername: _u, portalEnabled: _e, dateOfBirth: _d, portalState: _p, ...summary } = clientRowToSummary({ ...row, ...noPortal })
  return { summary, dateOfBirth: row.date_of_birth, createdAt: row.created_at, updatedAt: row.updated_at }
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
