import type { ClientListCounts } from '../../shared/client-filter'
import { countByFilter, filterStamp, readListStamps } from './client-filters'
import { clientTotal } from './client-list-positions'
import type { Db } from './clients.repository'

const remembered = new WeakMap<object, { stamp: string; counts: ClientListCounts }>()

/**
 * How many clients each filter shows, for the filter row, and how many inactive clients still
 * have portal access (the bulk action's number). Remembered at the stamp of the filter
 * that reads the most (list, filter counter and the soonest lock to end), so a change at any
 * desk, or a lock running out, is counted again on the next call and nothing else is.
 */
export async function clientCounts(db: Db, now: Date): Promise<ClientListCounts> {
  const at = now.toISOString()
  const stamps = await readListStamps(db, 'locked', at)
  const stamp = filterStamp('locked', stamps)
  const kept = remembered.get(db)
  if (kept?.stamp === stamp) return kept.counts
  const total = await clientTotal(db, { filter: 'all', now: at, stamp: filterStamp('all', stamps) })
  const counts = await countByFilter(db, total, at)
  remembered.set(db, { stamp, counts })
  return counts
}
