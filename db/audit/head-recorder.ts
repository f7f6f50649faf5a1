import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import type { AnchorStore, ChainHead } from './chain-head'
import { chainSealOf } from './chain-seal'

/** At most this long between an event being appended and the head that includes it being recorded. */
export const HEAD_DELAY_MS = 500

export interface HeadRecorder {
  /** Records the head now (at start-up, clean shutdown, before a backup). */
  flush(): Promise<void>
  /** Records the last head and stops listening; the database may be closed after. */
  stop(): Promise<void>
}

/**
 * Keeps the practice's head in the anchor store as events are appended: each append (from this
 * process, through the database's seal) schedules a record within `HEAD_DELAY_MS`. The count is
 * kept by counting only the events after the last recorded head, so it costs little however long
 * the trail is. Reads go through Kysely, after any open transaction has ended.
 */
export function startHeadRecorder(params: {
  db: Kysely<Database>
  store: AnchorStore
  practiceId: string
  head: Omit<ChainHead, 'practiceId' | 'recordedAt'>
  now: () => Date
  log: (line: string) => void
  delayMs?: number
}): HeadRecorder {
  const { db, store, practiceId, now, log } = params
  let known = params.head
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> = Promise.resolve()
  let failed = false

  const record = async () => {
    const last = await db.selectFrom('audit_events').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst()
    if (!last || last.id === known.lastId) return
    const after = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('id', '>', known.lastId).where('id', '<=', last.id).executeTakeFirstOrThrow()
    const keyedFrom = known.keyedFrom ?? (await db.selectFrom('audit_events').select('id').where('key_id', 'is not', null).orderBy('id').limit(1).executeTakeFirst())?.id ?? null
    known = { lastId: last.id, hash: last.hash ?? '', count: known.count + Number(after.n), keyedFrom }
    store.write({ practiceId, ...known, recordedAt: now().toISOString() })
  }
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = null
    running = running.then(record).catch(() => {
      // Nothing personal in the line: the folder may be named after the user.
      if (!failed) log('[audit] the audit trail’s head could not be recorded outside the database')
      failed = true
    })
    return running
  }
  const unsubscribe = chainSealOf(db)?.onAppended(() => {
    if (timer) return
    timer = setTimeout(() => void flush(), params.delayMs ?? HEAD_DELAY_MS)
    timer.unref()
  })
  return {
    flush,
    async stop() {
      unsubscribe?.()
      await flush()
    },
  }
}
