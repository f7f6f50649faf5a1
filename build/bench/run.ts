import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Kysely } from 'kysely'
import { openDatabase } from '../../db/connection'
import { lastPositionIndexBuild } from '../../db/repositories/client-list-positions'
import type { Database } from '../../db/schema'
import { type HandlerContext, deskActor, newDeskSession } from '../../electron/main/context'
import { DeskConfigStore } from '../../electron/main/desk/desk-config'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { PortalServerControl } from '../../electron/main/portal/portal-server-control'
import { prepareFloors } from './floors'
import { measure } from './measure'
import { type SampleTargets, buildOperations } from './operations'
import { cachedPractice, workingCopy } from './practice-cache'
import { BENCH_STAFF } from './practice-generator'
import { seededRandom } from './prng'
import { formatMethod, formatSize } from './report'
import { type BenchmarkResult, type Method, type OperationResult, type SizeResult, describeMethod, summarise } from './results'
import { sqliteHandle } from '../../db/dialect/store'

const sqliteOf = (opened: { store: Parameters<typeof sqliteHandle>[0] }) => sqliteHandle(opened.store)

export type { BenchmarkResult } from './results'

export const DEFAULT_SEED = 20260501
export const DEFAULT_SIZES = [10_000, 100_000]
/** Samples per operation at `runs: 1`; `runs` scales them (and the time budget). */
const BASE_TARGETS: SampleTargets = { searchPerLength: 200, profile: 300, toggle: 150, page: 300, warmup: 0.1 }
const BASE_BUDGET_MS = 15_000
const MIN_SAMPLES = 5

export interface BenchmarkOptions {
  sizes: number[]
  /** Scales the number of samples (and the time allowed per operation); 1 by default. */
  runs?: number
  cacheDir?: string
  seed?: number
  /** Build the practices afresh even when the cache is current. */
  rebuild?: boolean
  /** Receives the method and each size's table as they are ready. */
  print?: (text: string) => void
  /** Receives progress lines (building, measuring). */
  progress?: (line: string) => void
}

/** The benchmark does not serve the portal: a control that refuses, should a handler ever ask. */
const noPortalServer: PortalServerControl = {
  status: () => Promise.reject(new Error('The benchmark does not serve the portal.')),
  apply: () => Promise.reject(new Error('The benchmark does not serve the portal.')),
  setCertificate: () => Promise.reject(new Error('The benchmark does not serve the portal.')),
  removeCertificate: () => Promise.reject(new Error('The benchmark does not serve the portal.')),
  resume: async () => undefined,
  stop: async () => undefined,
}

/** Main's context, signed in as the practice's admin, as the desk would be. */
function benchContext(db: Kysely<Database>): HandlerContext {
  const staff = { ...BENCH_STAFF }
  return { db, actor: deskActor('bench-desk', staff), now: () => new Date(), portalServer: noPortalServer, session: { ...newDeskSession(), staff }, workstation: 'bench-desk', data: null, deskConfig: new DeskConfigStore(join(tmpdir(), `portico-bench-desk-${process.pid}.json`)) }
}

async function runSize(size: number, method: Method, cacheDir: string, rebuild: boolean, progress: (line: string) => void): Promise<SizeResult> {
  progress(`${size.toLocaleString('en-US')} clients: preparing the practice…`)
  const practice = await cachedPractice({ cacheDir, size, seed: method.seed, rebuild })
  progress(practice.cached ? `  reused ${practice.path}` : `  built ${practice.path} in ${((practice.buildMs ?? 0) / 1000).toFixed(1)} s`)
  const copy = workingCopy(practice, cacheDir)
  const opened = await openDatabase(copy.path)
  try {
    const ctx = benchContext(opened.db)
    const floors = prepareFloors(sqliteOf(opened))
    const operations = buildOperations(sqliteOf(opened), floors, size, seededRandom(method.seed + size), method.targets)
    const call = async (channel: string, input: unknown) => {
      const result = await dispatch(handlers, ctx, channel, input, { trusted: true }, (line) => progress(line))
      if (!result.ok) throw new Error(`${channel} answered ${result.error.code}: ${result.error.message} (input ${JSON.stringify(input)})`)
    }
    const started = performance.now()
    const results: OperationResult[] = []
    for (const op of operations) {
      progress(`  ${op.name}…`)
      const samples = await measure(call, op, { ms: method.budgetMsPerOperation, minSamples: method.minSamples })
      results.push(summarise(op, samples))
    }
    const { path: _path, ...rest } = practice
    return {
      size,
      practice: { ...rest, file: practice.path },
      nameCollation: floors.nameCollation,
      clientIndexes: sqliteOf(opened).prepare(`select sql from sqlite_master where type = 'index' and tbl_name = 'clients' and sql is not null order by name`).pluck().all() as string[],
      floors: floors.explained,
      operations: results,
      positionIndex: lastPositionIndexBuild(),
      measureMs: performance.now() - started,
    }
  } finally {
    await opened.db.destroy()
    if (sqliteOf(opened).open) sqliteOf(opened).close()
    copy.remove()
  }
}

/**
 * Builds (or reuses) a synthetic practice of each size and times the desk's hot channels through
 * the real dispatcher and handlers, each beside its floor. Prints as it goes through `print`.
 */
export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkResult> {
  const runs = options.runs ?? 1
  const seed = options.seed ?? DEFAULT_SEED
  const cacheDir = options.cacheDir ?? resolve('.cache/bench')
  const print = options.print ?? (() => undefined)
  const progress = options.progress ?? (() => undefined)
  const scale = (n: number, min: number) => Math.max(min, Math.round(n * runs))
  const targets: SampleTargets = {
    searchPerLength: scale(BASE_TARGETS.searchPerLength, 5),
    profile: scale(BASE_TARGETS.profile, 3),
    toggle: scale(BASE_TARGETS.toggle, 3),
    page: scale(BASE_TARGETS.page, 3),
    warmup: BASE_TARGETS.warmup,
  }
  const method = describeMethod({ sizes: options.sizes, runs, seed, minSamples: MIN_SAMPLES }, targets, Math.max(1000, BASE_BUDGET_MS * runs))
  print(formatMethod(method))
  const results: SizeResult[] = []
  for (const size of options.sizes) {
    const result = await runSize(size, method, cacheDir, options.rebuild ?? false, progress)
    results.push(result)
    print(formatSize(result))
  }
  return { method, results }
}
