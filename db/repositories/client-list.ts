import type { ClientPage } from '../../shared/dto'
import { dialectOf } from '../dialect/dialect'
import { MARK_EVERY, clientListVersion, clientTotal, positionMarks } from './client-list-positions'
import { type ListCursor, afterCursor, nameOrder } from './client-name-order'
import { aroundDamage, clientRowToSummary, summaries } from './client-rows'
import type { Db } from './clients.repository'

/** One page of the whole list in name order, after a cursor: never OFFSET, so every depth costs the same. */
async function listPage(db: Db, limit: number, after: ListCursor | undefined) {
  const d = dialectOf(db)
  const [last, first, id] = nameOrder(d)
  const rows = () => {
    let q = summaries(db)
    if (after) q = q.where(afterCursor(d, after))
    return q.orderBy(last).orderBy(first).orderBy(id).limit(limit).execute()
  }
  // A page's ids are in the name index: a damaged table page doesn't stop them being read.
  const ids = async () => {
    let q = db.selectFrom('clients').select('clients.id')
    if (after) q = q.where(afterCursor(d, after))
    return (await q.orderBy(last).orderBy(first).orderBy(id).limit(limit).execute()).map((r) => r.id)
  }
  return aroundDamage(db, rows, ids)
}

/**
 * The whole list in name order: a page after a keyset cursor, or (for the scrolling list) from a
 * position. The total and the positions follow every desk's changes: the list version is read
 * first, and whatever was remembered at another version is read again.
 */
export async function listInNameOrder(db: Db, params: { limit: number; after?: ListCursor; at?: number }): Promise<ClientPage> {
  const version = await clientListVersion(db)
  if (params.at !== undefined) return listAt(db, version, params.at, params.limit)
  const rows = await listPage(db, params.limit + 1, params.after)
  return { items: rows.slice(0, params.limit).map(clientRowToSummary), total: await clientTotal(db, version), hasMore: rows.length > params.limit }
}

/** One page of the whole list from a position: the nearest mark at or before it, then a short keyset read. */
async function listAt(db: Db, version: number, at: number, limit: number): Promise<ClientPage> {
  // The top of the list needs no marks: answer at once, and build them for deeper positions.
  if (at < MARK_EVERY) void positionMarks(db, version).catch(() => undefined)
  const marks = at < MARK_EVERY ? [] : await positionMarks(db, version)
  const k = Math.min(Math.floor(at / MARK_EVERY), marks.length)
  const skip = at - k * MARK_EVERY
  const rows = skip > MARK_EVERY * 2 ? [] : await listPage(db, skip + limit + 1, k === 0 ? undefined : marks[k - 1])
  return { items: rows.slice(skip, skip + limit).map(clientRowToSummary), total: await clientTotal(db, version), hasMore: rows.length > skip + limit }
}
