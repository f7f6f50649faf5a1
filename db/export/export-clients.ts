import { stringify } from 'csv-stringify/sync'
import type { Kysely } from 'kysely'
import { CLIENT_CSV_COLUMNS } from '../import/client-csv-columns'
import { type Actor, appendAudit } from '../repositories/audit.repository'
import type { Database } from '../schema'
import { formatPhone } from '../../shared/phone'
import { getSetting } from '../repositories/settings.repository'

/** Rows read per page: keyset paging by id, so no statement stays open and memory stays flat. */
const PAGE = 5_000

/** The columns, in the order (and with the names) the import reads them. */
const COLUMNS = Object.values(CLIENT_CSV_COLUMNS)

/**
 * A cell starting with = + - or @ would run as a formula when the file is opened in a spreadsheet:
 * it is written as text (a leading apostrophe), which Portico's import takes off again.
 */
const asText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

/**
 * Writes every client as CSV in the import's own format (first_name, last_name, preferred_name,
 * date_of_birth, email, phone, status), in id order, through Kysely on either engine, one page at
 * a time to `write`. Records one `clients.export` event with the count and no personal data.
 */
export async function exportClients(db: Kysely<Database>, write: (chunk: string) => Promise<void> | void, options: { actor: Actor; now?: Date }): Promise<{ rows: number }> {
  await write(stringify([COLUMNS]))
  // Phones as the desk shows them (national for the practice's country), which the import reads back to the same number.
  const country = await getSetting(db, 'practice.country')
  let after = 0
  let rows = 0
  for (;;) {
    const page = await db
      .selectFrom('clients')
      .select(['id', 'first_name', 'last_name', 'preferred_name', 'date_of_birth', 'email', 'phone', 'status'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute()
    if (page.length === 0) break
    const cells = page.map((c) => [c.first_name, c.last_name, c.preferred_name ?? '', c.date_of_birth, c.email ?? '', c.phone === null ? '' : formatPhone(c.phone, country), c.status])
    await write(stringify(cells, { cast: { string: asText } }))
    rows += page.length
    after = page.at(-1)!.id
    if (page.length < PAGE) break
  }
  await appendAudit(db, { actor: options.actor, at: (options.now ?? new Date()).toISOString(), action: 'clients.export', clientId: null, outcome: 'success', detail: { rows } })
  return { rows }
}
