import { dialectOf } from '../dialect/dialect'
import { type ListCursor, afterCursor, nameOrder } from './client-name-order'
import type { Db } from './clients.repository'
import type { ClientFilter } from '../../shared/client-filter'
import { filterOnClient, filterTotal } from './client-filters'

/**
 * Every MARK_EVERY-th client's place in name order, so the list can open at any position without
 * OFFSET: a page from any position reads at most MARK_EVERY - 1 rows more than it shows.
 */
export const MARK_EVERY = 64
/** Rows read per step while building the index: a few milliseconds each, so main never stalls for a frame. */
const BUILD_STEP = 8_192
/**
 * What one step should take. A filter that holds for few clients reads many more rows than it
 * keeps (Invited at 3%: 270,000 clients for 8,192 rows, 1.5 s on SQLite's thread at 1M), so a step
 * that took longer asks for fewer rows next time, and a quick one for more.
 */
const STEP_MS = 8
const MIN_STEP = 64

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
  stamp: string
}

/**
 * One list a desk can show: the whole practice or one filter of it, and the stamp (see
 * `filterStamp`) of the database it was read at. `now` decides whether a lock still runs.
 */
export interface ListView {
  filter: ClientFilter
  stamp: string
  now: string
}

/**
 * What this process remembers of one list of one database, each part with the stamp it was read
 * at: counting a million clients takes tens of milliseconds, and the position index far longer.
 */
interface ListMemory {
  total?: { n: number; stamp: string }
  index?: PositionIndex
  building?: { stamp: string; done: Promise<PositionIndex> }
}
const memories = new WeakMap<object, Map<ClientFilter, ListMemory>>()
function memoryOf(db: Db, filter: ClientFilter): ListMemory {
  let lists = memories.get(db)
  if (!lists) memories.set(db, (lists = new Map()))
  let memory = lists.get(filter)
  if (!memory) lists.set(filter, (memory = {}))
  return memory
}

/** The list's clients, narrowed by its filter: `summaries` when the rows are wanted, `clients` with their accounts otherwise. */
export function viewRows(db: Db, view: Pick<ListView, 'filter' | 'now'>) {
  const q = db.selectFrom('clients').leftJoin('portal_accounts', 'portal_accounts.client_id', 'clients.id')
  return view.filter === 'all' ? q : q.where(filterOnClient(view.filter, view.now))
}

/**
 * The number of clients in a list at its stamp (read before this call). Counted again only when
 * the stamp has moved; a change made while counting moves it again, so the next call recounts
 * rather than keeping a count that is already behind.
 */
export async function clientTotal(db: Db, view: ListView): Promise<number> {
  const memory = memoryOf(db, view.filter)
  if (memory.total?.stamp === view.stamp) return memory.total.n
  const n = await filterTotal(db, view.filter, view.now)
  memory.total = { n, stamp: view.stamp }
  return n
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

async function buildPositionIndex(db: Db, view: ListView): Promise<PositionIndex> {
  const d = dialectOf(db)
  const marks: ListCursor[] = []
  let after: ListCursor | undefined
  let position = 0
  const build = { clients: 0, marks: 0, steps: 0, totalMs: 0, longestStepMs: 0 }
  let step = view.filter === 'all' ? BUILD_STEP : BUILD_STEP / 8
  for (;;) {
    const stepStarted = performance.now()
    let q = viewRows(db, view).select(['clients.last_name', 'clients.first_name', 'clients.id'])
    if (after) q = q.where(afterCursor(d, after))
    const [last, first, id] = nameOrder(d)
    const rows = await q.orderBy(last).orderBy(first).orderBy(id).limit(step).execute()
    for (const row of rows) {
      position += 1
      if (position % MARK_EVERY === 0) marks.push({ lastName: row.last_name, firstName: row.first_name, id: row.id })
    }
    const stepMs = performance.now() - stepStarted
    build.steps += 1
    build.totalMs += stepMs
    build.longestStepMs = Math.max(build.longestStepMs, stepMs)
    const lastRow = rows.at(-1)
    if (!lastRow || rows.length < step) break
    step = stepMs > STEP_MS ? Math.max(MIN_STEP, Math.floor((step * STEP_MS) / stepMs)) : stepMs < STEP_MS / 2 ? Math.min(BUILD_STEP, step * 2) : step
    after = { lastName: lastRow.last_name, firstName: lastRow.first_name, id: lastRow.id }
    await nextTurn()
  }
  lastBuild = { ...build, clients: position, marks: marks.length }
  return { marks, stamp: view.stamp }
}

/** The newest position marks this process holds for a list, with the stamp they were read at (none yet: undefined). */
export function rememberedMarks(db: Db, filter: ClientFilter): { marks: readonly ListCursor[]; stamp: string } | undefined {
  return memoryOf(db, filter).index
}

/**
 * The position marks of a list at its stamp (read before this call). The first call builds
 * them (in small steps, at a million clients about 120 of them), and so does the first call after
 * a client is added, removed or renamed (or, for a filter, moved in or out of it) at any desk: old marks would answer every deep position a
 * row off, so the caller waits for new ones while the event loop stays free. Calls that arrive
 * during a build for the same stamp share it.
 */
export async function positionMarks(db: Db, view: ListView): Promise<ListCursor[]> {
  const memory = memoryOf(db, view.filter)
  if (memory.index?.stamp === view.stamp) return memory.index.marks
  let building = memory.building
  if (building?.stamp !== view.stamp) {
    const done: Promise<PositionIndex> = buildPositionIndex(db, view).then(
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
    memory.building = building = { stamp: view.stamp, done }
  }
  return (await building.done).marks
}
