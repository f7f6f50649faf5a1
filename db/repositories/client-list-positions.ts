import { dialectOf } from '../dialect/dialect'
import { type ListCursor, afterCursor, nameOrder } from './client-name-order'
import type { Db } from './clients.repository'

/**
 * Every MARK_EVERY-th client's place in name order, so the list can open at any position without
 * OFFSET: a page from any position reads at most MARK_EVERY - 1 rows more than it shows.
 */
export const MARK_EVERY = 64
/** Rows read per step while building the index: a few milliseconds each, so main never stalls for a frame. */
const BUILD_STEP = 8_192

/**
 * How many times clients were added, removed or renamed, at any desk: the database's triggers
 * count it (migration 0007). One read of a one-row table, so every list call can afford it.
 */
export async function clientListVersion(db: Db): Promise<number> {
  const { version } = await db.selectFrom('client_list_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow()
  return Number(version)
}

interface PositionIndex {
  /** marks[k] is the row just before position k × MARK_EVERY (none for k = 0). */
  marks: ListCursor[]
  version: number
}

/**
 * What this process remembers of one database's list, each part with the list version it was read
 * at: counting a million clients takes tens of milliseconds, and the position index far longer.
 */
interface ListMemory {
  total?: { n: number; version: number }
  index?: PositionIndex
  building?: { version: number; done: Promise<PositionIndex> }
}
const memories = new WeakMap<object, ListMemory>()
function memoryOf(db: Db): ListMemory {
  let memory = memories.get(db)
  if (!memory) memories.set(db, (memory = {}))
  return memory
}

/**
 * The number of clients at list version `version` (read before this call). Counted again only
 * when the version has moved; a change made while counting moves it again, so the next call
 * recounts rather than keeping a count that is already behind.
 */
export async function clientTotal(db: Db, version: number): Promise<number> {
  const memory = memoryOf(db)
  if (memory.total?.version === version) return memory.total.n
  const { n } = await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  memory.total = { n: Number(n), version }
  return Number(n)
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** How the newest position index was built: for the benchmark's report. */
export interface PositionIndexBuild {
  clients: number
  marks: number
  steps: number
  totalMs: number
  longestStepMs: number
}
let lastBuild: PositionIndexBuild | null = null
export const lastPositionIndexBuild = (): PositionIndexBuild | null => lastBuild

async function buildPositionIndex(db: Db, version: number): Promise<PositionIndex> {
  const d = dialectOf(db)
  const marks: ListCursor[] = []
  let after: ListCursor | undefined
  let position = 0
  const build = { clients: 0, marks: 0, steps: 0, totalMs: 0, longestStepMs: 0 }
  for (;;) {
    const stepStarted = performance.now()
    let q = db.selectFrom('clients').select(['last_name', 'first_name', 'id'])
    if (after) q = q.where(afterCursor(d, after))
    const [last, first, id] = nameOrder(d)
    const rows = await q.orderBy(last).orderBy(first).orderBy(id).limit(BUILD_STEP).execute()
    for (const row of rows) {
      position += 1
      if (position % MARK_EVERY === 0) marks.push({ lastName: row.last_name, firstName: row.first_name, id: row.id })
    }
    const stepMs = performance.now() - stepStarted
    build.steps += 1
    build.totalMs += stepMs
    build.longestStepMs = Math.max(build.longestStepMs, stepMs)
    const lastRow = rows.at(-1)
    if (!lastRow || rows.length < BUILD_STEP) break
    after = { lastName: lastRow.last_name, firstName: lastRow.first_name, id: lastRow.id }
    await nextTurn()
  }
  lastBuild = { ...build, clients: position, marks: marks.length }
  return { marks, version }
}

/**
 * The position marks at list version `version` (read before this call). The first call builds
 * them (in small steps, at a million clients about 120 of them), and so does the first call after
 * a client is added, removed or renamed at any desk: old marks would answer every deep position a
 * row off, so the caller waits for new ones while the event loop stays free. Calls that arrive
 * during a build for the same version share it.
 */
export async function positionMarks(db: Db, version: number): Promise<ListCursor[]> {
  const memory = memoryOf(db)
  if (memory.index?.version === version) return memory.index.marks
  let building = memory.building
  if (building?.version !== version) {
    const done: Promise<PositionIndex> = buildPositionIndex(db, version).then(
      (index) => {
        // A build for a newer version may have started meanwhile: that one is kept, not this.
        if (memory.building?.done === done) [memory.index, memory.building] = [index, undefined]
        return index
      },
      (error: unknown) => {
        if (memory.building?.done === done) memory.building = undefined
        throw error
      },
    )
    memory.building = building = { version, done }
  }
  return (await building.done).marks
}
