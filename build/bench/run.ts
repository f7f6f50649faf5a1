import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Kysely } from 'kysely'
import { openDatabase } from '../../db/connection'
import { lastPositionIndexBuild } from '../../db/repositories/client-list-positions'
import type { Database } from '../../db/schema'
import { PendingAudits } from '../../electron/main/audit/pending-audits'
import { type HandlerContext, deskActor, newDeskSession } from '../../electron/main/context'
import { DeskConfigStore } from '../../electron/main/desk/desk-config'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { PortalServerControl } from '../../electron/main/portal/portal-server-control'
import SqliteDatabase from 'better-sqlite3'
import type { Engine } from '../../db/dialect/dialect'
import { type Floors, prepareFloors } from './floors'
import { type Sample, measure, stats } from './measure'
import { type SampleTargets, buildOperations } from './operations'
import { type Practice, cachedPractice, workingCopy } from './practice-cache'
import { BENCH_STAFF } from './practice-generator'
import { seededRandom } from './prng'
import { ENGINE_NAMES, formatGoals, formatMethod, formatSize } from './report'
import { type BenchmarkResult, type Method, type OperationResult, type SizeResult, describeMethod, goalFigures, loadNow, summarise } from './results'
import { prepareServerFloors, serverClientIndexes } from './server-floors'
import { cachedServerPractice, describeServer, serverWorkingCopy } from './server-practice'
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
  /**
   * A PostgreSQL server (postgres://…, a role that may create databases) to run against as well:
   * each size is then measured on SQLite and on the server, one after the other, in this run.
   */
  serverUrl?: string
  /** How that server runs, for the method. */
  serverDescription?: string
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
export function benchContext(db: Kysely<Database>): HandlerContext {
  const staff = { ...BENCH_STAFF }
  return { db, actor: deskActor('bench-desk', staff), now: () => new Date(), portalServer: noPortalServer, session: { ...newDeskSession(), staff }, workstation: 'bench-desk', data: null, deskConfig: new DeskConfigStore(join(tmpdir(), `portico-bench-desk-${process.pid}.json`)),
    pendingAudits: new PendingAudits({ current: () => ({ db, database: 'bench' }) }),
  }
}

/** One engine's run at one size: its database opened, its floors, and what to report about its schema. */
interface EngineRun {
  engine: Engine
  db: Kysely<Database>
  floors: Floors
  clientIndexes: string[]
  practice: SizeResult['practice']
  roundTrip: SizeResult['roundTrip']
  close: () => Promise<void>
}

/** Times every operation through the real dispatcher on `run`, each case beside its floor. */
async function measureEngine(run: EngineRun, size: number, source: SqliteDatabase.Database, method: Method, progress: (line: string) => void): Promise<SizeResult> {
  const ctx = benchContext(run.db)
  // The same seed for both engines: the same cases, drawn from the cached practice file.
  const operations = buildOperations(source, run.floors, size, seededRandom(method.seed + size), method.targets)
  const call = async (channel: string, input: unknown) => {
    const result = await dispatch(handlers, ctx, channel, input, { trusted: true }, (line) => progress(line))
    if (!result.ok) throw new Error(`${channel} answered ${result.error.code}: ${result.error.message} (input ${JSON.stringify(input)})`)
  }
  const started = performance.now()
  const loadAtStart = loadNow()
  const results: OperationResult[] = []
  const samples: { name: string; samples: Sample[] }[] = []
  for (const op of operations) {
    progress(`  ${ENGINE_NAMES[run.engine]}: ${op.name}…`)
    const taken = await measure(call, op, { ms: method.budgetMsPerOperation, minSamples: method.minSamples })
    results.push(summarise(op, taken))
    samples.push({ name: op.name, samples: taken })
  }
  return {
    size,
    engine: run.engine,
    practice: run.practice,
    nameCollation: run.floors.nameCollation,
    clientIndexes: run.clientIndexes,
    floors: run.floors.explained,
    operations: results,
    goals: goalFigures(samples),
    roundTrip: run.roundTrip,
    positionIndex: lastPositionIndexBuild(),
    measureMs: performance.now() - started,
    load: { start: loadAtStart, end: loadNow(), cpus: cpus().length },
  }
}

