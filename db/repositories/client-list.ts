import type { ClientFilter } from '../../shared/client-filter'
import type { ClientPage } from '../../shared/dto'
import { dialectOf } from '../dialect/dialect'
import { filterOnClient, filterStamp, readListStamps } from './client-filters'
import { type ListView, MARK_EVERY, clientTotal, positionMarks, rememberedMarks, viewRows } from './client-list-positions'
import { type ListCursor, afterCursor, nameOrder } from './client-name-order'
import { aroundDamage, clientRowToSummary, summaries } from './client-rows'
import type { Db } from './clients.repository'

/** One page of a list in name order, after a cursor: never OFFSET, so every depth costs the same. */
async function listPage(db: Db, view: Pick<ListView, 'filter' | 'now'>, limit: number, after: ListCursor | undefined) {
  const d = dialectOf(db)
  const [last, first, id] = nameOrder(d)
  const rows = () => {
    let q = summaries(db)
    if (view.filter !== 'all') q = q.where(filterOnClient(view.filter, view.now))
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

/** The list a call asks for, stamped with what the database holds now (one statement: see readListStamps). */
export async function listView(db: Db, filter: ClientFilter, now: Date): Promise<ListView> {
  const at = now.toISOString()
  return { filter, now: at, stamp: filterStamp(filter, await readListStamps(db, filter, at)) }
}

/**
 * A list in name order, the whole practice or one filter of it: a page after a keyset cursor, or
 * (for the scrolling list) from a position. The total and the positions follow every desk's
 * changes: they are remembered with the stamp they were read at, and read again at another stamp.
 * The stamp and the page are asked together: on a server that is one round trip's wait, not two
 * (the rows themselves are never remembered, so reading them beside the stamp loses nothing).
 */
export async function listInNameOrder(db: Db, params: { limit: number; after?: ListCursor; at?: number; filter?: ClientFilter }): Promise<ClientPage> {
  const filter = params.filter ?? 'all'
  const now = new Date()
  if (params.at !== undefined) return listAt(db, filter, now, params.at, params.limit)
  const [view, rows] = await Promise.all([listView(db, filter, now), listPage(db, { filter, now: now.toISOString() }, params.limit + 1, params.after)])
  return { items: rows.slice(0, params.limit).map(clientRowToSummary), total: await clientTotal(db, view), hasMore: rows.length > params.limit }
}

/**
 * One page of a list from a position: the nearest mark at or before it, then a short keyset read.
 * With marks already remembered, the page is read from them beside the stamp; when the stamp shows
 * the list has changed since they were made, the page is read again from new marks.
 */
async function listAt(db: Db, filter: ClientFilter, now: Date, at: number, limit: number): Promise<ClientPage> {
  const rowsNow = { filter, now: now.toISOString() }
  const fromMarks = async (marks: readonly ListCursor[]) => {
    const k = Math.min(Math.floor(at / MARK_EVERY), marks.length)
    const skip = at - k * MARK_EVERY
    const rows = skip > MARK_EVERY * 2 ? [] : await listPage(db, rowsNow, skip + limit + 1, k === 0 ? undefined : marks[k - 1])
    return { rows, skip }
  }
  const pageOf = async (view: ListView, { rows, skip }: Awaited<ReturnType<typeof fromMarks>>): Promise<ClientPage> => ({
    items: rows.slice(skip, skip + limit).map(clientRowToSummary),
    total: await clientTotal(db, view),
    hasMore: rows.length > skip + limit,
  })
  // The top of the list needs no marks: answer at once, and build them for deeper positions.
  if (at < MARK_EVERY) {
    const [view, read] = await Promise.all([listView(db, filter, now), fromMarks([])])
    void positionMarks(db, view).catch(() => undefined)
    return pageOf(view, read)
  }
  const known = rememberedMarks(db, filter)
  if (known) {
    const [view, read] = await Promise.all([listView(db, filter, now), fromMarks(known.marks)])
    if (view.stamp === known.stamp) return pageOf(view, read)
    return pageOf(view, await fromMarks(await positionMarks(db, view)))
  }
  const view = await listView(db, filter, now)
  return pageOf(view, await fromMarks(await positionMarks(db, view)))
}
