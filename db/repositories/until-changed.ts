import { changeToken } from '../dialect/dialect'
import type { NoticeTopic } from '../dialect/change-notices'
import type { Db } from './clients.repository'

const remembered = new WeakMap<object, Map<string, { token: string; value: unknown }>>()

/**
 * `read()`, or what it gave last time for `key` if the practice server has not said since that
 * `topic` changed (a change at any desk is heard moments after it commits). Without notices (a
 * file; a server this desk isn't listening to right now) it always reads.
 */
export async function readUntilChanged<T>(db: Db, topic: NoticeTopic, key: string, read: () => Promise<T>): Promise<T> {
  const known = changeToken(db, topic)
  if (known) {
    const hit = remembered.get(known.source)?.get(`${topic}:${key}`)
    if (hit?.token === known.token) return hit.value as T
  }
  // The token was taken before the read: a change committed during it makes the next call read again.
  const value = await read()
  if (known) {
    const values = remembered.get(known.source) ?? new Map<string, { token: string; value: unknown }>()
    values.set(`${topic}:${key}`, { token: known.token, value })
    remembered.set(known.source, values)
  }
  return value
}