async function sqliteRun(practice: Practice, cacheDir: string): Promise<EngineRun> {
  const copy = workingCopy(practice, cacheDir)
  const opened = await openDatabase(copy.path)
  const sqlite = sqliteOf(opened)
  const { path: _path, ...rest } = practice
  return {
    engine: 'sqlite',
    db: opened.db,
    floors: prepareFloors(sqlite),
    clientIndexes: sqlite.prepare(`select sql from sqlite_master where type = 'index' and tbl_name = 'clients' and sql is not null order by name`).pluck().all() as string[],
    practice: { ...rest, file: practice.path },
    roundTrip: null,
    close: async () => {
      await opened.db.destroy()
      if (sqlite.open) sqlite.close()
      copy.remove()
    },
  }
}

async function serverRun(serverUrl: string, size: number, method: Method, rebuild: boolean, progress: (line: string) => void): Promise<EngineRun> {
  progress(`${size.toLocaleString('en-US')} clients on PostgreSQL: preparing the practice…`)
  const practice = await cachedServerPractice({ serverUrl, size, seed: method.seed, rebuild })
  progress(practice.cached ? `  reused database ${practice.database}` : `  built database ${practice.database} in ${((practice.buildMs ?? 0) / 1000).toFixed(1)} s`)
  const copy = await serverWorkingCopy(serverUrl, practice)
  const opened = await openDatabase(copy.url)
  const floors = await prepareServerFloors(copy.url)
  await floors.roundTrips(50)
  const roundTrip = stats(await floors.roundTrips(500))
  return {
    engine: 'postgres',
    db: opened.db,
    floors,
    clientIndexes: (await serverClientIndexes(copy.url)).map((def) => def.replace(/^CREATE (UNIQUE )?INDEX /, '$1').replace(/ ON public\.clients USING btree/, '')),
    roundTrip,
    practice: { size, cached: practice.cached, buildMs: practice.buildMs, buildPhases: practice.buildPhases, fileBytes: practice.bytes, counts: practice.counts, file: `database ${practice.database} on ${new URL(serverUrl).host}` },
    close: async () => {
      await floors.close()
      await opened.db.destroy()
      await copy.remove()
    },
  }
}

async function runSize(size: number, method: Method, options: { cacheDir: string; rebuild: boolean; serverUrl: string | null }, progress: (line: string) => void): Promise<SizeResult[]> {
  progress(`${size.toLocaleString('en-US')} clients: preparing the practice…`)
  const practice = await cachedPractice({ cacheDir: options.cacheDir, size, seed: method.seed, rebuild: options.rebuild })
  progress(practice.cached ? `  reused ${practice.path}` : `  built ${practice.path} in ${((practice.buildMs ?? 0) / 1000).toFixed(1)} s`)
  // The cases are drawn from the cached file, which nothing writes to.
  const source = new SqliteDatabase(practice.path, { readonly: true, fileMustExist: true })
  const results: SizeResult[] = []
  try {
    const runs: (() => Promise<EngineRun>)[] = [() => sqliteRun(practice, options.cacheDir)]
    if (options.serverUrl) runs.push(() => serverRun(options.serverUrl!, size, method, options.rebuild, progress))
    for (const open of runs) {
      const run = await open()
      try {
        results.push(await measureEngine(run, size, source, method, progress))
      } finally {
        await run.close()
      }
    }
  } finally {
    source.close()
  }
  return results
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
  const server = options.serverUrl ? { description: options.serverDescription ?? new URL(options.serverUrl).host, settings: await describeServer(options.serverUrl) } : null
  const method = describeMethod({ sizes: options.sizes, runs, seed, minSamples: MIN_SAMPLES, server }, targets, Math.max(1000, BASE_BUDGET_MS * runs))
  print(formatMethod(method))
  const results: SizeResult[] = []
  for (const size of options.sizes) {
    const both = await runSize(size, method, { cacheDir, rebuild: options.rebuild ?? false, serverUrl: options.serverUrl ?? null }, progress)
    results.push(...both)
    for (const result of both) print(formatSize(result))
    print(formatGoals(both))
  }
  return { method, results }
}
