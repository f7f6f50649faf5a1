import { z } from 'zod'
import { type ClientSummary, SoundListedClient, damagedClientSummary } from '../../shared/dto'
import { portalStateOf } from '../../shared/portal-state'
import { databaseFault } from '../dialect/faults'
import type { ClientRow } from '../schema'
import type { Db } from './clients.repository'

/** A client's row with its portal account's username, switch, invite and lock, as every list and search reads it. */
export type SummaryRow = ClientRow & {
  portal_username: string | null
  portal_enabled: number | null
  portal_invited_at: string | null
  portal_locked_until: string | null
}
/** A client whose row can't be read at all (it sits on a damaged page of the file): only its id is known. */
export interface UnreadableRow {
  id: number
  unreadable: true
}
export const isUnreadable = (row: SummaryRow | UnreadableRow): row is UnreadableRow => 'unreadable' in row

/** Made once: building a zod schema costs about 25 µs, which per row was most of a page's time. */
const IsoDate = z.iso.date()

/**
 * The one place a client row becomes a DTO: no snake_case crosses IPC. Each row is checked here,
 * one by one, against what the contract promises: a garbled row (a status outside the list, a
 * value of the wrong type) becomes a damaged entry naming its id, so one bad row never fails the
 * whole page, search or profile it is part of.
 */
export function clientRowToSummary(row: SummaryRow | UnreadableRow): ClientSummary {
  if (isUnreadable(row)) return damagedClientSummary(row.id)
  const summary = {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    preferredName: row.preferred_name,
    email: row.email,
    phone: row.phone,
    status: row.status,
    portalUsername: row.portal_username,
    portalEnabled: row.portal_enabled === 1,
    // A date that isn't one only leaves the row without it: the profile is where it must be right.
    dateOfBirth: IsoDate.safeParse(row.date_of_birth).success ? row.date_of_birth : null,
    // An invite stamps the account; choosing a username ends it. A lock counts only until it runs out.
    portalState: portalStateOf({
      hasUsername: row.portal_username !== null,
      invited: row.portal_invited_at !== null,
      enabled: row.portal_enabled === 1,
      locked: row.portal_locked_until !== null && new Date(row.portal_locked_until) > new Date(),
    }),
  }
  return SoundListedClient.safeParse(summary).success ? (summary as ClientSummary) : damagedClientSummary(row.id)
}

/** Clients with their portal username, switch, invite and lock, not yet filtered or ordered. */
export function summaries(db: Db) {
  return db
    .selectFrom('clients')
    .leftJoin('portal_accounts', 'portal_accounts.client_id', 'clients.id')
    .selectAll('clients')
    .select([
      'portal_accounts.username as portal_username',
      'portal_accounts.access_enabled as portal_enabled',
      'portal_accounts.invited_at as portal_invited_at',
      'portal_accounts.locked_until as portal_locked_until',
    ])
}

/**
 * The summary rows for these ids, in the order given. When the file is damaged where one of them is
 * kept, the rows are read one by one: every readable row is still given, and each one that can't
 * be read is an UnreadableRow naming its id.
 */
export async function rowsInOrder(db: Db, ids: number[]): Promise<(SummaryRow | UnreadableRow)[]> {
  if (ids.length === 0) return []
  let rows: SummaryRow[]
  try {
    rows = await summaries(db).where('clients.id', 'in', ids).execute()
  } catch (error) {
    if (databaseFault(error) !== 'damaged') throw error
    return readOneByOne(db, ids)
  }
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

async function readOneByOne(db: Db, ids: number[]): Promise<(SummaryRow | UnreadableRow)[]> {
  const rows: (SummaryRow | UnreadableRow)[] = []
  for (const id of ids) {
    try {
      const row = await summaries(db).where('clients.id', '=', id).executeTakeFirst()
      if (row) rows.push(row)
    } catch (error) {
      if (databaseFault(error) !== 'damaged') throw error
      rows.push({ id, unreadable: true })
    }
  }
  return rows
}

/**
 * `read()`, or, when it fails on a damaged part of the file, the same rows by their ids (`ids()`,
 * which reads only an index) one by one, so one unreadable row doesn't fail all the others.
 */
export async function aroundDamage(db: Db, read: () => Promise<SummaryRow[]>, ids: () => Promise<number[]>): Promise<(SummaryRow | UnreadableRow)[]> {
  try {
    return await read()
  } catch (error) {
    if (databaseFault(error) !== 'damaged') throw error
    return readOneByOne(db, await ids())
  }
}
