import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { type ChainedFields, keyedChainHash, unkeyedChainHash } from './chain-hash'
import type { Anchor, ChainHead } from './chain-head'
import type { ChainKey } from './chain-key'

export interface ChainReport {
  /** Every link and every recorded head checked, and nothing wrong. */
  ok: boolean
  events: number
  /** Events recorded before the chain was keyed (checked with the public formula). */
  unkeyed: { first: number; last: number } | null
  /** Events keyed with the practice's key. */
  keyed: { first: number; last: number; keyId: string } | null
  /** The first event whose link or hash doesn't hold, and why. */
  firstBroken: { id: number; reason: string } | null
  /** Keyed events that could not be checked because the key was not given. */
  keyNeeded: { from: number; keyId: string } | null
  /** What the recorded heads show: events missing at the end, or a past that was rewritten. */
  headProblems: string[]
  /** The chain's head as it is now (what an anchor records). */
  head: Omit<ChainHead, 'practiceId' | 'recordedAt'>
}

export interface VerifyOptions {
  /** The practice's key; without it keyed events can't be checked (and the report isn't ok). */
  key: ChainKey | null
  /** Heads recorded outside the database: the chain must still contain each one. */
  anchors?: Anchor[]
  /** The practice has a key (or an id), so its chain was keyed: a chain with no keyed event was rewritten. */
  expectKeyed?: boolean
}

type EventRow = ChainedFields & { id: number; prev_hash: string | null; hash: string | null; key_id?: string | null }

/** Pages of events by id (keyset, no OFFSET): no statement held open between pages, on any engine. */
async function* eventsInOrder(db: Kysely<Database>, pageSize = 5000): AsyncIterable<EventRow> {
  // No lower bound on the first page: any id, even one below a column type's range, is read.
  let after: number | null = null
  for (;;) {
    let query = db.selectFrom('audit_events').selectAll()
    if (after !== null) query = query.where('id', '>', after)
    const page = (await query.orderBy('id').limit(pageSize).execute()) as EventRow[]
    yield* page
    if (page.length < pageSize) return
    after = page[page.length - 1]!.id
  }
}

const when = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC'

/**
 * Walks the whole audit trail in order, through Kysely (so any engine), and checks every link:
 * events before the chain was keyed with the public formula, keyed ones with the practice's key.
 * Once keyed, an event without the key is a forgery. Then each recorded head must still be in
 * the chain, with as many events up to it as there were: events deleted at the end, or a past
 * rewritten and re-chained, show here even when every link holds.
 */
export async function verifyAuditChain(db: Kysely<Database>, options: VerifyOptions): Promise<ChainReport> {
  const { key } = options
  const anchors = options.anchors ?? []
  const watched = new Map<number, { hash: string | null; count: number }>()
  const watchIds = new Set(anchors.map((a) => a.head.lastId))
  let prev = ''
  let events = 0
  let last: { id: number; hash: string } = { id: 0, hash: '' }
  let unkeyed = null as ChainReport['unkeyed']
  let keyed = null as ChainReport['keyed']
  let firstBroken = null as ChainReport['firstBroken']
  let keyNeeded = null as ChainReport['keyNeeded']
  const broken = (id: number, reason: string) => {
    firstBroken ??= { id, reason }
  }

  for await (const row of eventsInOrder(db)) {
    events++
    const keyId = row.key_id ?? null
    if (row.prev_hash !== prev) broken(row.id, 'its link to the previous event does not match (an event before it was changed or removed)')
    if (keyId === null) {
      if (keyed) broken(row.id, 'it carries no key, though the events before it were keyed: it was added or rewritten by someone without the practice’s key')
      else if (row.hash !== unkeyedChainHash(prev, row)) broken(row.id, 'its contents do not match its hash (it was changed)')
      else unkeyed = { first: unkeyed?.first ?? row.id, last: row.id }
    } else {
      keyed = { first: keyed?.first ?? row.id, last: row.id, keyId: keyed?.keyId ?? keyId }
      if (!key) keyNeeded ??= { from: row.id, keyId }
      else if (keyId !== key.keyId) broken(row.id, `it was keyed with a key this practice does not have (key id ${keyId}; the practice’s is ${key.keyId})`)
      else if (row.hash !== keyedChainHash(key, row.id, prev, row)) broken(row.id, 'its contents do not match its keyed hash (it was changed, or written without the practice’s key)')
    }
    if (watchIds.has(row.id)) watched.set(row.id, { hash: row.hash, count: events })
    prev = row.hash ?? ''
    last = { id: row.id, hash: prev }
  }

  const keyedFrom = keyed?.first ?? null
  const headProblems: string[] = []
  if (options.expectKeyed && keyedFrom === null) {
    headProblems.push('This chain was keyed (the practice has a key), yet no event carries the key: the keyed events were removed, or rewritten without the key.')
  }
  for (const { head, source } of anchors) {
    const at = watched.get(head.lastId)
    const on = `on ${when(head.recordedAt)} (recorded in ${source})`
    if (head.lastId > last.id) {
      headProblems.push(`Events after #${last.id} are missing: the trail reached event #${head.lastId} ${on}.`)
    } else if (head.lastId > 0 && !at) {
      headProblems.push(`Event #${head.lastId}, the last event ${on}, is missing.`)
    } else if (at && at.hash !== head.hash) {
      headProblems.push(`Event #${head.lastId} is not the one recorded ${on}: the events up to it were rewritten.`)
    } else if ((at?.count ?? 0) !== head.count) {
      headProblems.push(`There were ${head.count} events up to #${head.lastId} ${on}; there are ${at?.count ?? 0} now: some were removed.`)
    } else if (head.keyedFrom !== null && keyedFrom !== head.keyedFrom) {
      headProblems.push(`The trail was keyed from event #${head.keyedFrom} ${on}; ${keyedFrom === null ? 'no event is keyed now' : `now from #${keyedFrom}`}: it was rewritten.`)
    }
  }
  return {
    ok: !firstBroken && !keyNeeded && headProblems.length === 0,
    events,
    unkeyed,
    keyed,
    firstBroken,
    keyNeeded,
    headProblems,
    head: { lastId: last.id, hash: last.hash, count: events, keyedFrom },
  }
}

/** The report in plain words, one finding a line: what `audit:verify` prints. */
export function describeChainReport(report: ChainReport): string[] {
  const lines: string[] = []
  const { unkeyed, keyed } = report
  if (report.firstBroken) lines.push(`Audit trail BROKEN at event #${report.firstBroken.id}: ${report.firstBroken.reason}.`)
  lines.push(...report.headProblems)
  if (report.keyNeeded) {
    lines.push(`Events from #${report.keyNeeded.from} on are keyed (key id ${report.keyNeeded.keyId}) and the practice’s key was not given, so they can’t be checked.`)
  }
  if (unkeyed) {
    lines.push(`Events #${unkeyed.first}–#${unkeyed.last} were recorded before the chain was keyed: their order and contents are checked, but not who could have written them.`)
  }
  if (keyed && !report.keyNeeded && (!report.firstBroken || report.firstBroken.id > keyed.last)) {
    lines.push(`Events #${keyed.first}–#${keyed.last} are keyed with the practice’s key (key id ${keyed.keyId}): only someone holding the key could have written them.`)
  }
  if (report.ok) lines.unshift(`Audit trail intact: ${report.events} events, every link checked.`)
  return lines
}
