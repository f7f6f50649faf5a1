import { sql } from 'kysely'
import type { PorticoDialect } from '../dialect/dialect'

/** Cursor for keyset paging through the list in name order. */
export interface ListCursor {
  lastName: string
  firstName: string
  id: number
}

/**
 * The list's order: last name, then first name (both without case), then id, so clients who share
 * a name still have one order, the same on every engine. The index clients_last_name_idx holds it.
 */
export function nameOrder(d: PorticoDialect) {
  return [d.caseless(sql.ref('clients.last_name')), d.caseless(sql.ref('clients.first_name')), sql.ref('clients.id')] as const
}

/** Rows strictly after a cursor, in name order. */
export function afterCursor(d: PorticoDialect, after: ListCursor) {
  return d.after(nameOrder(d), [d.caselessValue(after.lastName), d.caselessValue(after.firstName), after.id])
}
