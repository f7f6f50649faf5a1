import { existsSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { type BenchmarkResult, runBenchmark } from '../../build/bench/run'
import { DIALECTS } from '../support/dialects'
import { tempDir } from '../support/temp-db'

const OPERATIONS = ['search, 1 char', 'search, 2 chars', 'search, 3 chars', 'search, 4 chars', 'search, full name', 'open a profile', 'toggle portal access', 'list page', 'list from a position']

/** Every number in the result, with where it sits, so one that is NaN or Infinity is named. */
function numbers(value: unknown, path = 'result'): [string, number][] {
  if (typeof value === 'number') return [[path, value]]
  if (Array.isArray(value)) return value.flatMap((v, i) => numbers(v, `${path}[${i}]`))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`))
  return []
}

// A smoke test only: it checks the benchmark still runs through the real handlers, never how fast.
describe('the benchmark at a small size', () => {
  const cache = tempDir('portico-bench-')
  afterAll(() => cache.cleanup())
  let first: BenchmarkResult

  test('times every operation, each with samples and finite numbers', async () => {
    const printed: string[] = []
    first = await runBenchmark({ sizes: [2000], runs: 0.05, cacheDir: cache.dir, print: (text) => printed.push(text) })
    const [result] = first.results
    expect(result?.size).toBe(2000)
    expect(result?.practice.counts.clients).toBe(2000)
    expect(result?.operations.map((op) => op.name)).toEqual(OPERATIONS)
    for (const op of result!.operations) {
      expect(op.handler.n, op.name).toBeGreaterThan(0)
      expect(op.floor.n, op.name).toBe(op.handler.n)
    }
    expect(numbers(first).filter(([, n]) => !Number.isFinite(n))).toEqual([])
    expect(result?.floors.map((f) => f.name)).toEqual(['search (last name only, reference)', 'search: last_name', 'search: first_name', 'search: preferred_name', 'search: username_key', 'search: email', 'search: phone_digits', 'search: phone_tail', 'full name: first = ? and last like ?', 'profile', 'toggle', 'page'])
    expect(printed.join('\n')).toContain('toggle portal access')
  })

  test('a second run reuses the cached practice and leaves no working copy behind', async () => {
    const again = await runBenchmark({ sizes: [2000], runs: 0.05, cacheDir: cache.dir })
    expect(first.results[0]?.practice.cached).toBe(false)
    expect(again.results[0]?.practice.cached).toBe(true)
    expect(again.results[0]?.practice.counts).toEqual(first.results[0]?.practice.counts)
    expect(existsSync(join(cache.dir, 'run-2000.sqlite3'))).toBe(false)
  })
})

/** The databases on the suite's server whose names start with `prefix`. */
async function databasesNamed(adminUrl: string, prefix: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return (await client.query<{ datname: string }>('select datname from pg_database where datname like $1 order by datname', [`${prefix}%`])).rows.map((r) => r.datname)
  } finally {
    await client.end()
  }
}

describe.runIf(DIALECTS.includes('postgres'))('the benchmark against a PostgreSQL server, at a small size', () => {
  const cache = tempDir('portico-bench-server-')
  afterAll(() => cache.cleanup())

  test('measures every operation on SQLite and then on the server, with floors of its own, and keeps the server practice for the next run', { timeout: 120_000 }, async () => {
    const serverUrl = inject('postgresAdminUrl')
    const printed: string[] = []
    const run = await runBenchmark({ sizes: [2000], runs: 0.05, cacheDir: cache.dir, serverUrl, print: (text) => printed.push(text) })
    expect(run.method.server?.settings).toMatch(/server_version 1\d/)
    expect(run.results.map((r) => r.engine)).toEqual(['sqlite', 'postgres'])
    const [sqlite, server] = run.results as [BenchmarkResult['results'][0], BenchmarkResult['results'][0]]
    expect(server.operations.map((op) => op.name)).toEqual(OPERATIONS)
    for (const op of server.operations) {
      expect(op.handler.n, op.name).toBeGreaterThan(0)
      expect(op.floor.n, op.name).toBe(op.handler.n)
    }
    // The same practice on both engines: the same rows, so the same counts.
    expect(server.practice.counts).toEqual(sqlite.practice.counts)
    expect(server.floors.map((f) => f.name)).toEqual(['search (last name only, reference)', 'search: one word, every field', 'search: phone digits', 'full name: the four name pairs', 'profile', 'toggle', 'page'])
    expect(numbers(run).filter(([, n]) => !Number.isFinite(n))).toEqual([])
    expect(printed.join('\n')).toContain('2,000 clients: goals')

    expect(await databasesNamed(serverUrl, 'portico_bench_')).toEqual(['portico_bench_2000'])
    const again = await runBenchmark({ sizes: [2000], runs: 0.05, cacheDir: cache.dir, serverUrl })
    expect(server.practice.cached).toBe(false)
    expect(again.results[1]?.practice.cached).toBe(true)
  })
})
