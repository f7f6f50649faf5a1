import { createHash } from 'node:crypto'
import type { Db } from './clients.repository'

const known = new WeakMap<object, string>()

/**
 * A public name for this practice's database, the same at every desk, in its portal and after a
 * move to a server: a digest of the audit trail's first chained event, which never changes (the
 * trail is append-only). It tells two practices apart and says nothing about either; null until
 * the trail has an event. Lets a desk check that the portal answering at its link is its own.
 */
export async function practiceIdentity(db: Db): Promise<string | null> {
  const remembered = known.get(db)
  if (remembered) return remembered
  const first = await db.selectFrom('audit_events').select('hash').where('hash', 'is not', null).orderBy('id').limit(1).executeTakeFirst()
  if (!first?.hash) return null
  const identity = createHash('sha256').update(`portico-practice:${first.hash}`).digest('base64url').slice(0, 22)
  known.set(db, identity)
  return identity
}
