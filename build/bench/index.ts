import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startBenchServer } from './bench-server'
import { DEFAULT_SIZES, runBenchmark } from './run'

/**
 * `npm run bench [-- --sizes 10000,100000,1000000] [--runs N] [--json out.json] [--rebuild] [--db postgres[://…]]`:
 * times search, profile, portal toggle and list paging through the real handlers on synthetic
 * practices cached under .cache/bench. Tables go to stdout, progress to stderr.
 *
 * `--db postgres://user:password@host:port/database` measures that PostgreSQL server too, after
 * SQLite at each size (the role must be allowed to create databases; the bench makes and drops
 * `portico_bench_*` databases beside the one named). `--db postgres` alone starts a private
 * server for it, kept with its cached practices in .cache/bench/postgres.
 */
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: DEFAULT_SIZES.join(',') },
    runs: { type: 'string', default: '1' },
    json: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    db: { type: 'string' },
  },
})

const sizes = values.sizes.split(',').map((s) => Number(s.trim().replace(/_/g, '')))
const runs = Number(values.runs)
if (sizes.some((n) => !Number.isInteger(n) || n < 200)) {
  console.error(`--sizes takes whole numbers of clients, at least 200 each, separated by commas (got "${values.sizes}").`)
  process.exit(2)
}
if (!Number.isFinite(runs) || runs <= 0) {
  console.error(`--runs takes a positive number that scales the samples, such as 0.1 or 3 (got "${values.runs}").`)
  process.exit(2)
}

const db = values.db?.trim()
if (db !== undefined && db !== 'postgres' && !/^postgres(ql)?:\/\/./.test(db)) {
  console.error(`--db takes a PostgreSQL server's address (postgres://user:password@host:port/database), or "postgres" for a private one (got "${db}").`)
  process.exit(2)
}

async function main(): Promise<void> {
  const cacheDir = resolve('.cache/bench')
  const server = db === 'postgres' ? await startBenchServer(cacheDir, (line) => console.error(line)) : null
  try {
    const serverUrl = server?.url ?? db
    const result = await runBenchmark({
      sizes,
      runs,
      cacheDir,
      rebuild: values.rebuild,
      ...(serverUrl ? { serverUrl, serverDescription: server?.describe ?? `the server at ${new URL(serverUrl).host}` } : {}),
      print: (text) => console.log(text),
      progress: (line) => console.error(line),
    })
    if (values.json) {
      writeFileSync(resolve(values.json), `${JSON.stringify(result, null, 2)}\n`)
      console.error(`Results written to ${resolve(values.json)}`)
    }
  } finally {
    await server?.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exit(1)
})
