import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { type BenchmarkResult, runBenchmark } from '../../build/bench/run'
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
