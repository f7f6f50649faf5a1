import { type ClientSummary, SoundClientSummary, damagedClientSummary } from '../../shared/dto'
import type { ClientRow } from '../schema'
import type { Db } from './clients.repository'

/** A client's row with its portal username and switch, as every list and search reads it. */
export type SummaryRow = ClientRow & { portal_username: string | null; portal_enabled: number | null }

/**
 * The one place a client row becomes a DTO: no snake_case crosses IPC. Each row is checked here,
 * one by one, against what the contract promises: a garbled row (a status outside the list, a
 * value of the wrong type) becomes a damaged entry naming its id, so one bad row never fails the
 * whole page, search or profile it is part of.
 */
export function clientRowToSummary(row: SummaryRow): ClientSummary {
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
  }
  return SoundClientSummary.safeParse(summary).success ? (summary as ClientSummary) : damagedClientSummary(row.id)
}

/** Clients with their portal username and switch, not yet filtered or ordered. */
export function summaries(db: Db) {
  return db
    .selectFrom('clients')
    .leftJoin('portal_accounts', 'portal_accounts.client_id', 'clients.id')
    .selectAll('clients')
    .select(['portal_accounts.username as portal_username', 'portal_accounts.access_enabled as portal_enabled'])
}

/** The summary rows for these ids, in the order given. */
export async function rowsInOrder(db: Db, ids: number[]): Promise<SummaryRow[]> {
  if (ids.length === 0) return []
  const rows = await summaries(db).where('clients.id', 'in', ids).execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}
