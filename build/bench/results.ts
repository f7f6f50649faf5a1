import { readFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os'
import { resolve } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import type { Engine } from '../../db/dialect/dialect'
import { migrations } from '../../db/migrations'
import type { PositionIndexBuild } from '../../db/repositories/client-list-positions'
import type { ExplainedFloor } from './floors'
import { FRAME_MS, type Sample, type Stats, stats } from './measure'
import { type SampleTargets, listTakesCursor } from './operations'
import { type Practice, migrationsFingerprint } from './practice-cache'
import { GENERATOR_VERSION } from './practice-generator'

/** What ran, where and how: printed before any number, and kept in the JSON. */
export interface Method {
  /** The PostgreSQL server measured beside SQLite, if any: where it runs, and its version and settings. */
  server: { description: string; settings: string } | null
  startedAt: string
  machine: { os: string; cpu: string; cpus: number; memoryBytes: number }
  versions: { node: string; betterSqlite3: string; sqlite: string; kysely: string }
  sizes: number[]
  runs: number
  seed: number
  generatorVersion: number
  migrations: string[]
  migrationsFingerprint: string
  targets: SampleTargets
  budgetMsPerOperation: number
  minSamples: number
  listTakesCursor: boolean
}

export interface OperationResult {
  name: string
  channel: string
  note: string
  handler: Stats
  floor: Stats
  /** Handler p50 / floor p50. */
  ratio: number
  /** The longest call, which (never yielding) blocked main's event loop for all of it. */
  blocking: { maxMs: number; slowest: string; overFrame: number; yielded: number }
  byKind: { kind: string; handler: Stats; floor: Stats }[]
  /** Search only: the last-name-only reference floor, and handler p50 / its p50. */
  reference?: { floor: Stats; ratio: number }
}

/** The figures issue 11 sets goals for, from every call at one size on one engine. */
export interface GoalFigures {
  /** Every search call (one to four characters, and full names) together. */
  searchP50: number
  searchP99: number
  /** The median over those calls of each call's time over its floor's. */
  searchRatio: number
  toggleP99: number | null
  pageP99: number | null
  positionP99: number | null
  /** The longest handler call of all, and which operation it was. */
  longest: { ms: number; operation: string }
}

export interface SizeResult {
  size: number
  engine: Engine
  practice: Omit<Practice, 'path'> & { file: string }
  nameCollation: string
  clientIndexes: string[]
  floors: ExplainedFloor[]
  operations: OperationResult[]
  goals: GoalFigures
  /** How main's position index for the scrolling list was built (by the first deep position asked for). */
  positionIndex: PositionIndexBuild | null
  measureMs: number
  /** PostgreSQL only: one round trip to the server (a prepared `select 1`), timed before the operations. */
  roundTrip: Stats | null
  /** The machine's 1, 5 and 15 minute load averages when the measuring started and ended (other work skews the figures). */
  load: { start: number[]; end: number[]; cpus: number }
}

export interface BenchmarkResult {
  method: Method
  results: SizeResult[]
}

const packageVersion = (name: string) =>
  (JSON.parse(readFileSync(resolve(__dirname, '../../node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

export function describeMethod(options: { sizes: number[]; runs: number; seed: number; minSamples: number; server: Method['server'] }, targets: SampleTargets, budgetMs: number): Method {
  const memory = new SqliteDatabase(':memory:')
  const sqlite = memory.prepare('select sqlite_version()').pluck().get() as string
  memory.close()
  return {
    server: options.server,
    startedAt: new Date().toISOString(),
    machine: { os: `${osType()} ${release()} ${process.arch}`, cpu: cpus()[0]?.model.trim() ?? 'unknown', cpus: cpus().length, memoryBytes: totalmem() },
    versions: { node: process.version, betterSqlite3: packageVersion('better-sqlite3'), sqlite, kysely: packageVersion('kysely') },
    sizes: options.sizes,
    runs: options.runs,
    seed: options.seed,
    generatorVersion: GENERATOR_VERSION,
    migrations: Object.keys(migrations).sort(),
    migrationsFingerprint: migrationsFingerprint(),
    targets,
    budgetMsPerOperation: budgetMs,
    minSamples: options.minSamples,
    listTakesCursor: listTakesCursor(),
  }
}

/** One operation's samples as percentiles, overall and for each kind of case. */
export function summarise(op: { name: string; channel: string; note: string }, samples: Sample[]): OperationResult {
  const handler = stats(samples.map((s) => s.handlerMs))
  const floor = stats(samples.map((s) => s.floorMs))
  const slowest = samples.reduce((a, b) => (b.handlerMs > a.handlerMs ? b : a), samples[0]!)
  const kinds = [...new Set(samples.map((s) => s.kind))]
  const referenceMs = samples.flatMap((s) => (s.referenceMs === undefined ? [] : [s.referenceMs]))
  const referenceFloor = referenceMs.length > 0 ? stats(referenceMs) : undefined
  return {
    ...(referenceFloor ? { reference: { floor: referenceFloor, ratio: handler.p50 / Math.max(referenceFloor.p50, 0.001) } } : {}),
    name: op.name,
    channel: op.channel,
    note: op.note,
    handler,
    floor,
    ratio: handler.p50 / Math.max(floor.p50, 0.001),
    blocking: {
      maxMs: handler.max,
      slowest: `${slowest.kind}: ${slowest.label}`,
      overFrame: samples.filter((s) => s.handlerMs > FRAME_MS).length,
      yielded: samples.filter((s) => s.yielded).length,
    },
    byKind: kinds.map((kind) => {
      const mine = samples.filter((s) => s.kind === kind)
      return { kind, handler: stats(mine.map((s) => s.handlerMs)), floor: stats(mine.map((s) => s.floorMs)) }
    }),
  }
}

/** The goal figures from each operation's samples, named as the operations are in operations.ts. */
export function goalFigures(operations: { name: string; samples: Sample[] }[]): GoalFigures {
  const search = operations.filter((op) => op.name.startsWith('search')).flatMap((op) => op.samples)
  const p99Of = (name: string) => {
    const op = operations.find((o) => o.name === name)
    return op && op.samples.length > 0 ? stats(op.samples.map((s) => s.handlerMs)).p99 : null
  }
  const handler = stats(search.map((s) => s.handlerMs))
  const longest = operations
    .flatMap((op) => op.samples.map((s) => ({ ms: s.handlerMs, operation: `${op.name} (${s.kind}: ${s.label})` })))
    .reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, operation: 'none' })
  return {
    searchP50: handler.p50,
    searchP99: handler.p99,
    searchRatio: stats(search.map((s) => s.handlerMs / Math.max(s.floorMs, 0.001))).p50,
    toggleP99: p99Of('toggle portal access'),
    pageP99: p99Of('list page'),
    positionP99: p99Of('list from a position'),
    longest,
  }
}

/** The machine's load averages now, rounded for the report. */
export const loadNow = (): number[] => loadavg().map((n) => Math.round(n * 100) / 100)
