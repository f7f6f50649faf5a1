import { stringify } from 'csv-stringify/sync'
import type { Kysely } from 'kysely'
import { CLIENT_CSV_COLUMNS } from '../import/client-csv-columns'
import { type Actor, appendAudit } from '../repositories/audit.repository'
import type { Database } from '../schema'
import { asSpreadsheetText } from '../../shared/spreadsheet-text'
import { portalStateOf } from '../../shared/portal-state'
import { formatPhone } from '../../shared/phone'
import { getSetting } from '../repositories/settings.repository'

/** Rows read per page: keyset paging by id, so no statement stays open and memory stays flat. */
const PAGE = 5_000

/** The columns, in the order (and with the names) the import reads them. */
const COLUMNS = Object.values(CLIENT_CSV_COLUMNS)
/** Read-only facts the desk's export adds (the import lists them as columns it leaves out). */
const PORTAL_COLUMNS = ['portal_username', 'portal_state']


/**
 * Writes every client as CSV in the import's own format (first_name, last_name, preferred_name,
 * date_of_birth, email, phone, status), in id order, through Kysely on either engine, one page at
 * a time to `write`. Records one `clients.export` event with the count and no personal data.
 */
export async function exportClients(
  db: Kysely<Database>,
  write: (chunk: string) => Promise<void> | void,
  options: { actor: Actor; now?: Date; /** Add each client's portal username and state (the desk's export). */ portal?: boolean },
): Promise<{ rows: number }> {
  const now = options.now ?? new Date()
  await write(stringify([options.portal ? [...COLUMNS, ...PORTAL_COLUMNS] : COLUMNS]))
  // Phones as the desk shows them (national for the practice's country), which the import reads back to the same number.
  const country = await getSetting(db, 'practice.country')
  let after = 0
  let rows = 0
  for (;;) {
    const page = await db
      .selectFrom('clients')
      .leftJoin('portal_accounts', 'portal_accounts.client_id', 'clients.id')
      .select(['clients.id', 'first_name', 'last_name', 'preferred_name', 'date_of_birth', 'email', 'phone', 'status'])
      .select(['portal_accounts.username', 'portal_accounts.access_enabled', 'portal_accounts.invited_at', 'portal_accounts.locked_until'])
      .where('clients.id', '>', after)
      .orderBy('clients.id')
      .limit(PAGE)
      .execute()
    if (page.length === 0) break
    const cells = page.map((c) => {
      const own = [c.first_name, c.last_name, c.preferred_name ?? '', c.date_of_birth, c.email ?? '', c.phone === null ? '' : formatPhone(c.phone, country), c.status]
      if (!options.portal) return own
      const locked = c.locked_until !== null && new Date(c.locked_until) > now
      return [...own, c.username ?? '', portalStateOf({ hasUsername: c.username !== null, invited: c.invited_at !== null, enabled: c.access_enabled === 1, locked })]
    })
    await write(stringify(cells, { cast: { string: asSpreadsheetText } }))
    rows += page.length
    after = page.at(-1)!.id
    if (page.length < PAGE) break
  }
  await appendAudit(db, { actor: options.actor, at: now.toISOString(), action: 'clients.export', clientId: null, outcome: 'success', detail: { rows } })
  return { rows }
}
