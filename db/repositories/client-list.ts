import type { ClientFilter } from '../../shared/client-filter'
import type { ClientPage } from '../../shared/dto'
import { dialectOf } from '../dialect/dialect'
import { filterOnRow, filterStamp } from './client-filters'
import { type ListView, MARK_EVERY, clientListVersion, clientTotal, positionMarks, viewRows } from './client-list-positions'
import { type ListCursor, afterCursor, nameOrder } from './client-name-order'
import { aroundDamage, clientRowToSummary, summaries } from './client-rows'
import type { Db } from './clients.repository'

/** One page of a list in name order, after a cursor: never OFFSET, so every depth costs the same. */
async function listPage(db: Db, view: ListView, limit: number, after: ListCursor | undefined) {
  const d = dialectOf(db)
  const [last, first, id] = nameOrder(d)
  const rows = () => {
    let q = summaries(db)
    if (view.filter !== 'all') q = q.where(filterOnRow(view.filter, view.now))
    if (after) q = q.where(afterCursor(d, after))
    return q.orderBy(last).orderBy(first).orderBy(id).limit(limit).execute()
  }
  // A page's ids are in the name index: a damaged table page doesn't stop them being read.
  const ids = async () => {
    let q = viewRows(db, view).select('clients.id')
    if (after) q = q.where(afterCursor(d, after))
    return (await q.orderBy(last).orderBy(first).orderBy(id).limit(limit).execute()).map((r) => r.id)
  }
  return aroundDamage(db, rows, ids)
}

/** The list a call asks for, stamped with what the database holds now (read before any row). */
export async function listView(db: Db, filter: ClientFilter, now: Date): Promise<ListView> {
  const at = now.toISOString()
  return { filter, now: at, stamp: await filterStamp(db, filter, await clientListVersion(db), at) }
}

/**
 * A list in name order, the whole practice or one filter of it: a page after a keyset cursor, or
 * (for the scrolling list) from a position. The total and the positions follow every desk's
 * changes: the stamp is read first, and whatever was remembered at another stamp is read again.
 */
export async function listInNameOrder(db: Db, params: { limit: number; after?: ListCursor; at?: number; filter?: ClientFilter }): Promise<ClientPage> {
  const view = await listView(db, params.filter ?? 'all', new Date())
  if (params.at !== undefined) return listAt(db, view, params.at, params.limit)
  const rows = await listPage(db, view, params.limit + 1, params.after)
  return { items: rows.slice(0, params.limit).map(clientRowToSummary), total: await clientTotal(db, view), hasMore: rows.length > params.limit }
}

/** One page of a list from a position: the nearest mark at or before it, then a short keyset read. */
async function listAt(db: Db, view: ListView, at: number, limit: number): Promise<ClientPage> {
  // The top of the list needs no marks: answer at once, and build them for deeper positions.
  if (at < MARK_EVERY) void positionMarks(db, view).catch(() => undefined)
  const marks = at < MARK_EVERY ? [] : await positionMarks(db, view)
  const k = Math.min(Math.floor(at / MARK_EVERY), marks.length)
  const skip = at - k * MARK_EVERY
  const rows = skip > MARK_EVERY * 2 ? [] : await listPage(db, view, skip + limit + 1, k === 0 ? undefined : marks[k - 1])
  return { items: rows.slice(skip, skip + limit).map(clientRowToSummary), total: await clientTotal(db, view), hasMore: rows.length > skip + limit }
}
