import { type Kysely, type Transaction, sql } from 'kysely'
import type { ClientFields } from '../../shared/client-input'
import type { ClientPage, ClientStatus, ClientSummary } from '../../shared/dto'
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

/** `%` and `_` typed by staff are literal characters, not wildcards. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
const PHONE_LIKE = /^[0-9+()\-. ]+$/

/** One typed word matches a name, email, username or (ignoring punctuation) phone. */
function wordMatches(word: string) {
  const like = likePattern(word)
  const digits = word.replace(/\D/g, '')
  const phone =
    digits.length >= 3 && PHONE_LIKE.test(word)
      ? sql`or replace(replace(replace(replace(replace(clients.phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', '') like ${likePattern(digits)} escape '\\'`
      : sql``
  return sql<boolean>`(clients.first_name like ${like} escape '\\'
    or clients.last_name like ${like} escape '\\'
    or clients.preferred_name like ${like} escape '\\'
    or clients.email like ${like} escape '\\'
    or portal_accounts.username like ${like} escape '\\' ${phone})`
}

/**
 * Type-ahead search. Every word typed must match somewhere, so "ava ngu" finds Ava Nguyen.
 * `total` counts every match; `items` holds the first `limit` of them in name order.
 */
export async function listClients(db: Db, params: { query: string; limit: number }): Promise<ClientPage> {
  const words = params.query.trim().split(/\s+/).filter(Boolean).slice(0, 8)
  let items = summaries(db)
  let count = db
    .selectFrom('clients')
    .leftJoin('portal_accounts', 'portal_accounts.client_id', 'clients.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
  for (const word of words) {
    items = items.where(wordMatches(word))
    count = count.where(wordMatches(word))
  }
  const rows = await items
    .orderBy('clients.last_name')
    .orderBy('clients.first_name')
    .orderBy('clients.id')
    .limit(params.limit)
    .execute()
  const { n } = await count.executeTakeFirstOrThrow()
  return { items: rows.map(clientRowToSummary), total: Number(n) }
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
    await db.updateTable('clients').set({ ...next, updated_at: now }).where('id', '=', clientId).execute()
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
